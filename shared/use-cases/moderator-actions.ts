import * as z from 'zod';
import type { Comment } from '../domain/comment.ts';
import { commentInputFields, toAuthorName } from '../domain/comment-input.ts';
import { CommentServiceError, InvalidTransitionError, NotFoundError } from '../domain/errors.ts';
import { type HistoryEvent, moderatorActor } from '../domain/history.ts';
import { newComment } from '../domain/new-comment.ts';
import { REPLY_TO_STATUS, STATUS_ACTIONS, type StatusAction, statusChange } from '../domain/status-actions.ts';
import { duplicateKeyFor } from '../domain/submission-guards.ts';
import type { Actor, CommentServiceDeps } from './deps.ts';
import { retryOnVersion, VERSION_CONFLICT } from './retry-on-version.ts';

// The moderators' function edits with a submission's field rules: built when it loads.
const { authorField, contentField, urlField } = commentInputFields();

export { STATUS_ACTIONS, type StatusAction };

type Deps = Pick<CommentServiceDeps, 'comments' | 'clock' | 'hasher'>;

export async function getComment(deps: Pick<CommentServiceDeps, 'comments'>, id: string): Promise<Comment> {
  const comment = await deps.comments.get(id);
  if (!comment) throw new NotFoundError('No comment has this id.');
  return comment;
}

/**
 * approve / unapprove / spam / trash / restore. The human decision is recorded
 * with who and when; a concurrent change is re-read and the action re-checked.
 */
export async function applyStatusAction(deps: Deps, id: string, action: StatusAction, actor: Actor): Promise<Comment> {
  return updateWithRetry(deps, id, (comment) => statusChange(comment, action, deps.clock.now(), moderatorActor(actor.sub), actor.sub));
}

export const CommentEdit = z
  .object({ author: authorField.refine((v) => v !== '', 'Please enter a name.'), url: urlField.nullable(), content: contentField })
  .partial()
  .strict()
  .meta({ id: 'CommentEdit' });
export type CommentEdit = z.infer<typeof CommentEdit>;

/** A moderator's edit (validated like a submission by the route's schema), not moderated again. */
export async function editComment(deps: Deps, id: string, edit: CommentEdit, actor: Actor): Promise<Comment> {
  return updateWithRetry(deps, id, async (comment) => {
    const now = deps.clock.now().toISOString();
    const next: Comment = {
      ...comment,
      ...(edit.author !== undefined ? { author: edit.author } : {}),
      ...(edit.url !== undefined ? { url: edit.url } : {}),
      ...(edit.content !== undefined ? { content: edit.content } : {}),
      updatedAt: now,
      moderation: { ...comment.moderation, moderator: actor.sub },
    };
    next.duplicateKey = await duplicateKeyFor(deps.hasher, next);
    // Which fields changed, never their values: the history holds no personal data.
    const fields = Object.keys(edit).join(', ');
    return { after: next, event: { at: now, actor: moderatorActor(actor.sub), action: 'edit', from: comment.status, to: comment.status, reasons: [`Edited by a moderator: ${fields}.`] } };
  });
}

/** Deleting for good moves the comment's replies up to its own parent, as WordPress does. */
export async function deleteComment(deps: Deps, id: string, actor: Actor): Promise<void> {
  const comment = await getComment(deps, id);
  // Replies first: if anything fails midway, no reply points at a comment that is gone.
  for (const reply of await deps.comments.listReplies(comment.postId, comment.id)) {
    await updateWithRetry(deps, reply.id, (current) => ({
      ...current,
      parentId: comment.parentId,
      depth: Math.max(1, current.depth - 1),
      updatedAt: deps.clock.now().toISOString(),
    })).catch(ignoreNotFound);
  }
  await retryOnVersion(async (attempt) => {
    const current = attempt === 1 ? comment : await getComment(deps, id);
    const event: HistoryEvent = { at: deps.clock.now().toISOString(), actor: moderatorActor(actor.sub), action: 'delete', from: current.status, to: null };
    return (await deps.comments.remove(current, event)) ? undefined : VERSION_CONFLICT;
  });
}

/** Shown on a reply whose moderator has no usable name. */
const MODERATOR_NAME = 'Moderator';

export const ModeratorReply = z.object({ content: contentField }).meta({ id: 'ModeratorReply' });
export type ModeratorReply = z.infer<typeof ModeratorReply>;

/**
 * A moderator's reply is approved at once, and approves the pending comment it
 * answers (WordPress: "Approve and Reply").
 */
export async function replyAsModerator(deps: CommentServiceDeps, parentId: string, command: ModeratorReply, actor: Actor): Promise<Comment> {
  let parent = await getComment(deps, parentId);
  const effect = REPLY_TO_STATUS[parent.status];
  if (effect === 'refuse') throw new InvalidTransitionError(`Cannot reply to a comment that is ${parent.status}.`);
  if (effect === 'approve') parent = await applyStatusAction(deps, parentId, 'approve', actor);

  const now = deps.clock.now();
  const at = now.toISOString();
  const settings = await deps.settings.get();
  const attachTo = parent.depth >= settings.threadDepth && parent.parentId ? parent.parentId : parent.id;
  // The name comes from the token, which its holder may have written: the author rules apply.
  const author = toAuthorName(actor.name) ?? MODERATOR_NAME;
  const reply = await newComment(deps.hasher, {
    id: deps.ids.next(now),
    postId: parent.postId,
    parentId: attachTo,
    depth: Math.min(parent.depth + 1, settings.threadDepth),
    author,
    email: actor.email ?? '',
    url: null,
    content: command.content,
    createdAt: at,
    status: 'approved',
    ip: null,
    userAgent: null,
    moderation: { decidedBy: 'moderator', reasons: ['Written by a moderator.'], decidedAt: at, checkedAt: at, moderator: actor.sub },
  });
  // Moderators are never throttled: no flood guard.
  await deps.submissions.create(reply, { floodKeys: [], floodSeconds: 0 }, { at, actor: moderatorActor(actor.sub), action: 'reply', from: null, to: 'approved' });
  return reply;
}

export const BATCH_ACTIONS = [...STATUS_ACTIONS, 'delete'] as const;
export const BatchRequest = z
  .object({
    action: z.enum(BATCH_ACTIONS, { error: `action must be one of: ${BATCH_ACTIONS.join(', ')}.` }),
    ids: z.array(z.string().max(64), { error: 'ids must be a list of comment ids.' }).min(1, 'Give at least one id.').max(100, 'At most 100 ids at once.'),
  })
  .meta({ id: 'BatchRequest' });
export type BatchRequest = z.infer<typeof BatchRequest>;

export interface BatchResult {
  id: string;
  ok: boolean;
  error?: { code: string; message: string };
}

export async function runBatch(deps: CommentServiceDeps, { action, ids }: BatchRequest, actor: Actor): Promise<BatchResult[]> {
  const results: BatchResult[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      if (action === 'delete') await deleteComment(deps, id, actor);
      else await applyStatusAction(deps, id, action, actor);
      results.push({ id, ok: true });
    } catch (error) {
      if (!(error instanceof CommentServiceError)) throw error;
      results.push({ id, ok: false, error: { code: error.code, message: error.message } });
    }
  }
  return results;
}

function ignoreNotFound(error: unknown): void {
  if (!(error instanceof NotFoundError)) throw error;
}

type Change = Comment | { after: Comment; event: HistoryEvent };

/**
 * Reads, changes and writes back with the version check; retries when somebody else wrote first.
 * A change that is a decision comes with its history event, written in the same atomic write.
 */
export async function updateWithRetry(deps: Pick<CommentServiceDeps, 'comments'>, id: string, change: (comment: Comment) => Change | Promise<Change>): Promise<Comment> {
  return retryOnVersion(async () => {
    const comment = await getComment(deps, id);
    const changed = await change(comment);
    const { after, event } = 'after' in changed ? changed : { after: changed, event: undefined };
    return (await deps.comments.save(comment, after, event)) ? { ...after, version: comment.version + 1 } : VERSION_CONFLICT;
  });
}
