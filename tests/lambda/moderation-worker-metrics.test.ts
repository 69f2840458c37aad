import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { lambdaContext, moderationMessage, sqsEvent, sqsRecord } from './support/events.ts';
import { freshModules, functionEnv, restoreAfterFile } from './support/function-env.ts';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

restoreAfterFile();

let stack: TestStack;
let handler: Handler;

beforeAll(async () => {
  stack = await createTestStack();
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, previouslyApproved: false, disallowedKeys: ['casino'] });
  // Metrics on, as on AWS: EMF lines on stdout.
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'LeaveAReplyTest');
  const [{ createModerationWorkerHandler }, { composeWorker }] = await freshModules(() =>
    Promise.all([import('../../functions/moderation-worker/handler.ts'), import('../../shared/adapters/wiring.ts')]),
  );
  handler = createModerationWorkerHandler(composeWorker(functionEnv(stack)));
});

afterEach(() => vi.restoreAllMocks());

async function aPendingComment(postId: string, content: string): Promise<string> {
  const response = await stack.request(`/posts/${postId}/comments`, { json: aSubmission({ content }) });
  const { comment } = (await response.json()) as { comment: { id: string } };
  await stack.receiveRaw();
  return comment.id;
}

describe('Function: moderation-worker metrics', () => {
  it('publishes approved, spam and worker-failure counts as CloudWatch EMF', async () => {
    // Prepare
    const postId = uniquePostId();
    const approveId = await aPendingComment(postId, 'An ordinary comment.');
    const spamId = await aPendingComment(postId, 'Visit my casino.');
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });

    // Act
    await handler(sqsEvent([sqsRecord(moderationMessage(approveId)), sqsRecord(moderationMessage(spamId)), sqsRecord('not json')]), lambdaContext('comments-moderation-worker'));
    vi.restoreAllMocks();

    // Assess
    const emf = lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(emf).toHaveLength(1);
    const directive = (emf[0]!._aws as { CloudWatchMetrics: Array<{ Namespace: string; Metrics: Array<{ Name: string }> }> }).CloudWatchMetrics[0]!;
    expect(directive.Namespace).toBe('LeaveAReplyTest');
    expect(directive.Metrics.map((m) => m.Name).sort()).toEqual(['CommentsApproved', 'CommentsSpam', 'WorkerFailures']);
    expect(emf[0]).toMatchObject({ CommentsApproved: 1, CommentsSpam: 1, WorkerFailures: 1 });
  });
});
