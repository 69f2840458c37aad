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
 * Locally, what the Lambda event source mapping does on AWS: long-poll the queue, gather a
 * batch, hand it to the very same handler, delete what it did not report failed. Failed
 * messages reappear after the visibility timeout; after 5 receives the queue's redrive policy
 * moves them to the DLQ.
 *
 * One receiver feeds `handlers` handler instances (each from `createHandler`: a batch processor
 * holds the batch it is processing), so several batches are decided at once, as concurrent
 * Lambda instances decide them. Like the mapping's batching window (2 s on AWS), a batch
 * whose first receive brought fewer than 10 messages gathers for `batchWindowMs` more and
 * takes what arrived: in a burst a batch is one receive and one delete for up to 10 comments
 * instead of for one or two, while a lone comment waits only the window.
 * `sqs` is the functions' own transport (./local-sqs.ts `localQueueCalls`).
 */
export type WorkerLoopOptions = {
  sqs: AwsJsonCall;
  queueUrl: string;
  waitSeconds?: number;
  batchWindowMs?: number;
  onError?: (error: unknown) => void;
} & ({ handler: SqsHandler; createHandler?: never; handlers?: 1 } | { createHandler: () => SqsHandler; handler?: never; handlers?: number });

export const DEFAULT_HANDLERS = 4;
/** Short next to the mapping's 2 s: locally a comment is decided about as soon as it is sent. */
export const DEFAULT_BATCH_WINDOW_MS = 100;
const BATCH_SIZE = 10;

export function startWorkerLoop(options: WorkerLoopOptions) {
  const { sqs, queueUrl } = options;
  const batchWindowMs = options.batchWindowMs ?? DEFAULT_BATCH_WINDOW_MS;
  let running = true;
  let stopped!: () => void;
  const stopping = new Promise<'stopped'>((resolve) => {
    stopped = () => resolve('stopped');
  });
  const idle: SqsHandler[] = options.handler ? [options.handler] : Array.from({ length: Math.max(1, options.handlers ?? DEFAULT_HANDLERS) }, () => options.createHandler!());
  const busy = new Set<Promise<void>>();
  const receive = (max: number, waitSeconds: number) =>
    sqs('ReceiveMessage', { QueueUrl: queueUrl, MaxNumberOfMessages: max, WaitTimeSeconds: waitSeconds, MessageSystemAttributeNames: ['All'] }).then(
      (answer) => (answer.Messages ?? []) as QueueMessage[],
    );
  const deleteDone = (messages: QueueMessage[]) =>
    sqs('DeleteMessageBatch', { QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) });
  // A receive still waiting when the loop stops is not awaited (its long poll can last
  // `waitSeconds`): whatever it brings is made visible again at once, for the next reader.
  const release = (messages: QueueMessage[]) =>
    messages.length === 0
      ? undefined
      : sqs('ChangeMessageVisibilityBatch', { QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })) });
  const pause = (ms: number) => Promise.race([new Promise((resolve) => setTimeout(resolve, ms)), stopping]);

  const handle = async (handler: SqsHandler, messages: QueueMessage[], queueArn: string) => {
    try {
      const result = await handler(toSqsEvent(messages, queueArn), localContext());
      const failed = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
      const done = messages.filter((m) => !failed.has(m.MessageId!));
      if (done.length > 0) await deleteDone(done);
    } catch (error) {
      // The batch stays on the queue: it reappears after the visibility timeout.
      options.onError?.(error);
    }
  };

  /** The next batch: a long poll for its first messages, then what the window gathers. */
  const nextBatch = async (): Promise<QueueMessage[] | 'stopped'> => {
    const first = receive(BATCH_SIZE, options.waitSeconds ?? 10);
    const messages = await Promise.race([first, stopping]);
    if (messages === 'stopped') {
      void first.then(release).catch(() => undefined);
      return 'stopped';
    }
    if (messages.length === 0 || messages.length === BATCH_SIZE || batchWindowMs <= 0) return messages;
    await pause(batchWindowMs);
    // Taken even when stopping: these are already received, and go to a handler like the rest.
    return messages.concat(await receive(BATCH_SIZE - messages.length, 0));
  };

  const loop = (async () => {
    const attributes = await sqs('GetQueueAttributes', { QueueUrl: queueUrl, AttributeNames: ['QueueArn'] });
    const queueArn = (attributes.Attributes as Record<string, string> | undefined)?.QueueArn ?? queueUrl;
    while (running) {
      // Every handler busy: the next batch waits for one (and gathers meanwhile, in the queue).
      if (idle.length === 0) await Promise.race(busy);
      try {
        const messages = await nextBatch();
        if (messages === 'stopped') break;
        if (messages.length === 0) continue;
        const handler = idle.pop()!;
        const handling = handle(handler, messages, queueArn).finally(() => {
          busy.delete(handling);
          idle.push(handler);
        });
        busy.add(handling);
      } catch (error) {
        if (!running) break;
        options.onError?.(error);
        await pause(1000);
      }
    }
    await Promise.all(busy);
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
