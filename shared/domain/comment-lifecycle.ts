/**
 * Where a stored comment stands in its life: whether the moderation worker still has to look
 * at it, and when trash is removed for good. Storage adapters call these instead of
 * re-deciding (the sweeper's index filter and the trash TTL follow them).
 */

import type { Comment } from './comment.ts';

/** Trash is removed for good this long after it was trashed (WordPress's EMPTY_TRASH_DAYS). */
export const TRASH_LIFETIME_DAYS = 30;

/**
 * The worker has not looked at it, and no moderator decided before it could: the worker (or
 * the sweeper re-queueing for it) still owes it a check. A moderator's decision ends that, so
 * the sweeper never re-queues such a comment forever.
 */
export function awaitsWorker(comment: Pick<Comment, 'moderation'>): boolean {
  return comment.moderation.checkedAt === null && comment.moderation.decidedBy !== 'moderator';
}

/** Pending and owed a check: what the worker decides; anything else it leaves as it is. */
export function isUndecided(comment: Pick<Comment, 'status' | 'moderation'>): boolean {
  return comment.status === 'pending' && awaitsWorker(comment);
}

/** When a comment in the trash is removed for good (counted from its last change); null outside the trash. */
export function trashExpiresAt(comment: Pick<Comment, 'status' | 'updatedAt'>): Date | null {
  if (comment.status !== 'trash') return null;
  return new Date(Date.parse(comment.updatedAt) + TRASH_LIFETIME_DAYS * 86_400_000);
}
