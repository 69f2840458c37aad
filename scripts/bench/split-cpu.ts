/**
 * CPU per comment split as Lambda bills it: the API's share (accepting the comment, queueing its
 * id) and the worker handler's share (deciding it), each counted alone. The queue is read outside
 * the count — on AWS the event source mapping polls it, not our functions — and the records are
 * handed to the worker's own batch handler in batches of 10, several batches at once.
 */
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { localContext, toSqsEvent } from '../local/worker-loop.ts';

export interface SplitCpuOptions {
  submit: () => Promise<unknown>;
  sqs: SQSClient;
  queueUrl: string;
  createHandler: () => (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  comments: number;
  /** Concurrent submissions (10) and concurrent worker batches (4, the local worker's handlers). */
  connections?: number;
  batchesAtOnce?: number;
}

const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** Expects an empty queue and no worker polling it. */
export async function splitCpu(options: SplitCpuOptions): Promise<{ apiMs: number; workerMs: number }> {
  const { comments, sqs, queueUrl } = options;
  let remaining = comments;
  const apiStart = process.cpuUsage();
  await Promise.all(Array.from({ length: options.connections ?? 10 }, async () => {
    while (remaining-- > 0) await options.submit();
  }));
  const apiMs = cpuMs(apiStart) / comments;

  const messages: Message[] = [];
  while (messages.length < comments) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
    messages.push(...Messages);
  }
  const batches = Array.from({ length: Math.ceil(messages.length / 10) }, (_, i) => messages.slice(i * 10, i * 10 + 10));
  let next = 0;
  const workerStart = process.cpuUsage();
  await Promise.all(Array.from({ length: options.batchesAtOnce ?? 4 }, async () => {
    const handler = options.createHandler();
    while (next < batches.length) {
      const result = await handler(toSqsEvent(batches[next++]!, 'arn:aws:sqs:us-east-1:000000000000:bench'), localContext());
      if (result.batchItemFailures.length > 0) throw new Error(`the worker failed ${result.batchItemFailures.length} records`);
    }
  }));
  const workerMs = cpuMs(workerStart) / comments;

  for (const batch of batches) {
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
  }
  return { apiMs, workerMs };
}
