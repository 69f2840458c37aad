import type { Comment, CommentStatus } from './comment.ts';
import { InvalidTransitionError } from './errors.ts';
import type { HistoryEvent } from './history.ts';

/**
 * A human's status actions (WordPress's comment actions) as pure rules: which statuses
 * each applies to, the comment after it, and the history event recording it. Shared by
 * the moderator routes and the notification links (and light enough for the worker).
 */
export const STATUS_ACTIONS = ['approve', 'unapprove', 'spam', 'trash', 'restore'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

/** Which statuses each action applies to (WordPress's comment actions). */
const FROM: Record<StatusAction, readonly CommentStatus[]> = {
  approve: ['pending'],
  unapprove: ['approved'],
  spam: ['pending', 'approved'],
  trash: ['pending', 'approved', 'spam'],
  restore: ['spam', 'trash'],
};

const ACTION_REASON: Record<StatusAction, string> = {
  approve: 'Approved by a moderator.',
  unapprove: 'Unapproved by a moderator.',
  spam: 'Marked as spam by a moderator.',
  trash: 'Moved to the trash by a moderator.',
  restore: 'Restored by a moderator.',
};

/** Whether `action` applies to a comment in `status` (WordPress's comment actions). */
export function actionApplies(action: StatusAction, status: CommentStatus): boolean {
  return FROM[action].includes(status);
}

/**
 * The comment after a human's status action, and the history event recording it.
 * `actor` is the history's actor (`moderator:<sub>` or `link`); `moderator` what the
 * comment's moderation record names.
 */
export function statusChange(comment: Comment, action: StatusAction, at: Date, actor: string, moderator: string): { after: Comment; event: HistoryEvent } {
  if (!actionApplies(action, comment.status)) throw new InvalidTransitionError(`Cannot ${action} a comment that is ${comment.status}.`);
  const now = at.toISOString();
  const status: CommentStatus = action === 'approve' ? 'approved' : action === 'unapprove' ? 'pending' : action === 'restore' ? (comment.previousStatus ?? 'pending') : action;
  const reasons = [ACTION_REASON[action]];
  return {
    after: {
      ...comment,
      status,
      previousStatus: action === 'spam' || action === 'trash' ? comment.status : null,
      updatedAt: now,
      moderation: { ...comment.moderation, decidedBy: 'moderator', moderator, decidedAt: now, reasons },
    },
    event: { at: now, actor, action, from: comment.status, to: status, reasons },
  };
}

