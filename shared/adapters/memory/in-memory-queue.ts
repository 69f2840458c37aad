import type { ModerationMessage } from '../sqs/sqs-moderation-queue.ts';
import type { ModerationQueue } from '../../domain/ports.ts';

/** The moderation queue in memory: the same message bodies SQS would carry (an id, nothing personal). */
export class InMemoryModerationQueue implements ModerationQueue {
  private readonly bodies: string[] = [];

  async enqueue(commentId: string): Promise<void> {
    const message: ModerationMessage = { commentId };
    this.bodies.push(JSON.stringify(message));
  }

  /** Takes every waiting message body off the queue, oldest first. */
  receiveAll(): string[] {
    return this.bodies.splice(0);
  }
}
