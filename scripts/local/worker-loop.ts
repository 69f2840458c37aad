import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { AwsJsonCall } from '../../shared/adapters/aws/aws-service.ts';

type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** A received message as SQS's JSON protocol answers it (the SDK's `Message` has the same shape). */
export interface QueueMessage {
  MessageId?: string | undefined;
  ReceiptHandle?: string | undefined;
  Body?: string | undefined;
  MD5OfBody?: string | undefined;
  Attributes?: Partial<Record<string, string>> | undefined;
}

/**
 * Locally, what the Lambda event source mapping does on AWS: long-poll the queue,
 * hand each batch to the very same handler, delete what it did not report failed.
 * Failed messages reappear after the visibility timeout; after 5 receives the
 * queue's redrive policy moves them to the DLQ. Like the event source mapping, it
 * runs several pollers at once (`pollers`, each with its own handler from
 * `createHandler`), so one slow batch does not hold the queue back.
 * `sqs` is the functions' own transport (./local-sqs.ts `localQueueCalls`).
 */
export type WorkerLoopOptions = {
  sqs: AwsJsonCall;
  queueUrl: string;
  waitSeconds?: number;
  onError?: (error: unknown) => void;
} & ({ handler: SqsHandler; createHandler?: never; pollers?: 1 } | { createHandler: () => SqsHandler; handler?: never; pollers?: number });

export const DEFAULT_POLLERS = 4;

export function startWorkerLoop(options: WorkerLoopOptions) {
  const { sqs, queueUrl } = options;
  let running = true;
  let stopped!: () => void;
  const stopping = new Promise<'stopped'>((resolve) => {
    stopped = () => resolve('stopped');
  });
  const pollers = options.handler ? 1 : Math.max(1, options.pollers ?? DEFAULT_POLLERS);
  const deleteDone = (messages: QueueMessage[]) =>
    sqs('DeleteMessageBatch', { QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) });
  // A receive still waiting when the loop stops is not awaited (its long poll can last
  // `waitSeconds`): whatever it brings is made visible again at once, for the next reader.
  const release = (messages: QueueMessage[]) =>
    messages.length === 0
      ? undefined
      : sqs('ChangeMessageVisibilityBatch', { QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })) });

  const loop = (async () => {
    const attributes = await sqs('GetQueueAttributes', { QueueUrl: queueUrl, AttributeNames: ['QueueArn'] });
    const queueArn = (attributes.Attributes as Record<string, string> | undefined)?.QueueArn ?? queueUrl;
    const poll = async (handler: SqsHandler) => {
      while (running) {
        try {
          const receive = sqs('ReceiveMessage', {
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: options.waitSeconds ?? 10,
            MessageSystemAttributeNames: ['All'],
          }).then((answer) => (answer.Messages ?? []) as QueueMessage[]);
          const messages = await Promise.race([receive, stopping]);
          if (messages === 'stopped') {
            void receive.then(release).catch(() => undefined);
            break;
          }
          if (messages.length === 0) continue;
          const result = await handler(toSqsEvent(messages, queueArn), localContext());
          const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
          const done = messages.filter((m) => !failed.has(m.MessageId!));
          if (done.length > 0) await deleteDone(done);
        } catch (error) {
          if (!running) break;
          options.onError?.(error);
          await Promise.race([new Promise((resolve) => setTimeout(resolve, 1000)), stopping]);
        }
      }
    };
    await Promise.all(Array.from({ length: pollers }, () => poll(options.handler ?? options.createHandler!())));
  })();

  return {
    async stop(): Promise<void> {
      running = false;
      stopped();
      await loop.catch(() => undefined);
    },
  };
}

export function toSqsEvent(messages: QueueMessage[], queueArn: string): SQSEvent {
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
