import type { SNSClient } from '@aws-sdk/client-sns';
import type { HeldCommentNotice, ModeratorNotifier } from '../../domain/ports.ts';
import { heldCommentMessage } from './notifiers.ts';

/** On AWS: an SNS topic that moderators subscribe to by email. The SNS client loads on the first held comment, not at cold start. */
export class SnsModeratorNotifier implements ModeratorNotifier {
  constructor(
    private readonly client: () => Promise<SNSClient>,
    private readonly topicArn: string,
    private readonly moderationUrl?: string,
  ) {}

  async commentHeld(notice: HeldCommentNotice): Promise<void> {
    const { subject, body } = heldCommentMessage(notice, this.moderationUrl);
    const [client, { PublishCommand }] = await Promise.all([this.client(), import('./sns-client.ts')]);
    await client.send(new PublishCommand({ TopicArn: this.topicArn, Subject: subject, Message: body }));
  }
}
