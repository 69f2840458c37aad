import type { Context } from 'aws-lambda';
import { ulid } from 'ulid';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModerationMessage } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';
import { submitComment } from '../../shared/use-cases/submit-comment.ts';
import { aSubmission, createTestStack, randomIp, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { captureLogs } from '../support/log-capture.ts';
import { lambdaContext } from './support/events.ts';
import { createSweeperHandler } from '../../functions/sweeper/handler.ts';
import { composeSweeper } from '../../shared/adapters/wiring.ts';
import { functionEnv } from './support/function-env.ts';

type Handler = (event: unknown, context: Context) => Promise<{ requeued: number }>;

let stack: TestStack;
let handler: Handler;

beforeAll(async () => {
  stack = await createTestStack();
  handler = createSweeperHandler(composeSweeper(functionEnv(stack)));
});

/**
 * A pending comment submitted `ageMs` ago whose queue message was lost: stored with a
 * clock (and a ULID) from that time, then its message taken off the queue.
 */
async function aCommentWhoseMessageWasLost(ageMs: number): Promise<string> {
  const then = new Date(Date.now() - ageMs);
  const comment = await submitComment({ ...stack.deps, clock: { now: () => then }, ids: { next: (now) => ulid(now.getTime()) } }, aSubmission(), {
    postId: uniquePostId(),
    ip: randomIp(),
    userAgent: 'SweeperTest/1.0',
  });
  await stack.receiveRaw();
  return comment.id;
}

// Each test starts with nothing stuck: whatever a test left unchecked, the worker checks now.
afterEach(async () => {
  await invoke();
  await stack.drainQueue();
});

const invoke = (context = lambdaContext('comments-sweeper')) => handler({}, context);
const queuedIds = async () => (await stack.receiveRaw()).map((body) => ModerationMessage.parse(JSON.parse(body)).commentId);

describe('Function: sweeper', () => {
  it('re-queues a pending comment never checked for more than 2 minutes, and nothing else', async () => {
    // Prepare
    const stuck = await aCommentWhoseMessageWasLost(10 * 60_000);
    await aCommentWhoseMessageWasLost(30_000); // too recent: its message may still be on its way
    const checked = await aCommentWhoseMessageWasLost(10 * 60_000);
    await moderateComment(stack.deps, checked); // the worker did see this one

    // Act
    const result = await invoke();

    // Assess
    expect(result).toEqual({ requeued: 1 });
    expect(await queuedIds()).toEqual([stuck]);
  });

  it('leaves nothing to re-queue once the worker has checked the comment', async () => {
    // Prepare: a stuck comment is re-queued, and the worker then checks it.
    const stuck = await aCommentWhoseMessageWasLost(5 * 60_000);
    expect(await invoke()).toEqual({ requeued: 1 });
    expect(await stack.drainQueue()).toEqual([stuck]);

    // Act
    const result = await invoke();

    // Assess
    expect((await stack.deps.comments.get(stuck))?.moderation.checkedAt).not.toBeNull();
    expect(result).toEqual({ requeued: 0 });
    expect(await queuedIds()).toEqual([]);
  });

  it('logs what it re-queued with the invocation request id, function name and cold start', async () => {
    // Prepare
    await aCommentWhoseMessageWasLost(10 * 60_000);
    const context = lambdaContext('comments-sweeper');
    const logs = captureLogs();

    // Act
    await invoke(context).finally(() => logs.stop());

    // Assess
    const line = logs
      .lines()
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.message === 'Re-queued comments the worker had not checked');
    expect(line).toMatchObject({ requeued: 1, function_request_id: context.awsRequestId, function_name: 'comments-sweeper' });
    expect(typeof line?.cold_start).toBe('boolean');
  });
});
