/**
 * WordPress's `unapproved` + `moderation-hash`: the author of a pending comment, holding the
 * hash from the submission's answer, sees that one comment in place while it waits.
 */

import { timingSafeEqual } from 'node:crypto';
import { CommentId, type ListedComment, type PublicComment } from '../domain/comment.ts';
import type { ApprovedPage, PageRequest } from '../domain/ports.ts';
import type { ApprovedListing } from '../domain/storage-ports.ts';
import type { CommentServiceDeps } from './deps.ts';

/** The hash works this long after submission (API.md: at least 10 minutes, at most 7 days). */
export const MODERATION_HASH_LIFETIME_MS = 7 * 86_400_000;
/** Clocks of two instances may differ slightly: a comment "from the future" by this much still counts. */
const CLOCK_SKEW_MS = 60_000;
/** base64url of an HMAC-SHA256. */
const HASH_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export interface ModerationPair {
  unapproved?: string | undefined;
  hash?: string | undefined;
}

export async function moderationHashFor(deps: Pick<CommentServiceDeps, 'hasher'>, comment: { id: string; createdAt: string }): Promise<string> {
  return deps.hasher.moderationHash(comment.id, comment.createdAt);
}

/**
 * The pending comment this pair unlocks on this post, or null for a missing, malformed, forged,
 * expired or other-comment pair (ignored, never an error). Costs one read by key, only when the
 * pair is well formed.
 */
export async function ownPendingComment(deps: Pick<CommentServiceDeps, 'comments' | 'hasher' | 'clock'>, postId: string, pair: ModerationPair): Promise<PublicComment | null> {
  const { unapproved, hash } = pair;
  if (!unapproved || !hash || !CommentId.safeParse(unapproved).success || !HASH_SHAPE.test(hash)) return null;
  const standing = await deps.comments.getStanding(unapproved);
  if (standing?.status !== 'pending' || standing.postId !== postId) return null;
  const age = deps.clock.now().getTime() - Date.parse(standing.comment.createdAt);
  if (!(age >= -CLOCK_SKEW_MS && age <= MODERATION_HASH_LIFETIME_MS)) return null;
  const expected = Buffer.from(await deps.hasher.moderationHash(standing.comment.id, standing.comment.createdAt));
  const given = Buffer.from(hash);
  return expected.length === given.length && timingSafeEqual(expected, given) ? standing.comment : null;
}

/**
 * Puts the author's pending comment in its place (ids sort by creation time) when it falls
 * within this page: after the comment the cursor continues from, and before the next page.
 */
export function withOwnPending(page: ApprovedPage, own: PublicComment | null): ListedComment[] {
  const { startAfter } = page;
  const items: ListedComment[] = page.items;
  if (!own || items.some((c) => c.id === own.id)) return items;
  const last = items.at(-1);
  const afterStart = startAfter === null || own.id > startAfter;
  const beforeEnd = page.nextCursor === null || (last !== undefined && own.id < last.id);
  if (!afterStart || !beforeEnd) return items;
  const at = items.findIndex((c) => c.id > own.id);
  const listed: ListedComment = { ...own, awaitingModeration: true };
  return at === -1 ? [...items, listed] : [...items.slice(0, at), listed, ...items.slice(at)];
}

/** A public page: approved comments, with the author's own pending one in place when the pair unlocks it. */
export interface PublicPage {
  page: ApprovedListing;
  comments: ListedComment[];
  /** Whether the author's pending comment is in it: then the answer is theirs alone (never cached publicly). */
  ownPending: boolean;
}

/** One page of a post's public list, read together with the pair's pending comment (one request each, at once). */
export async function publicPage(deps: Pick<CommentServiceDeps, 'comments' | 'hasher' | 'clock'>, postId: string, request: PageRequest, pair: ModerationPair): Promise<PublicPage> {
  const [page, own] = await Promise.all([deps.comments.listApproved(postId, request), ownPendingComment(deps, postId, pair)]);
  return { page, comments: withOwnPending(page, own), ownPending: own !== null };
}
