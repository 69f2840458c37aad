/**
 * The one AWS transport of the Lambda functions: each request signed with SigV4 by `aws4` and
 * sent with Node's own `http`/`https` over kept-alive connections, retried as the AWS SDKs
 * retry. Calls are raw protocol requests — the AWS JSON protocol for DynamoDB, SQS and Secrets
 * Manager, the query protocol for SNS. Issue 13: the SDK's clients were most of each bundle;
 * `@aws-lite/client` after them was 90 KB of the public bundle and cost ~40 µs more per request
 * than these few lines over the same signer (`npm run bench`, docs/performance.md).
 *
 * Importing this module does no network and no file work; the signer and the HTTP module load
 * on the first call. On Lambda, credentials and region come from the environment (aws4 reads
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`); with a local endpoint
 * (DynamoDB Local, fauxqs) fixed local ones.
 */

import type { Agent, IncomingMessage, RequestOptions } from 'node:http';

/** The SDKs' default: 3 attempts in all. */
const RETRIES = 2;
/** Full-jitter backoff, the SDKs' base and cap: a random wait below 100 ms × 2ⁿ. */
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 20_000;
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface AwsServiceOptions {
  region: string;
  /** A local emulator's URL (DynamoDB Local, fauxqs); unset on AWS. */
  endpoint?: string | undefined;
}

/** An error AWS answered with: `name` is the error code (`ConditionalCheckFailedException`), the answer's other fields ride along (`CancellationReasons`). */
export class AwsServiceError extends Error {
  [field: string]: unknown;

  constructor(
    name: string,
    message: string,
    readonly statusCode: number,
    fields: Record<string, unknown> = {},
  ) {
    super(message);
    Object.assign(this, fields);
    this.name = name;
  }
}

/** The code of an AWS error type: `com.amazonaws.dynamodb.v20120810#ThrottlingException` → `ThrottlingException`. */
const errorCode = (type: string) => type.slice(type.lastIndexOf('#') + 1);

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const xmlElement = (xml: string, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1]?.replace(/&(amp|lt|gt|quot|apos);/g, (_, entity: string) => XML_ENTITIES[entity]!);

/**
 * An error answer as `AwsServiceError`. JSON protocol: `{ "__type": "…#Code", "message": "…", …fields }`.
 * Query protocol (SNS): `<ErrorResponse><Error><Code>…</Code><Message>…</Message></Error></ErrorResponse>`.
 * Anything else (an HTML page from a proxy, an empty body) is named by its status.
 */
export function errorFromAnswer(statusCode: number, body: string): AwsServiceError {
  const fallback = `HttpError${statusCode}`;
  if (body.trimStart().startsWith('<')) {
    const code = xmlElement(body, 'Code') ?? fallback;
    return new AwsServiceError(code, xmlElement(body, 'Message') ?? code, statusCode);
  }
  let answer: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') answer = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: named by its status.
  }
  const { __type, code, message, Message, ...fields } = answer;
  const name = errorCode(String(__type ?? code ?? fallback));
  return new AwsServiceError(name, String(message ?? Message ?? name), statusCode, fields);
}

/** Connection failures worth another attempt (the SDKs' list). */
const RETRYABLE_CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', 'EMFILE']);
/** Error codes the SDKs retry: throttling, transient and clock skew. */
const RETRYABLE_ERROR_CODES = new Set([
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
]);

export function isRetryable(error: unknown): boolean {
  if (error instanceof AwsServiceError) return error.statusCode >= 500 || error.statusCode === 429 || RETRYABLE_ERROR_CODES.has(error.name);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_CONNECTION_ERRORS.has(code);
}

/** Where a service's requests go, with the signer and HTTP module, made on the first call. */
interface Connection {
  sign: typeof import('aws4').sign;
  request: typeof import('node:http').request;
  agent: Agent;
  host: string;
  port: number | undefined;
  credentials: typeof LOCAL_CREDENTIALS | undefined;
}

/**
 * The URL a service's requests go to: the local emulator's, or AWS's regional endpoint — the
 * host aws4 derives (`dynamodb.eu-west-1.amazonaws.com`).
 */
export const serviceEndpoint = (service: string, options: AwsServiceOptions): string =>
  options.endpoint ?? `https://${service}.${options.region}.amazonaws.com`;

function connectionOnFirstUse(service: string, options: AwsServiceOptions): () => Promise<Connection> {
  let made: Promise<Connection> | undefined;
  return () => {
    made ??= (async () => {
      const url = new URL(serviceEndpoint(service, options));
      const [aws4, http] = await Promise.all([import('aws4'), url.protocol === 'https:' ? import('node:https') : import('node:http')]);
      return {
        // A CommonJS module: Node's ESM loader sees no named exports in it, only the default.
        sign: aws4.default.sign,
        request: http.request as Connection['request'],
        // Kept-alive connections: a warm function reuses its TLS session instead of a handshake per call.
        agent: new http.Agent({ keepAlive: true }),
        host: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        credentials: options.endpoint ? LOCAL_CREDENTIALS : undefined,
      };
    })();
    return made;
  };
}

/** One signed POST; resolves with the answer's status and body, rejects on a connection error. */
async function post(connection: Connection, service: string, region: string, headers: Record<string, string>, body: string): Promise<{ statusCode: number; body: string }> {
  const { sign, request, agent, host, port, credentials } = connection;
  const signed = sign({ host, ...(port ? { port } : {}), method: 'POST', path: '/', service, region, headers: { ...headers }, body }, credentials);
  const options: RequestOptions = { host, port, method: 'POST', path: '/', headers: signed.headers, agent };
  return new Promise((resolve, reject) => {
    const sent = request(options, (answer: IncomingMessage) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => resolve({ statusCode: answer.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      answer.on('error', reject);
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A signed POST to a service, retried on throttling, 5xx and dropped connections; an error answer throws `AwsServiceError`. */
export function signedPost(service: string, options: AwsServiceOptions): (headers: Record<string, string>, body: string) => Promise<string> {
  const connection = connectionOnFirstUse(service, options);
  return async (headers, body) => {
    const connected = await connection();
    for (let attempt = 0; ; attempt++) {
      try {
        const answer = await post(connected, service, options.region, headers, body);
        if (answer.statusCode >= 200 && answer.statusCode < 300) return answer.body;
        throw errorFromAnswer(answer.statusCode, answer.body);
      } catch (error) {
        if (attempt >= RETRIES || !isRetryable(error)) throw error;
        await pause(Math.min(BACKOFF_CAP_MS, Math.floor(Math.random() * BACKOFF_BASE_MS * 2 ** attempt)));
      }
    }
  };
}

/** An AWS JSON-protocol service: `call(operation, input)` answers the operation's output. */
export interface AwsJsonProtocol {
  /** SigV4's service name: `dynamodb`, `sqs`, `secretsmanager`. */
  service: string;
  /** The X-Amz-Target prefix: `DynamoDB_20120810`, `AmazonSQS`, `secretsmanager`. */
  target: string;
  version: '1.0' | '1.1';
}

export type AwsJsonCall = (operation: string, input: object) => Promise<Record<string, unknown>>;

export function awsJsonService(protocol: AwsJsonProtocol, options: AwsServiceOptions): AwsJsonCall {
  const send = signedPost(protocol.service, options);
  const contentType = `application/x-amz-json-${protocol.version}`;
  return async (operation, input) => {
    const body = await send({ 'content-type': contentType, 'x-amz-target': `${protocol.target}.${operation}` }, JSON.stringify(input));
    return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  };
}
