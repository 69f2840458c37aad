import type { Comment, CommentStatus } from './comment.ts';
import { InvalidTransitionError } from './errors.ts';
import type { HistoryEvent } from './history.ts';
import type { Verdict } from './moderation-rules.ts';

/**
 * Every status change as a table (WordPress's comment actions): which statuses a human's
 * action applies to and where it leads, what a reply does to the comment it answers, and
 * what the worker's verdict makes of a pending comment. Shared by the moderator routes,
 * the notification links and the worker (light enough for its bundle).
 */
export const STATUS_ACTIONS = ['approve', 'unapprove', 'spam', 'trash', 'restore'] as const;
export type StatusAction = (typeof STATUS_ACTIONS)[number];

interface Transition {
  from: readonly CommentStatus[];
  /** `previous`: back to the status the comment had before spam or trash (pending if none is known). */
  to: CommentStatus | 'previous';
  /** Spam and trash remember where the comment was, for restore. */
  remembersPrevious: boolean;
  reason: string;
}

export const TRANSITIONS: Readonly<Record<StatusAction, Transition>> = {
  approve: { from: ['pending'], to: 'approved', remembersPrevious: false, reason: 'Approved by a moderator.' },
  unapprove: { from: ['approved'], to: 'pending', remembersPrevious: false, reason: 'Unapproved by a moderator.' },
  spam: { from: ['pending', 'approved'], to: 'spam', remembersPrevious: true, reason: 'Marked as spam by a moderator.' },
  trash: { from: ['pending', 'approved', 'spam'], to: 'trash', remembersPrevious: true, reason: 'Moved to the trash by a moderator.' },
  restore: { from: ['spam', 'trash'], to: 'previous', remembersPrevious: false, reason: 'Restored by a moderator.' },
};

/** Whether `action` applies to a comment in `status`. */
export function actionApplies(action: StatusAction, status: CommentStatus): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/**
 * The comment after a human's status action, and the history event recording it.
 * `actor` is the history's actor (`moderator:<sub>` or `link`); `moderator` what the
 * comment's moderation record names.
 */
export function statusChange(comment: Comment, action: StatusAction, at: Date, actor: string, moderator: string): { after: Comment; event: HistoryEvent } {
  if (!actionApplies(action, comment.status)) throw new InvalidTransitionError(`Cannot ${action} a comment that is ${comment.status}.`);
  const transition = TRANSITIONS[action];
  const now = at.toISOString();
  const status: CommentStatus = transition.to === 'previous' ? (comment.previousStatus ?? 'pending') : transition.to;
  const reasons = [transition.reason];
  return {
    after: {
      ...comment,
      status,
      previousStatus: transition.remembersPrevious ? comment.status : null,
      updatedAt: now,
      moderation: { ...comment.moderation, decidedBy: 'moderator', moderator, decidedAt: now, reasons },
    },
    event: { at: now, actor, action, from: comment.status, to: status, reasons },
  };
}

/**
 * What a moderator's reply does to the comment it answers ("Approve and Reply"): a
 * pending one is approved first, an approved one stays, spam and trash take no reply.
 */
export const REPLY_TO_STATUS: Readonly<Record<CommentStatus, 'approve' | 'keep' | 'refuse'>> = {
  pending: 'approve',
  approved: 'keep',
  spam: 'refuse',
  trash: 'refuse',
};

/** The worker's verdict on a pending comment: the status it leads to (spam remembers pending). */
export const VERDICT_STATUS: Readonly<Record<Verdict, CommentStatus>> = {
  approve: 'approved',
  hold: 'pending',
  spam: 'spam',
};
