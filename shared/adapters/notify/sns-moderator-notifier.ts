import type { HeldCommentNotice, ModeratorNotifier } from '../../domain/ports.ts';
import { heldCommentMessage } from './notifiers.ts';
import type { SnsPublish } from './sns-client.ts';

/** On AWS: an SNS topic that moderators subscribe to by email. */
export class SnsModeratorNotifier implements ModeratorNotifier {
  constructor(
    private readonly publish: SnsPublish,
    private readonly topicArn: string,
    private readonly moderationUrl?: string,
  ) {}

  async commentHeld(notice: HeldCommentNotice): Promise<void> {
    const { subject, body } = heldCommentMessage(notice, this.moderationUrl);
    await this.publish({ TopicArn: this.topicArn, Subject: subject, Message: body });
  }
}
