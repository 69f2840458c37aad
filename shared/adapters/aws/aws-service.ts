/**
 * The one AWS transport of the Lambda functions: `@aws-lite/client` (SigV4 signing, keep-alive,
 * retries with jittered backoff) instead of the AWS SDK's clients, whose shared middleware core
 * was most of each bundle (cold start, issue 13). Calls are raw protocol requests — the AWS
 * JSON protocol for DynamoDB, SQS and Secrets Manager, the query protocol for SNS — so no
 * aws-lite plugin is loaded.
 *
 * A client is made on the first call (aws-lite's factory is async and resolves credentials):
 * importing this module does no network and no file work. On Lambda, credentials and region
 * come from the environment; with a local endpoint (DynamoDB Local, fauxqs) fixed local ones.
 */

import type awsLite from '@aws-lite/client';

/** The SDK clients' default (3 attempts): the same retry budget, with aws-lite's backoff (100 ms × 2ⁿ, jittered). */
const RETRIES = 2;
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface AwsServiceOptions {
  region: string;
  /** A local emulator's URL (DynamoDB Local, fauxqs); unset on AWS. */
  endpoint?: string | undefined;
}

type AwsLiteClient = Awaited<ReturnType<typeof awsLite>>;
/** aws-lite reads a per-request `endpoint` as it reads the client's (its `getEndpointParams`); its types name only host, port and protocol. */
type AwsLiteRequest = Parameters<AwsLiteClient>[0] & { endpoint?: string };

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

/**
 * aws-lite's thrown shapes as `AwsServiceError`: an answered error carries `statusCode` and
 * the body's fields (JSON: `__type`, `message`; query protocol: `Code`, `Message`). Anything
 * else (a socket error) passes through as it is.
 */
export function toServiceError(error: unknown): unknown {
  const thrown = error as Record<string, unknown> | null;
  if (!thrown || typeof thrown.statusCode !== 'number') return error;
  const { statusCode, headers: _headers, metadata: _metadata, service: _service, time: _time, __type, code, message, Code, Message, Type: _type, ...fields } = thrown;
  const name = errorCode(String(__type ?? Code ?? code ?? `HttpError${statusCode}`));
  // aws-lite prefixes its own text ("@aws-lite/client: dynamodb: …"); keep AWS's message alone.
  const text = String(Message ?? message ?? name).replace(/^@aws-lite\/client: [\w-]+(\.\w+)?: /, '');
  return new AwsServiceError(name, text, statusCode, fields);
}

/** One aws-lite client per service, made on first use; `responseContentType` set for JSON services so aws-lite never guesses at the answer. */
export function awsClientOnFirstUse(options: AwsServiceOptions, responseContentType?: string): () => Promise<AwsLiteClient> {
  let made: Promise<AwsLiteClient> | undefined;
  return () => {
    // aws-lite itself loads here too: a cold start does not set up its modules before the first AWS call.
    made ??= import('@aws-lite/client').then(({ default: createClient }) =>
      createClient({
        region: options.region,
        keepAlive: true,
        retries: RETRIES,
        debug: false,
        ...(responseContentType ? { responseContentType } : {}),
        ...(options.endpoint ? { endpoint: options.endpoint, ...LOCAL_CREDENTIALS } : {}),
      }),
    );
    return made;
  };
}

/**
 * The URL a service's requests go to: the local emulator's, or AWS's regional endpoint — the
 * host aws4 would derive (`dynamodb.eu-west-1.amazonaws.com`). Passed with every request because
 * aws-lite otherwise parses the request's absent endpoint as a URL, which throws and is caught:
 * about 50 µs per request, the largest frame of a comment's CPU profile (issue 13).
 */
export const serviceEndpoint = (service: string, options: AwsServiceOptions): string =>
  options.endpoint ?? `https://${service}.${options.region}.amazonaws.com`;

/** Sends one request, errors mapped by `toServiceError`. */
export async function sendAws(client: () => Promise<AwsLiteClient>, request: AwsLiteRequest): Promise<Record<string, unknown>> {
  const aws = await client();
  try {
    const { payload } = await aws(request);
    return (payload ?? {}) as Record<string, unknown>;
  } catch (error) {
    throw toServiceError(error);
  }
}

/** An AWS JSON-protocol service: `call(operation, input)` answers the operation's output. */
export interface AwsJsonProtocol {
  /** aws-lite's (and SigV4's) service name: `dynamodb`, `sqs`, `secretsmanager`. */
  service: string;
  /** The X-Amz-Target prefix: `DynamoDB_20120810`, `AmazonSQS`, `secretsmanager`. */
  target: string;
  version: '1.0' | '1.1';
}

export type AwsJsonCall = (operation: string, input: object) => Promise<Record<string, unknown>>;

export function awsJsonService(protocol: AwsJsonProtocol, options: AwsServiceOptions): AwsJsonCall {
  const client = awsClientOnFirstUse(options, 'application/json');
  const contentType = `application/x-amz-json-${protocol.version}`;
  const endpoint = serviceEndpoint(protocol.service, options);
  return (operation, input) =>
    sendAws(client, {
      service: protocol.service,
      endpoint,
      method: 'POST',
      path: '/',
      headers: { 'content-type': contentType, 'x-amz-target': `${protocol.target}.${operation}` },
      // Already in wire form: aws-lite must not convert it again.
      awsjson: false,
      payload: input as Record<string, unknown>,
    });
}
