import type { HeldCommentNotice, ModeratorNotifier } from '../../domain/ports.ts';
import { logger } from '../../observability/logger.ts';

export function heldCommentMessage(notice: HeldCommentNotice, moderationUrl: string | undefined): { subject: string; body: string } {
  const link = moderationUrl ? `${moderationUrl.replace(/\/$/, '')}/moderation/comments/${notice.commentId}` : `comment ${notice.commentId}`;
  return {
    subject: `Please moderate: a comment on "${notice.postId}"`.slice(0, 99),
    body: [
      `A new comment on the post "${notice.postId}" is waiting for your approval.`,
      '',
      `Author: ${notice.author}`,
      `Comment: ${notice.excerpt}`,
      `Why it was held: ${notice.reasons.join(' ')}`,
      '',
      `Approve, spam or trash it: ${link}`,
    ].join('\n'),
  };
}

/** Locally (and wherever no topic is configured) moderators read the log. */
export class LogModeratorNotifier implements ModeratorNotifier {
  constructor(private readonly moderationUrl?: string) {}

  async commentHeld(notice: HeldCommentNotice): Promise<void> {
    const { subject, body } = heldCommentMessage(notice, this.moderationUrl);
    logger.info(subject, { notification: body, commentId: notice.commentId });
  }
}
