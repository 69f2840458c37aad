import * as z from 'zod';
import { CommentId } from '../../domain/comment.ts';
import type { ModerationQueue } from '../../domain/ports.ts';
import type { AwsJsonCall } from '../aws/aws-service.ts';

/** After this many receives SQS moves a message to the dead-letter queue (the CDK queue and the local one agree). */
export const MAX_RECEIVE_COUNT = 5;

/** The whole queue message: an id, never personal data. */
export const ModerationMessage = z.object({ commentId: CommentId }).strict();
export type ModerationMessage = z.infer<typeof ModerationMessage>;

/** The moderation queue over SQS (`SendMessage`; the SQS client is made on the first send). */
export class SqsModerationQueue implements ModerationQueue {
  constructor(
    private readonly sqs: AwsJsonCall,
    private readonly queueUrl: string,
  ) {}

  async enqueue(commentId: string): Promise<void> {
    const message: ModerationMessage = { commentId };
    await this.sqs('SendMessage', { QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) });
  }
}
