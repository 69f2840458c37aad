import { HISTORY_ACTORS, type HistoryEvent } from '../domain/history.ts';
import { botTrapReasons, HONEYPOT_FIELD, RENDERED_AT_FIELD } from '../domain/bot-traps.ts';
import { type Comment, CommentId, toSubmittedComment } from '../domain/comment.ts';
import { builtOnFirstUse } from '../domain/built-on-first-use.ts';
import { commentInputFields, commentSubmissionSchema } from '../domain/comment-input.ts';
import { CommentsClosedError, ParentNotApprovedError, ValidationError } from '../domain/errors.ts';
import { authorOrAnonymous, newComment } from '../domain/new-comment.ts';
import { parseInput } from '../domain/parse-input.ts';
import type { IdempotencyClaim, IdempotentAnswer, SubmissionFacts, SubmittedAnswer } from '../domain/ports.ts';
import type { AuthorRecordKey, ParentCandidate, SubmissionGuards, SubmissionReads } from '../domain/storage-ports.ts';
import { floodKeysFor } from '../domain/submission-guards.ts';
import { areCommentsOpen } from '../domain/post.ts';
import type { Settings } from '../domain/settings.ts';
import { throttleSubject } from '../privacy/anonymise-ip.ts';
import type { CommentServiceDeps } from './deps.ts';

// Built on the first submission, not at cold start (most cold starts serve reads).
const submissionSchemas = builtOnFirstUse(() => ({ required: commentSubmissionSchema(true), optional: commentSubmissionSchema(false) }));

/** How long a retry with the same Idempotency-Key gets the first answer. */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

/**
 * The submitted fields by their JSON names (the route maps the WordPress form's names
 * onto these), not yet checked: see submitComment for why the checks are made here.
 */
export type SubmittedFields = Readonly<Record<string, unknown>>;

export interface SubmissionContext {
  postId: string;
  /** From the request context (never a client header unless a trusted proxy says so). */
  ip: string | null;
  userAgent: string | null;
  /** The `Idempotency-Key` header (shape already checked), if sent. */
  idempotencyKey?: string | null | undefined;
  /** A verified moderator: never rate limited, flood-checked or bot-trapped. */
  moderator?: boolean | undefined;
}

/**
 * "Leave A Reply": a retry of an earlier submission (same Idempotency-Key) gets the first
 * answer; then WordPress's checks in WordPress's order (parent, closed, fields), then one
 * atomic write that stores the comment as pending only if the per-IP rate limit, the
 * duplicate check and the flood check pass (refused in that order) — two DynamoDB requests
 * in all; then queue it for moderation — or, when a bot trap caught it, store it as spam and
 * answer exactly as for anybody else.
 *
 * Unlike the other use cases this one takes its fields unchecked: which are required
 * depends on a setting (`requireNameEmail`), and WordPress answers "replies to unapproved
 * comments are not allowed" and "comments are closed" before any field error — so the
 * field rules can only run here, after those two checks.
 */
export async function submitComment(deps: CommentServiceDeps, input: SubmittedFields, context: SubmissionContext): Promise<SubmittedAnswer> {
  const { hasher, clock } = deps;
  const now = clock.now();
  const retry = context.idempotencyKey ? await idempotencyKeys(deps, context.postId, context.idempotencyKey, input) : null;
  const author = await authorRecordKey(hasher, input);
  // One read for every check below and for the worker's decision; the rate limit, duplicate and flood checks are conditions of the one write.
  const reads = await deps.submissions.read(context.postId, {
    idempotencyScope: retry?.scope,
    parentId: typeof input.parentId === 'string' ? input.parentId : undefined,
    author: author ?? undefined,
  });
  const { settings, post } = reads;
  if (retry && reads.earlier) return replay(reads.earlier, retry.fingerprint);
  const ipKey = context.ip ? await hasher.ipKey(throttleSubject(context.ip)) : null;

  const parent = await findParent(deps, input.parentId, reads.parent, context.postId, settings);
  if (!areCommentsOpen(post, settings.closeAfterDays, now)) throw new CommentsClosedError();

  const values = parseInput(submissionSchemas()[settings.requireNameEmail ? 'required' : 'optional'], input);

  const id = deps.ids.next(now);
  const at = now.toISOString();
  const trapped = context.moderator ? [] : botTrapReasons(input, now);
  const comment = await newComment(hasher, {
    id,
    postId: context.postId,
    parentId: parent?.id ?? null,
    depth: parent ? parent.depth + 1 : 1,
    author: values.author ?? '',
    email: values.email ?? '',
    url: values.url ?? null,
    content: values.content,
    createdAt: at,
    status: trapped.length > 0 ? 'spam' : 'pending',
    previousStatus: trapped.length > 0 ? 'pending' : null,
    ip: context.ip,
    userAgent: context.userAgent,
    moderation:
      trapped.length > 0
        ? { decidedBy: 'rules', reasons: trapped, decidedAt: at, checkedAt: at, moderator: null }
        : { decidedBy: null, reasons: [], decidedAt: null, checkedAt: null, moderator: null },
  });
  const { emailKey } = comment;

  // A trapped bot gets the answer everybody gets: accepted, pending.
  const answer: SubmittedAnswer = { ...toSubmittedComment(comment), status: 'pending' };
  const claim: IdempotencyClaim | undefined = retry ? { ...retry, answer, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) } : undefined;
  const submitted: HistoryEvent = { at: comment.createdAt, actor: HISTORY_ACTORS.visitor, action: 'submit', from: null, to: comment.status, ...(trapped.length > 0 ? { reasons: trapped } : {}) };
  const rate = !context.moderator && ipKey && settings.ratePerIpPerMinute > 0 ? { ipKey, limit: settings.ratePerIpPerMinute, ...rateWindow(now) } : undefined;
  const guards: SubmissionGuards = {
    floodKeys: floodKeysFor({ emailKey, ipKey }),
    floodSeconds: context.moderator ? 0 : settings.floodSeconds,
    ...(rate ? { rate } : {}),
    ...(claim ? { idempotency: claim } : {}),
  };
  const earlier = await deps.submissions.create(comment, guards, submitted);
  if (earlier && retry) return replay(earlier, retry.fingerprint);

  deps.telemetry.count('submitted');
  if (trapped.length === 0) await enqueueOrLeaveForSweeper(deps, id, submissionFacts(reads, author, comment));
  else {
    deps.telemetry.count('spam');
    deps.telemetry.info('Submission caught by a bot trap: stored as spam', { commentId: id, reasons: trapped });
  }
  return answer;
}

/** Fixed one-minute windows; Retry-After points at the next one. */
export function rateWindow(now: Date): { minute: number; retryAfterSeconds: number } {
  const ms = now.getTime();
  return { minute: Math.floor(ms / 60_000), retryAfterSeconds: Math.ceil((60_000 - (ms % 60_000)) / 1000) };
}

/** The fields that make two requests "the same submission". */
const FINGERPRINTED = ['author', 'email', 'url', 'content', 'parentId', 'consent', HONEYPOT_FIELD, RENDERED_AT_FIELD] as const;

/**
 * An Idempotency-Key is scoped to its post; the stored record is found by a keyed hash of
 * both (the key itself is never stored) and remembers a keyed hash of the request, so that
 * a key reused for another comment is refused instead of answering someone else's.
 */
async function idempotencyKeys(deps: CommentServiceDeps, postId: string, key: string, input: SubmittedFields): Promise<{ scope: string; fingerprint: string }> {
  const values = FINGERPRINTED.map((field) => {
    const value = input[field];
    return value === null || ['string', 'number', 'boolean', 'undefined'].includes(typeof value)
      ? `${typeof value}:${String(value)}`
      : Object.prototype.toString.call(value);
  });
  const [scope, fingerprint] = await Promise.all([deps.hasher.digest('idempotency', postId, key), deps.hasher.digest('idempotent-request', postId, ...values)]);
  return { scope, fingerprint };
}

function replay(earlier: IdempotentAnswer, fingerprint: string): SubmittedAnswer {
  if (earlier.fingerprint !== fingerprint) {
    throw new ValidationError({ 'Idempotency-Key': 'This Idempotency-Key was already used for a different comment. Use a new key for each comment.' });
  }
  return earlier.answer;
}

/**
 * The comment being replied to (read with the submission's other checks) must exist, be
 * approved and be on the same post. Replies deeper than `threadDepth` attach to the deepest
 * allowed ancestor.
 */
async function findParent(deps: CommentServiceDeps, parentId: unknown, named: ParentCandidate | null, postId: string, settings: Settings): Promise<ParentCandidate | null> {
  if (parentId === undefined || parentId === null || parentId === '') return null;
  if (typeof parentId !== 'string' || !CommentId.safeParse(parentId).success) throw new ParentNotApprovedError();
  let parent: ParentCandidate | null = named;
  if (parent?.status !== 'approved' || parent.postId !== postId) throw new ParentNotApprovedError();
  while (parent && parent.depth >= settings.threadDepth) {
    parent = parent.parentId ? await deps.comments.get(parent.parentId) : null;
  }
  return parent;
}

/**
 * Whose approved-comment record the worker's decision needs, worked out before the read from
 * the same field rules (whether name and email are required waits for the settings, the
 * values do not); null without a valid email. `submissionFacts` checks it against the comment.
 */
async function authorRecordKey(hasher: CommentServiceDeps['hasher'], input: SubmittedFields): Promise<AuthorRecordKey | null> {
  const { authorField, emailField } = commentInputFields();
  const email = emailField.safeParse(input.email ?? '');
  const author = authorField.safeParse(input.author ?? '');
  if (!email.success || email.data === '' || !author.success) return null;
  return { emailKey: await hasher.emailKey(email.data), author: authorOrAnonymous(author.data) };
}

/**
 * What the worker decides with besides the comment, as this submission read it (WordPress
 * decides at submission). None if the record read is not the stored comment's author's —
 * the worker then reads it itself.
 */
function submissionFacts(reads: SubmissionReads, author: AuthorRecordKey | null, comment: Comment): SubmissionFacts | undefined {
  const sameAuthor = author === null ? comment.emailKey === null : author.emailKey === comment.emailKey && author.author === comment.author;
  return sameAuthor ? { settingsVersion: reads.settingsVersion, authorPreviouslyApproved: reads.authorPreviouslyApproved } : undefined;
}

/** A comment once stored is never lost: if the queue is down, the sweeper queues it later. */
async function enqueueOrLeaveForSweeper(deps: CommentServiceDeps, commentId: string, facts: SubmissionFacts | undefined): Promise<void> {
  try {
    await deps.queue.enqueue(commentId, facts);
  } catch (error) {
    deps.telemetry.warn('Could not queue the comment for moderation; the sweeper will queue it', { commentId, error });
  }
}

