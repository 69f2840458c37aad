import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEventV2, Context, SQSEvent, SQSRecord } from 'aws-lambda';

/** The JSON fixtures under tests/events/<source>/, as AWS delivers them. */
function fixture<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(`../../events/${path}`, import.meta.url), 'utf8')) as T;
}

export type ApiFixture = 'post-comment-json' | 'post-comment-form' | 'get-moderation-comment';

export interface ApiEventChanges {
  method?: string;
  path?: string;
  query?: string;
  sourceIp?: string;
  /** Merged into the fixture's headers; `null` removes one. */
  headers?: Record<string, string | null>;
  /** A JSON body (sent as text). */
  json?: unknown;
  /** A form body, sent base64-encoded as API Gateway does for form posts. */
  form?: Record<string, string>;
}

/** An API Gateway HTTP API (payload 2.0) event from a fixture, with the request changed where a test needs it. */
export function apiEvent(name: ApiFixture, changes: ApiEventChanges = {}): APIGatewayProxyEventV2 {
  const event = fixture<APIGatewayProxyEventV2>(`api-gateway/${name}.json`);
  event.requestContext.requestId = randomUUID();
  if (changes.method) event.requestContext.http.method = changes.method;
  if (changes.path) {
    event.rawPath = changes.path;
    event.requestContext.http.path = changes.path;
  }
  if (changes.query !== undefined) event.rawQueryString = changes.query;
  if (changes.sourceIp) event.requestContext.http.sourceIp = changes.sourceIp;
  for (const [name, value] of Object.entries(changes.headers ?? {})) {
    if (value === null) delete event.headers[name];
    else event.headers[name] = value;
  }
  if (changes.json !== undefined) {
    event.body = JSON.stringify(changes.json);
    event.isBase64Encoded = false;
    event.headers['content-type'] = 'application/json';
  }
  if (changes.form) {
    event.body = Buffer.from(new URLSearchParams(changes.form).toString(), 'utf8').toString('base64');
    event.isBase64Encoded = true;
    event.headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  if (event.body !== undefined) {
    event.headers['content-length'] = String(event.isBase64Encoded ? Buffer.from(event.body, 'base64').length : Buffer.byteLength(event.body));
  }
  return event;
}

/** The fixture's SQS batch, record by record: tests give each record its own body. */
export function sqsRecord(body: string, changes: { messageId?: string; receiveCount?: number } = {}): SQSRecord {
  const [template] = fixture<SQSEvent>('sqs/moderation-batch.json').Records;
  return {
    ...template!,
    messageId: changes.messageId ?? randomUUID(),
    receiptHandle: `AQEB${randomUUID().replace(/-/g, '')}==`,
    body,
    attributes: { ...template!.attributes, ApproximateReceiveCount: String(changes.receiveCount ?? 1) },
  };
}

export function sqsEvent(records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** The moderation message for a comment id, as the API queues it. */
export const moderationMessage = (commentId: string) => JSON.stringify({ commentId });

export function lambdaContext(functionName: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/11/27/[$LATEST]0123456789abcdef',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
