import { type Comment, CommentId } from '../../domain/comment.ts';
import { DuplicateCommentError, FloodError, RateLimitedError } from '../../domain/errors.ts';
import type { HistoryEvent } from '../../domain/history.ts';
import type { IdempotentAnswer } from '../../domain/ports.ts';
import { withDefaults } from '../../domain/settings.ts';
import type { SubmissionGuards, SubmissionReads, SubmissionStore, SubmissionWanted } from '../../domain/storage-ports.ts';
import { postOf } from './in-memory-post-store.ts';
import { authorKey, type MemoryTable } from './memory-table.ts';

/** A rate counter's key: shared with the request counter, as the DynamoDB `RATE#` items are. */
export const rateKey = (key: string, minute: number): string => `${key}#${minute}`;

/** New comments in memory: the submission's reads, and its write with every guard, all or nothing. */
export class InMemorySubmissionStore implements SubmissionStore {
  constructor(private readonly table: MemoryTable) {}

  async read(postId: string, wanted: SubmissionWanted): Promise<SubmissionReads> {
    const { table } = this;
    const parent = wanted.parentId !== undefined && CommentId.safeParse(wanted.parentId).success ? table.comments.get(wanted.parentId) : undefined;
    const { author } = wanted;
    return {
      settings: withDefaults(table.settings?.settings),
      settingsVersion: table.settings?.version ?? 0,
      authorPreviouslyApproved: author ? (table.approvedAuthors.get(authorKey(author.emailKey, author.author)) ?? 0) > 0 : false,
      post: postOf(table, postId),
      earlier: wanted.idempotencyScope === undefined ? null : this.liveAnswer(wanted.idempotencyScope),
      parent: parent ? { id: parent.id, postId: parent.postId, parentId: parent.parentId, status: parent.status, depth: parent.depth } : null,
    };
  }

  async create(comment: Comment, guards: SubmissionGuards, event?: HistoryEvent): Promise<IdempotentAnswer | null> {
    const { table } = this;
    const nowMs = Date.parse(comment.createdAt);
    const { idempotency, rate } = guards;
    // Every guard is checked before anything is written, in the order the refusals are told.
    if (idempotency) {
      const earlier = this.liveAnswer(idempotency.scope);
      if (earlier) return earlier;
    }
    if (rate && (table.rateCounters.get(rateKey(rate.ipKey, rate.minute)) ?? 0) >= rate.limit) throw new RateLimitedError(rate.retryAfterSeconds);
    if (table.duplicates.has(comment.duplicateKey)) throw new DuplicateCommentError();
    const floodKeys = guards.floodSeconds > 0 ? [...new Set(guards.floodKeys)] : [];
    const threshold = nowMs - guards.floodSeconds * 1000;
    const flooded = floodKeys.map((key) => table.floodMarks.get(key)).find((lastAt) => lastAt !== undefined && lastAt > threshold);
    if (flooded !== undefined) throw new FloodError(guards.floodSeconds - (nowMs - flooded) / 1000);
    // An id used twice: never by ULIDs, but not to be mistaken for a guard.
    if (table.comments.has(comment.id)) throw new Error('The comment could not be stored (conditions failed: comment).');

    table.write(comment);
    table.duplicates.set(comment.duplicateKey, comment.id);
    if (idempotency) {
      const { scope, fingerprint, answer, expiresAt } = idempotency;
      table.idempotency.set(scope, structuredClone({ fingerprint, answer, expiresAt: Math.floor(expiresAt.getTime() / 1000) }));
      // The stored answer names the author: erase must be able to find it by email key.
      if (comment.emailKey) table.idempotencyByAuthor.set(comment.emailKey, new Set([...(table.idempotencyByAuthor.get(comment.emailKey) ?? []), scope]));
    }
    if (rate) table.rateCounters.set(rateKey(rate.ipKey, rate.minute), (table.rateCounters.get(rateKey(rate.ipKey, rate.minute)) ?? 0) + 1);
    // A comment stored already approved (a moderator's reply) counts at once.
    if (comment.status === 'approved') {
      table.addToPost(comment.postId, 1);
      if (comment.emailKey) table.addToAuthor(authorKey(comment.emailKey, comment.author), 1);
    }
    for (const key of floodKeys) table.floodMarks.set(key, nowMs);
    if (event) table.appendHistory(comment.id, event);
    return null;
  }

  /** An answer past its expiry counts as gone (DynamoDB's TTL lags; the adapter checks the time). */
  private liveAnswer(scope: string): IdempotentAnswer | null {
    const stored = this.table.idempotency.get(scope);
    if (!stored || stored.expiresAt < this.table.now().getTime() / 1000) return null;
    return structuredClone({ fingerprint: stored.fingerprint, answer: stored.answer });
  }
}
