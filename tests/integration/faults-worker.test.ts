/**
 * The real moderation worker handler, fed by the local worker loop (what the Lambda event
 * source mapping does) from a queue with a 1 s visibility timeout and the redrive policy:
 * one comment it cannot process fails alone, is retried, and after 5 receives lands in the
 * dead-letter queue; every other comment is decided exactly once.
 */

import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModerationWorkerHandler } from '../../functions/moderation-worker/handler.ts';
import { startWorkerLoop, toSqsEvent } from '../../scripts/local/worker-loop.ts';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { MAX_RECEIVE_COUNT, ModerationMessage } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { localQueueCalls, localSqs } from '../../scripts/local/local-sqs.ts';
import { composeWorker, dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { sweepUnchecked } from '../../shared/use-cases/sweep-unchecked.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let stack: TestStack;
let sqs: SQSClient;
let handler: Handler;
let queueUrl: string;
let dlqUrl: string;

beforeAll(async () => {
  stack = await createTestStack();
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, ratePerIpPerMinute: 0, previouslyApproved: false });
  const { env } = stack;
  // The worker's handler as its entry point composes it: its own adapters, from the environment.
  handler = createModerationWorkerHandler(composeWorker(env));
  sqs = localSqs(env.SQS_ENDPOINT);
  queueUrl = env.QUEUE_URL!;
  dlqUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: `${env.TABLE_NAME}-dlq` }))).QueueUrl!;
});
afterAll(() => {
  sqs?.destroy();
});

async function submitted(postId: string): Promise<string> {
  const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission() });
  expect(res.status).toBe(202);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

/** A comment the worker cannot read: its encrypted email is damaged. */
async function damage(commentId: string): Promise<void> {
  const client = dynamoDbClient(stack.env);
  await client.update({ TableName: stack.env.TABLE_NAME, Key: keys.comment(commentId), UpdateExpression: 'SET email = :bad', ExpressionAttributeValues: { ':bad': 'enc:v1:k1:AAAA:AAAA' } },
  );
}

async function messagesIn(url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

const lambdaContext = { functionName: 'moderation-worker-test', awsRequestId: 'test', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

describe('Moderation worker under a failing message', () => {
  it('reports only the failing record of a batch in batchItemFailures', async () => {
    // Prepare: a batch of three, the middle one unreadable.
    const postId = uniquePostId('batch');
    const ids = [await submitted(postId), await submitted(postId), await submitted(postId)];
    await damage(ids[1]!);
    await stack.receiveRaw();
    const event = toSqsEvent(
      ids.map((id, i) => ({ MessageId: `m-${i}`, ReceiptHandle: `r-${i}`, Body: JSON.stringify({ commentId: id }), Attributes: { ApproximateReceiveCount: '1' } })),
      'arn:aws:sqs:us-east-1:000000000000:test',
    );

    // Act
    const result = await handler(event, lambdaContext);

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect((await stack.deps.comments.get(ids[0]!))?.status).toBe('approved');
    expect((await stack.deps.comments.get(ids[2]!))?.status).toBe('approved');
  });

  it(`retries only the failing message; after ${MAX_RECEIVE_COUNT} receives it is in the DLQ, marked so the sweeper leaves it; the others are decided once`, async () => {
    // Prepare: six queued comments, one of them unreadable by the worker.
    await stack.receiveRaw();
    const postId = uniquePostId('dlq');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await submitted(postId));
    const poisoned = ids[2]!;
    await damage(poisoned);

    const handed = new Map<string, number>();
    const failures: string[][] = [];
    const recording: Handler = async (event, context) => {
      for (const record of event.Records) {
        const { commentId } = ModerationMessage.parse(JSON.parse(record.body));
        handed.set(commentId, (handed.get(commentId) ?? 0) + 1);
      }
      const result = await handler(event, context);
      const byMessage = new Map(event.Records.map((r) => [r.messageId, ModerationMessage.parse(JSON.parse(r.body)).commentId]));
      failures.push(result.batchItemFailures.map((f) => byMessage.get(f.itemIdentifier)!));
      return result;
    };

    // Act: the local worker loop, long-polling 1 s, until the DLQ holds the message.
    const worker = startWorkerLoop({ sqs: localQueueCalls(stack.env.SQS_ENDPOINT), queueUrl, handler: recording, waitSeconds: 1 });
    const deadline = Date.now() + 25_000;
    try {
      while ((await messagesIn(dlqUrl)) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await worker.stop();
    }

    // Assess: the poisoned message was handed over 5 times, failed alone each time, and is in the DLQ.
    expect(handed.get(poisoned)).toBe(MAX_RECEIVE_COUNT);
    expect(failures.flat()).toEqual(Array(MAX_RECEIVE_COUNT).fill(poisoned));
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    expect((dead.Messages ?? []).map((m) => ModerationMessage.parse(JSON.parse(m.Body ?? '')).commentId)).toEqual([poisoned]);
    expect(await messagesIn(queueUrl)).toBe(0);

    // The others: handed over once, decided once (one write after creation).
    for (const id of ids.filter((id) => id !== poisoned)) {
      expect(handed.get(id), id).toBe(1);
      expect(await stack.deps.comments.get(id)).toMatchObject({ status: 'approved', version: 2, moderation: { decidedBy: 'rules' } });
    }

    // The poisoned comment stays pending for a human; the sweeper no longer re-queues it.
    const swept: string[] = [];
    await sweepUnchecked({ backlog: stack.deps.backlog, telemetry: stack.deps.telemetry, queue: { enqueue: async (id) => void swept.push(id) }, now: new Date(), stuckAfterMs: 0 });
    expect(swept).not.toContain(poisoned);
    const client = dynamoDbClient(stack.env);
    const { Item } = await client.get({ TableName: stack.env.TABLE_NAME, Key: keys.comment(poisoned), ConsistentRead: true });
    expect(Item).toMatchObject({ status: 'pending', unchecked: true, moderationFailedAt: expect.any(String) });
  });
});
