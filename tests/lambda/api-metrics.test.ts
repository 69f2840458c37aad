import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { aSubmission, createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiEvent, lambdaContext } from './support/events.ts';
import { freshModules, functionEnv, restoreAfterFile } from './support/function-env.ts';

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

restoreAfterFile();

let stack: TestStack;
let handler: Handler;

beforeAll(async () => {
  stack = await createTestStack();
  // Metrics on, as on AWS: EMF lines on stdout (Powertools reads these when its module loads).
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'LeaveAReplyTest');
  const [{ createPublicApiHandler }, { composePublicApi }] = await freshModules(() =>
    Promise.all([import('../../functions/public-api/handler.ts'), import('../../shared/adapters/wiring.ts')]),
  );
  handler = createPublicApiHandler(composePublicApi(functionEnv(stack))) as unknown as Handler;
});

afterEach(() => vi.restoreAllMocks());

function captureEmf(): () => Array<Record<string, unknown>> {
  const lines: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  return () =>
    lines
      .flatMap((l) => l.split('\n'))
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('Function: public api metrics', () => {
  it('publishes CommentsSubmitted for a stored submission, and nothing for a refused one', async () => {
    // Prepare
    const emf = captureEmf();
    const accepted = apiEvent('post-comment-json', { path: '/posts/metrics-post/comments', json: aSubmission() });
    const refused = apiEvent('post-comment-json', { path: '/posts/metrics-post/comments', json: { content: '' } });

    // Act
    const first = await handler(accepted, lambdaContext('comments-api'));
    const second = await handler(refused, lambdaContext('comments-api'));
    const published = emf();
    vi.restoreAllMocks();

    // Assess
    expect([first.statusCode, second.statusCode]).toEqual([202, 400]);
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ CommentsSubmitted: 1 });
    expect(JSON.stringify(published[0])).not.toContain('@');
  });
});
