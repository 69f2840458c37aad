import type { Comment } from '../domain/comment.ts';
import { LinkUsedError, RateLimitedError } from '../domain/errors.ts';
import { HISTORY_ACTORS } from '../domain/history.ts';
import { actionApplies, statusChange } from '../domain/status-actions.ts';
import type { LinkAction, LinkClaim, LinkPreview } from '../domain/moderation-link.ts';
import type { CommentServiceDeps } from './deps.ts';
import { rateWindow } from './submit-comment.ts';

/** Requests per IP and minute on the public link route (GET and POST together). */
export const LINK_REQUESTS_PER_MINUTE = 30;
/** What the comment's moderation record names when a link decided. */
export const LINK_MODERATOR = 'moderation-link';

type Deps = Pick<CommentServiceDeps, 'comments' | 'clock' | 'hasher' | 'links'>;

/** The public route is rate limited per IP with the submission counter, under its own key. */
export async function limitLinkRequests(deps: Pick<CommentServiceDeps, 'requestCounter' | 'clock' | 'hasher'>, ip: string | null): Promise<void> {
  if (!ip) return;
  const { minute, retryAfterSeconds } = rateWindow(deps.clock.now());
  const key = `link:${await deps.hasher.ipKey(ip)}`;
  if (!(await deps.requestCounter.count(key, minute, LINK_REQUESTS_PER_MINUTE))) throw new RateLimitedError(retryAfterSeconds);
}

async function claimedComment(deps: Deps, token: string): Promise<{ claim: LinkClaim; comment: Comment }> {
  const claim = await deps.links.read(token, deps.clock.now());
  const comment = await deps.comments.get(claim.commentId);
  if (!comment) throw new LinkUsedError(null);
  // Used already, or changed since the notification: the link is spent.
  if (comment.version !== claim.version || !actionApplies(claim.action, comment.status)) throw new LinkUsedError(comment.status);
  return { claim, comment };
}

function preview(action: LinkAction, comment: Comment): LinkPreview {
  return { action, status: comment.status, postId: comment.postId, author: comment.author, content: comment.content, reasons: comment.moderation.reasons };
}

/** GET: what the link would do. Changes nothing (mail scanners follow links). */
export async function previewLink(deps: Deps, token: string): Promise<LinkPreview> {
  const { claim, comment } = await claimedComment(deps, token);
  return preview(claim.action, comment);
}

/** POST: does it, once — the write is conditional on the version the link names. */
export async function actOnLink(deps: Deps, token: string): Promise<LinkPreview> {
  const { claim, comment } = await claimedComment(deps, token);
  const { after, event } = statusChange(comment, claim.action, deps.clock.now(), HISTORY_ACTORS.link, LINK_MODERATOR);
  if (!(await deps.comments.save(comment, after, event))) {
    const current = await deps.comments.get(comment.id);
    throw new LinkUsedError(current?.status ?? null);
  }
  return preview(claim.action, after);
}
