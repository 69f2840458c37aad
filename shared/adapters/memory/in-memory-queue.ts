import { moderationMessage } from '../sqs/sqs-moderation-queue.ts';
import type { ModerationQueue, SubmissionFacts } from '../../domain/ports.ts';

/** The moderation queue in memory: the same message bodies SQS would carry (an id and the submission's facts, nothing personal). */
export class InMemoryModerationQueue implements ModerationQueue {
  private readonly bodies: string[] = [];

  async enqueue(commentId: string, facts?: SubmissionFacts): Promise<void> {
    this.bodies.push(JSON.stringify(moderationMessage(commentId, facts)));
  }

  /** Takes every waiting message body off the queue, oldest first. */
  receiveAll(): string[] {
    return this.bodies.splice(0);
  }
}
