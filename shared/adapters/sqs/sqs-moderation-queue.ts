import * as z from 'zod';
import { CommentId } from '../../domain/comment.ts';
import type { ModerationQueue, SubmissionFacts } from '../../domain/ports.ts';
import type { AwsJsonCall } from '../aws/aws-service.ts';

/** After this many receives SQS moves a message to the dead-letter queue (the CDK queue and the local one agree). */
export const MAX_RECEIVE_COUNT = 5;

/**
 * The whole queue message: an id and what the submission read for the decision (a settings
 * version and a yes/no), never personal data — strict, so that no other field gets through.
 * Without the facts (the sweeper's re-queued comments, messages of an older deployment)
 * the worker reads them itself.
 */
export const ModerationMessage = /* @__PURE__ */ z
  .object({
    commentId: CommentId,
    settingsVersion: z.number().int().nonnegative().optional(),
    authorPreviouslyApproved: z.boolean().optional(),
  })
  .strict();
export type ModerationMessage = z.infer<typeof ModerationMessage>;

/** The message for a comment: the facts go in only when there are any. */
export function moderationMessage(commentId: string, facts?: SubmissionFacts): ModerationMessage {
  return facts ? { commentId, settingsVersion: facts.settingsVersion, authorPreviouslyApproved: facts.authorPreviouslyApproved } : { commentId };
}

/** The submission's facts a message carries; undefined unless it carries both. */
export function submissionFactsOf(message: ModerationMessage): SubmissionFacts | undefined {
  const { settingsVersion, authorPreviouslyApproved } = message;
  return settingsVersion === undefined || authorPreviouslyApproved === undefined ? undefined : { settingsVersion, authorPreviouslyApproved };
}

/** The moderation queue over SQS (`SendMessage`; the SQS client is made on the first send). */
export class SqsModerationQueue implements ModerationQueue {
  constructor(
    private readonly sqs: AwsJsonCall,
    private readonly queueUrl: string,
  ) {}

  async enqueue(commentId: string, facts?: SubmissionFacts): Promise<void> {
    const message = moderationMessage(commentId, facts);
    await this.sqs('SendMessage', { QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) });
  }
}
