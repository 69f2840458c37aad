import type { HeldCommentNotice, ModeratorNotifier } from '../../domain/ports.ts';
import { logger } from '../../observability/logger.ts';

/**
 * The held-comment message: the post, the author, the excerpt, why it was held, one
 * link per action and the moderators' page. Never the email (the notice has none).
 * Without a base URL (misconfigured), the comment id stands in for the links.
 */
export function heldCommentMessage(notice: HeldCommentNotice, moderationUrl: string | undefined): { subject: string; body: string } {
  const base = moderationUrl?.replace(/\/$/, '');
  const link = (token: string) => (base ? `${base}/moderation-links/${token}` : `comment ${notice.commentId}`);
  return {
    subject: `Please moderate: a comment on "${notice.postId}"`.slice(0, 99),
    body: [
      `A new comment on the post "${notice.postId}" is waiting for your approval.`,
      '',
      `Author: ${notice.author}`,
      `Comment: ${notice.excerpt}`,
      `Why it was held: ${notice.reasons.join(' ') || 'no reason recorded.'}`,
      '',
      `Approve it: ${link(notice.links.approve)}`,
      `Mark it as spam: ${link(notice.links.spam)}`,
      `Move it to the trash: ${link(notice.links.trash)}`,
      '',
      `Each link asks you to confirm, works once, and expires in 7 days.`,
      `All comments waiting: ${base ? `${base}/moderate` : 'the moderators’ page (/moderate)'}`,
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
