/**
 * The queue is unreachable when a comment is submitted (its own SQS emulator, stopped):
 * the comment is still accepted and stored, and the sweeper queues it once the queue is back.
 */

import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../scripts/local/emulators.ts';
import { ensureQueues } from '../../scripts/local/provision.ts';
import { ModerationMessage } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { localSqs } from '../../scripts/local/local-sqs.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';
import { sweepUnchecked } from '../../shared/use-cases/sweep-unchecked.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';

type Fauxqs = Awaited<ReturnType<typeof startFauxqs>>;

let port: number;
let endpoint: string;
let sqsServer: Fauxqs | null = null;
let queueUrl: string;
let stack: TestStack;
let sqs: SQSClient;

async function startQueue(): Promise<void> {
  sqsServer = await startFauxqs({ port, logger: false, host: '127.0.0.1' });
  ({ queueUrl } = await ensureQueues(endpoint, 'faults-queue', { visibilityTimeoutSeconds: 1 }));
}

async function stopQueue(): Promise<void> {
  await sqsServer?.stop();
  sqsServer = null;
}

/** What the worker would receive: the comment ids in the queue (received and deleted). */
async function queuedIds(): Promise<string[]> {
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
  const messages = received.Messages ?? [];
  if (messages.length > 0) {
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return messages.map((m) => ModerationMessage.parse(JSON.parse(m.Body ?? '')).commentId);
}

beforeAll(async () => {
  port = await freePort();
  endpoint = `http://127.0.0.1:${port}`;
  await startQueue();
  stack = await createTestStack({ QUEUE_URL: queueUrl, SQS_ENDPOINT: endpoint });
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, previouslyApproved: false });
  sqs = localSqs(stack.env.SQS_ENDPOINT);
});
afterAll(async () => {
  sqs.destroy();
  await stopQueue();
});

describe('Queue unreachable at submit', () => {
  it('still accepts the comment (202, and 303 for the form), stores it unchecked, and the sweeper queues it once the queue is back', async () => {
    // Prepare
    const postId = uniquePostId('queue-down');
    await stopQueue();

    // Act: submit while the queue is down.
    const json = await stack.request(`/posts/${postId}/comments`, { json: aSubmission() });
    const form = await stack.request(`/posts/${postId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ author: 'Form reader', email: `form-${postId}@example.com`, comment: 'Sent while the queue was down.', redirect_to: 'https://blog.example/p' }).toString(),
    });

    // Assess: accepted and stored, waiting for the sweeper.
    expect(json.status).toBe(202);
    expect(form.status).toBe(303);
    const jsonId = ((await json.json()) as { comment: { id: string } }).comment.id;
    const formId = /#comment-(\w+)$/.exec(form.headers.get('location') ?? '')![1]!;
    const stored = await stack.deps.comments.list({ status: 'pending', postId }, { limit: 10 });
    expect(stored.items.map((c) => c.id).sort()).toEqual([jsonId, formId].sort());
    expect(stored.items.every((c) => c.moderation.checkedAt === null)).toBe(true);

    // Act: the queue is back; the sweeper runs.
    await startQueue();
    const requeued = await sweepUnchecked({ backlog: stack.deps.backlog, telemetry: stack.deps.telemetry, queue: stack.deps.queue, now: new Date(), stuckAfterMs: 0 });

    // Assess: both are queued, the worker decides them, the next sweep finds nothing left.
    expect(requeued).toBeGreaterThanOrEqual(2);
    const ids = await queuedIds();
    expect(ids).toEqual(expect.arrayContaining([jsonId, formId]));
    for (const id of ids) await moderateComment(stack.deps, id);
    for (const id of [jsonId, formId]) {
      const decided = await stack.deps.comments.get(id);
      expect(decided).toMatchObject({ status: 'approved', moderation: { decidedBy: 'rules' } });
    }
    const recorded: string[] = [];
    await sweepUnchecked({ backlog: stack.deps.backlog, telemetry: stack.deps.telemetry, queue: { enqueue: async (id) => void recorded.push(id) }, now: new Date(), stuckAfterMs: 0 });
    expect(recorded).not.toContain(jsonId);
    expect(recorded).not.toContain(formId);
  });

  it('queues at once while the queue is up (the sweeper is only the safety net)', async () => {
    const res = await stack.request(`/posts/${uniquePostId('queue-up')}/comments`, { json: aSubmission() });
    const { id } = ((await res.json()) as { comment: { id: string } }).comment;
    expect(await queuedIds()).toEqual([id]);
  });
});
