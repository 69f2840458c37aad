import { type Comment, CommentId, MAX_USER_AGENT } from '../domain/comment.ts';
import { commentSubmissionSchema } from '../domain/comment-input.ts';
import { CommentsClosedError, type FieldErrors, ParentNotApprovedError, ValidationError } from '../domain/errors.ts';
import { areCommentsOpen } from '../domain/post.ts';
import type { Settings } from '../domain/settings.ts';
import { logger } from '../observability/logger.ts';
import type { CommentServiceDeps } from './deps.ts';

const submissionSchemas = { required: commentSubmissionSchema(true), optional: commentSubmissionSchema(false) };

export interface SubmissionContext {
  postId: string;
  /** From the request context (never a client header unless a trusted proxy says so). */
  ip: string | null;
  userAgent: string | null;
}

/**
 * "Leave A Reply": WordPress's checks in WordPress's order (parent, closed,
 * fields, duplicate, flood), then store as pending and queue for moderation.
 */
export async function submitComment(deps: CommentServiceDeps, body: unknown, context: SubmissionContext): Promise<Comment> {
  const { comments, hasher, clock } = deps;
  const now = clock.now();
  const input = isRecord(body) ? body : {};
  const [settings, post] = await Promise.all([comments.getSettings(), comments.getPost(context.postId)]);

  const parent = await findParent(deps, input.parentId, context.postId, settings);
  if (!areCommentsOpen(post, settings.closeAfterDays, now)) throw new CommentsClosedError();

  const parsed = submissionSchemas[settings.requireNameEmail ? 'required' : 'optional'].safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  const values = parsed.data;
  const author = values.author ?? '';
  const email = values.email ?? '';
  const content = values.content;

  const id = deps.ids.next(now);
  const emailKey = email === '' ? null : await hasher.emailKey(email);
  const storedAuthor = author === '' ? 'Anonymous' : author;
  const comment: Comment = {
    id,
    postId: context.postId,
    parentId: parent?.id ?? null,
    author: storedAuthor,
    email,
    url: values.url ?? null,
    content,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    status: 'pending',
    previousStatus: null,
    ip: context.ip,
    userAgent: context.userAgent === null ? null : [...context.userAgent].slice(0, MAX_USER_AGENT).join(''),
    avatar: email === '' ? null : await hasher.avatarSeed(email),
    moderation: { decidedBy: null, reasons: [], decidedAt: null, checkedAt: null, moderator: null },
    depth: parent ? parent.depth + 1 : 1,
    emailKey,
    duplicateKey: await hasher.digest(context.postId, parent?.id ?? '', storedAuthor, emailKey ?? '', content),
    version: 1,
  };

  const floodKeys = [emailKey && `email:${emailKey}`, context.ip && `ip:${await hasher.ipKey(context.ip)}`].filter(
    (key): key is string => Boolean(key),
  );
  await comments.create(comment, { floodKeys, floodSeconds: settings.floodSeconds });
  await enqueueOrLeaveForSweeper(deps, id);
  return comment;
}

/**
 * The comment being replied to must exist, be approved and be on the same post.
 * Replies deeper than `threadDepth` attach to the deepest allowed ancestor.
 */
async function findParent(deps: CommentServiceDeps, parentId: unknown, postId: string, settings: Settings): Promise<Comment | null> {
  if (parentId === undefined || parentId === null || parentId === '') return null;
  if (typeof parentId !== 'string' || !CommentId.safeParse(parentId).success) throw new ParentNotApprovedError();
  let parent = await deps.comments.get(parentId);
  if (!parent || parent.status !== 'approved' || parent.postId !== postId) throw new ParentNotApprovedError();
  while (parent && parent.depth >= settings.threadDepth) {
    parent = parent.parentId ? await deps.comments.get(parent.parentId) : null;
  }
  return parent;
}

/** A comment once stored is never lost: if the queue is down, the sweeper queues it later. */
async function enqueueOrLeaveForSweeper(deps: CommentServiceDeps, commentId: string): Promise<void> {
  try {
    await deps.queue.enqueue(commentId);
  } catch (error) {
    logger.warn('Could not queue the comment for moderation; the sweeper will queue it', { commentId, error });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first message per top-level field, keyed by the JSON field name. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'body');
    fields[key] ??= issue.message;
  }
  return fields;
}
