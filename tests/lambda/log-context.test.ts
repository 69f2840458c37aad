import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { captureLogs } from '../support/log-capture.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiEvent, lambdaContext, sqsEvent, sqsRecord } from './support/events.ts';
import { freshModules, functionEnv, restoreAfterFile } from './support/function-env.ts';

type ApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;
type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

restoreAfterFile();

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
  // Lambda sets this for on-demand environments; Powertools reports cold starts only then.
  vi.stubEnv('AWS_LAMBDA_INITIALIZATION_TYPE', 'on-demand');
});

/** The JSON log lines written while `run` runs. */
async function jsonLogLines(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const logs = captureLogs();
  try {
    await run();
  } finally {
    logs.stop();
  }
  return logs
    .lines()
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('Lambda context on every log line', () => {
  it('public api: each line carries the invocation request id, the function name, and cold start only on the first invocation', async () => {
    // Prepare: a freshly loaded module is a cold start
    const [{ createPublicApiHandler }, { composePublicApi }] = await freshModules(() =>
      Promise.all([import('../../functions/public-api/handler.ts'), import('../../shared/adapters/wiring.ts')]),
    );
    const handler = createPublicApiHandler(composePublicApi(functionEnv(stack))) as unknown as ApiHandler;
    const [first, second] = [lambdaContext('comments-api'), lambdaContext('comments-api')];
    const health = () => apiEvent('get-moderation-comment', { method: 'GET', path: '/health' });

    // Act
    const firstLines = await jsonLogLines(() => handler(health(), first));
    const secondLines = await jsonLogLines(() => handler(health(), second));

    // Assess
    expect(firstLines.length).toBeGreaterThan(0);
    expect(secondLines.length).toBeGreaterThan(0);
    for (const line of firstLines) expect(line).toMatchObject({ function_request_id: first.awsRequestId, function_name: 'comments-api', cold_start: true });
    for (const line of secondLines) expect(line).toMatchObject({ function_request_id: second.awsRequestId, function_name: 'comments-api', cold_start: false });
  });

  it('moderation worker: a record’s log line carries the invocation request id and cold start', async () => {
    // Prepare
    const [{ createModerationWorkerHandler }, { composeWorker }] = await freshModules(() =>
      Promise.all([import('../../functions/moderation-worker/handler.ts'), import('../../shared/adapters/wiring.ts')]),
    );
    const handler: WorkerHandler = createModerationWorkerHandler(composeWorker(functionEnv(stack)));
    const context = lambdaContext('comments-moderation-worker');

    // Act: a malformed message is logged (and reported failed)
    const lines = await jsonLogLines(() => handler(sqsEvent([sqsRecord('not json')]), context));

    // Assess
    const malformed = lines.find((line) => line.message === 'Malformed moderation message');
    expect(malformed).toMatchObject({ function_request_id: context.awsRequestId, function_name: 'comments-moderation-worker', cold_start: true });
  });
});
