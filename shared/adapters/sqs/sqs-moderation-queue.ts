import type { SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { CommentId } from '../../domain/comment.ts';
import type { ModerationQueue } from '../../domain/ports.ts';

/** After this many receives SQS moves a message to the dead-letter queue (the CDK queue and the local one agree). */
export const MAX_RECEIVE_COUNT = 5;

/** The whole queue message: an id, never personal data. */
export const ModerationMessage = z.object({ commentId: CommentId }).strict();
export type ModerationMessage = z.infer<typeof ModerationMessage>;

/**
 * The SQS client (and the SDK's SQS module) is loaded on the first send, not at cold start:
 * the public function's reads and the worker never need it.
 */
export class SqsModerationQueue implements ModerationQueue {
  constructor(
    private readonly client: () => Promise<SQSClient>,
    private readonly queueUrl: string,
  ) {}

  async enqueue(commentId: string): Promise<void> {
    const message: ModerationMessage = { commentId };
    const [client, { SendMessageCommand }] = await Promise.all([this.client(), import('./sqs-commands.ts')]);
    await client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }));
  }
}
