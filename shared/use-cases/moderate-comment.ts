import type { Comment } from '../domain/comment.ts';
import { isUndecided } from '../domain/comment-lifecycle.ts';
import { HISTORY_ACTORS, type HistoryEvent, personalDataRedactor } from '../domain/history.ts';
import { LINK_ACTIONS, LINK_LIFETIME_MS, type LinkAction } from '../domain/moderation-link.ts';
import { decide } from '../domain/moderation-rules.ts';
import { VERDICT_STATUS } from '../domain/status-actions.ts';
import { stripTags } from '../domain/text.ts';
import type { SubmissionFacts } from '../domain/ports.ts';
import type { CommentServiceDeps } from './deps.ts';

export type ModerationOutcome = 'approved' | 'held' | 'spam' | 'missing' | 'already-decided';

const EXCERPT_LENGTH = 200;

export type ModerationDeps = Pick<CommentServiceDeps, 'comments' | 'backlog' | 'decisionSettings' | 'notifier' | 'clock' | 'links' | 'telemetry'>;

/**
 * What the queue worker does with one comment id. Idempotent: a comment already
 * checked, or decided by a moderator, is left as it is — the write is conditional
 * on the version read, so a moderator acting meanwhile always wins.
 *
 * With the submission's facts (the queue message carries them) it decides with the author's
 * record as the submission read it, like WordPress, and with the settings the submission
 * read or newer ones (`decisionSettings`: a warm worker reads nothing for them) — one read
 * and one write in all. Without them (the sweeper's re-queued comments, messages of an older
 * deployment) it reads the current settings and the author's record.
 */
export async function moderateComment(deps: ModerationDeps, commentId: string, facts?: SubmissionFacts): Promise<ModerationOutcome> {
  const { comments, clock } = deps;
  const comment = await comments.get(commentId);
  if (!comment) return 'missing';
  if (!isUndecided(comment)) return 'already-decided';

  const { settings, authorPreviouslyApproved } = facts
    ? { settings: await deps.decisionSettings.atLeast(facts.settingsVersion), authorPreviouslyApproved: facts.authorPreviouslyApproved }
    : await deps.backlog.decisionInputs(comment);
  const decision = decide(comment, settings, { authorPreviouslyApproved: settings.previouslyApproved && authorPreviouslyApproved });

  const now = clock.now().toISOString();
  const status = VERDICT_STATUS[decision.verdict];
  const after: Comment = {
    ...comment,
    status,
    previousStatus: status === 'spam' ? 'pending' : comment.previousStatus,
    updatedAt: now,
    moderation: { decidedBy: 'rules', reasons: decision.reasons, decidedAt: now, checkedAt: now, moderator: null },
  };
  const redact = redactor(comment);
  const event: HistoryEvent = {
    at: now,
    actor: HISTORY_ACTORS.worker,
    action: decision.verdict,
    from: comment.status,
    to: status,
    reasons: decision.reasons.map(redact),
  };
  if (!(await comments.save(comment, after, event))) return 'already-decided';

  // Stored as the next version: the links are bound to it.
  if (decision.verdict === 'hold') await notifyModerators(deps, { ...after, version: comment.version + 1 });
  const outcome = decision.verdict === 'approve' ? 'approved' : decision.verdict === 'hold' ? 'held' : 'spam';
  deps.telemetry.info('Comment moderated', { commentId, outcome, reasons: decision.reasons.length });
  return outcome;
}

/** A failed notification must not undo a decision: it is logged, the comment stays held and listed. */
async function notifyModerators(deps: Pick<CommentServiceDeps, 'notifier' | 'links' | 'clock' | 'telemetry'>, comment: Comment): Promise<void> {
  const text = stripTags(comment.content).replace(/\s+/g, ' ').trim();
  const redact = redactor(comment);
  try {
    await deps.notifier.commentHeld({
      commentId: comment.id,
      postId: comment.postId,
      author: redact(comment.author),
      excerpt: redact(text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH)}…` : text),
      reasons: comment.moderation.reasons.map(redact),
      links: await linksFor(deps, comment),
    });
  } catch (error) {
    deps.telemetry.error('Could not notify moderators of a held comment', { commentId: comment.id, error });
  }
}

/**
 * The notice and the history never carry the commenter's email or IP — not even inside
 * a reason quoting a moderation key, where moderators often list whole addresses.
 */
function redactor(comment: Comment): (text: string) => string {
  return personalDataRedactor([comment.email, comment.ip]);
}

/** One token per action for a comment just held, bound to the version it was stored with. */
async function linksFor(deps: Pick<CommentServiceDeps, 'links' | 'clock'>, comment: Comment): Promise<Record<LinkAction, string>> {
  const expiresAt = new Date(deps.clock.now().getTime() + LINK_LIFETIME_MS);
  const entries = await Promise.all(LINK_ACTIONS.map(async (action) => [action, await deps.links.sign({ commentId: comment.id, action, version: comment.version, expiresAt })] as const));
  return Object.fromEntries(entries) as Record<LinkAction, string>;
}
