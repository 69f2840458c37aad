import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerLoop } from '../../scripts/local/worker-loop.ts';
import { localQueueCalls, localSqs } from '../../scripts/local/local-sqs.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

/**
 * The local worker loop (npm start) keeps up with a burst: it hands batches to several
 * handlers at once, each its own (a batch processor holds the batch it is processing, so two
 * batches at once need two), as concurrent Lambda instances decide them; and a batch gathers
 * for a short window, as the event source mapping's batching window lets it.
 */
type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let stack: TestStack;
let sqs: SQSClient;

beforeAll(async () => {
  stack = await createTestStack();
  sqs = localSqs(stack.env.SQS_ENDPOINT);
});
afterAll(() => sqs?.destroy());

async function inFlight(queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

describe('Function: startWorkerLoop', () => {
  it('hands batches to several handlers at once, each its own, every message once', async () => {
    // Prepare: 30 messages, and handlers that hold each batch for a moment
    const queueUrl = stack.env.QUEUE_URL!;
    const bodies = Array.from({ length: 30 }, (_, i) => `message-${i}-${Date.now()}`);
    for (let i = 0; i < bodies.length; i += 10) {
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.slice(i, i + 10).map((body, j) => ({ Id: String(j), MessageBody: body })) }));
    }
    const handled = new Map<string, number>();
    const handlerOf = new Map<string, number>();
    let running = 0;
    let mostAtOnce = 0;
    let created = 0;
    const createHandler = (): Handler => {
      const handlerId = ++created;
      return async (event) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 300));
        for (const record of event.Records) {
          handled.set(record.body, (handled.get(record.body) ?? 0) + 1);
          handlerOf.set(record.body, handlerId);
        }
        running--;
        return { batchItemFailures: [] };
      };
    };

    // Act
    const worker = startWorkerLoop({ sqs: localQueueCalls(stack.env.SQS_ENDPOINT), queueUrl, createHandler, handlers: 3, waitSeconds: 1 });
    const deadline = Date.now() + 20_000;
    try {
      while (bodies.some((body) => !handled.has(body)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await worker.stop();
    }

    // Assess
    expect(created).toBe(3);
    expect(mostAtOnce).toBeGreaterThanOrEqual(2);
    expect(bodies.map((body) => handled.get(body))).toEqual(bodies.map(() => 1));
    expect(await inFlight(queueUrl)).toBe(0);
  });
  it('gathers a batch for its window: messages sent just after the first go in the same batch', async () => {
    // Prepare: a loop already waiting in its long poll (the window stays inside the test queue's 1 s visibility timeout)
    const queueUrl = stack.env.QUEUE_URL!;
    const batches: string[][] = [];
    const handler: Handler = async (event) => {
      batches.push(event.Records.map((r) => r.body));
      return { batchItemFailures: [] };
    };
    const worker = startWorkerLoop({ sqs: localQueueCalls(stack.env.SQS_ENDPOINT), queueUrl, handler, waitSeconds: 5, batchWindowMs: 600 });
    const bodies = Array.from({ length: 5 }, (_, i) => `gathered-${i}-${Date.now()}`);
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));

      // Act: one message, then four more while the first one's batch is gathering
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: bodies[0] }));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.slice(1).map((body, i) => ({ Id: String(i), MessageBody: body })) }));
      const deadline = Date.now() + 10_000;
      while (batches.flat().length < bodies.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      await worker.stop();
    }

    // Assess: one batch of five, and nothing left on the queue
    expect(batches.map((batch) => [...batch].sort())).toEqual([[...bodies].sort()]);
    expect(await inFlight(queueUrl)).toBe(0);
  });
});

/**
 * The local SQS emulator holds a long poll as SQS does (scripts/local/fauxqs-long-poll.ts):
 * one message wakes one waiting receive, the others keep waiting instead of answering empty.
 */
describe('Function: longPollLikeSqs', () => {
  it('wakes one of three waiting long polls for one message; the other two answer only when their wait ends', async () => {
    // Arrange: a queue of its own, three receives waiting on it.
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `long-poll-${Date.now()}` }));
    const answeredAt: number[] = [];
    const start = Date.now();
    const receives = Array.from({ length: 3 }, () =>
      sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 })).then(({ Messages = [] }) => {
        answeredAt.push(Date.now() - start);
        return Messages.length;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Act
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'one' }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const answeredSoon = answeredAt.length;
    const counts = await Promise.all(receives);

    // Assess: one answer with the message at once; two empty ones after the 2 s wait.
    expect(answeredSoon).toBe(1);
    expect(counts.sort()).toEqual([0, 0, 1]);
    expect(Math.min(...answeredAt.slice(1))).toBeGreaterThanOrEqual(1900);
  });
});
