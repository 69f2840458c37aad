import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/**
 * Locally, what the Lambda event source mapping does on AWS: long-poll the queue,
 * hand each batch to the very same handler, delete what it did not report failed.
 * Failed messages reappear after the visibility timeout; after 5 receives the
 * queue's redrive policy moves them to the DLQ. Like the event source mapping, it
 * runs several pollers at once (`pollers`, each with its own handler from
 * `createHandler`), so one slow batch does not hold the queue back.
 */
export type WorkerLoopOptions = {
  sqs: SQSClient;
  queueUrl: string;
  waitSeconds?: number;
  onError?: (error: unknown) => void;
} & ({ handler: SqsHandler; createHandler?: never; pollers?: 1 } | { createHandler: () => SqsHandler; handler?: never; pollers?: number });

export const DEFAULT_POLLERS = 4;

export function startWorkerLoop(options: WorkerLoopOptions) {
  const { sqs, queueUrl } = options;
  const abort = new AbortController();
  let running = true;
  const pollers = options.handler ? 1 : Math.max(1, options.pollers ?? DEFAULT_POLLERS);

  const loop = (async () => {
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
    const queueArn = attributes.Attributes?.QueueArn ?? queueUrl;
    const poll = async (handler: SqsHandler) => {
      while (running) {
        try {
          const received = await sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: queueUrl,
              MaxNumberOfMessages: 10,
              WaitTimeSeconds: options.waitSeconds ?? 10,
              MessageSystemAttributeNames: ['All'],
            }),
            { abortSignal: abort.signal },
          );
          const messages = received.Messages ?? [];
          if (messages.length === 0) continue;
          const result = await handler(toSqsEvent(messages, queueArn), localContext());
          const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
          const done = messages.filter((m) => !failed.has(m.MessageId!));
          if (done.length > 0) {
            await sqs.send(
              new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
            );
          }
        } catch (error) {
          if (!running) break;
          options.onError?.(error);
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    };
    await Promise.all(Array.from({ length: pollers }, () => poll(options.handler ?? options.createHandler!())));
  })();

  return {
    async stop(): Promise<void> {
      running = false;
      abort.abort();
      await loop.catch(() => undefined);
    },
  };
}

export function toSqsEvent(messages: Message[], queueArn: string): SQSEvent {
  return {
    Records: messages.map((m) => ({
      messageId: m.MessageId!,
      receiptHandle: m.ReceiptHandle!,
      body: m.Body ?? '',
      attributes: {
        ApproximateReceiveCount: m.Attributes?.ApproximateReceiveCount ?? '1',
        SentTimestamp: m.Attributes?.SentTimestamp ?? String(Date.now()),
        SenderId: m.Attributes?.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: m.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: m.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: queueArn,
      awsRegion: 'us-east-1',
    })),
  };
}

export function localContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'moderation-worker-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:moderation-worker-local',
    memoryLimitInMB: '512',
    awsRequestId: crypto.randomUUID(),
    logGroupName: 'local',
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
