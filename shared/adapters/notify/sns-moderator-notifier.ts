import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { HeldCommentNotice, ModeratorNotifier } from '../../domain/ports.ts';
import { heldCommentMessage } from './notifiers.ts';

/** On AWS: an SNS topic that moderators subscribe to by email. */
export class SnsModeratorNotifier implements ModeratorNotifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
    private readonly moderationUrl?: string,
  ) {}

  async commentHeld(notice: HeldCommentNotice): Promise<void> {
    const { subject, body } = heldCommentMessage(notice, this.moderationUrl);
    await this.client.send(new PublishCommand({ TopicArn: this.topicArn, Subject: subject, Message: body }));
  }
}
