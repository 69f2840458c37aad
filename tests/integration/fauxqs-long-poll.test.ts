import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSqs } from '../../scripts/local/local-sqs.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

/**
 * The local SQS emulator holds a long poll as SQS does (scripts/local/fauxqs-long-poll.ts):
 * one message wakes one waiting receive, the others keep waiting instead of answering empty.
 */
let stack: TestStack;
let sqs: SQSClient;

beforeAll(async () => {
  stack = await createTestStack();
  sqs = localSqs(stack.env.SQS_ENDPOINT);
});
afterAll(() => sqs?.destroy());

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
