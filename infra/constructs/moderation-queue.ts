import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_RECEIVE_COUNT } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';

export interface ModerationQueueProps {
  /** The consumer's timeout; the visibility timeout is six times it (AWS's advice for event source mappings). */
  readonly consumerTimeout: Duration;
  readonly removalPolicy: RemovalPolicy;
}

/** Receives before a message is moved to the dead-letter queue (the worker reads the same constant). */
export { MAX_RECEIVE_COUNT };

/**
 * The moderation queue and its dead-letter queue. Messages carry a comment id
 * only (no personal data), so SQS-managed encryption (SSE-SQS) is enough: it
 * encrypts at rest at no cost and, unlike a customer key, needs no KMS
 * permissions for producers, the Lambda poller or a redrive, and no key policy.
 * Both queues refuse plain-HTTP requests.
 */
export class ModerationQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ModerationQueueProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.removalPolicy,
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      // Long enough for the sweeper and the DLQ alarm to matter before expiry.
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: MAX_RECEIVE_COUNT },
      removalPolicy: props.removalPolicy,
    });
  }
}
