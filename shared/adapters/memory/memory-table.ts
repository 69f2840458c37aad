/**
 * The state every in-memory store of one "table" shares, and the rules that follow a comment's
 * change (counts, duplicate markers, request data retention). Same semantics as the DynamoDB
 * adapters (../dynamodb/README.md); each store's write runs without an `await` between its
 * checks and its changes, so it is all or nothing, as a DynamoDB transaction is.
 */

import type { Comment } from '../../domain/comment.ts';
import type { HistoryEvent } from '../../domain/history.ts';
import type { IdempotentAnswer } from '../../domain/ports.ts';
import type { Settings } from '../../domain/settings.ts';

const DAY_MS = 86_400_000;

export interface MemoryTableOptions {
  /** Days IP and user agent are kept. */
  retentionDays: number;
  now?: () => Date;
}

interface RequestData {
  ip: string | null;
  userAgent: string | null;
  /** Epoch ms after which it counts as gone (DynamoDB TTL). */
  expiresAt: number;
}

interface StoredPost {
  commentsOpen?: boolean;
  publishedAt?: string | null;
  approvedCount: number;
}

interface StoredAnswer extends IdempotentAnswer {
  /** Epoch seconds, as the DynamoDB item's `expiresAt`. */
  expiresAt: number;
}

export interface StoredImportRef {
  commentId?: string;
  postId?: string;
  depth?: number;
  waiting: Set<string>;
}

/** Stored comments hold no request data (that lives beside them, and expires). */
type StoredComment = Omit<Comment, 'ip' | 'userAgent'>;

export class MemoryTable {
  readonly comments = new Map<string, StoredComment>();
  readonly requestData = new Map<string, RequestData>();
  readonly history = new Map<string, HistoryEvent[]>();
  readonly posts = new Map<string, StoredPost>();
  settings: { settings: Settings; version: number } | null = null;
  /** Duplicate key → the comment holding it. */
  readonly duplicates = new Map<string, string>();
  /** Flood key → `lastAt` (epoch ms). */
  readonly floodMarks = new Map<string, number>();
  /** `<email key>\0<author>` → approved comments by that name and address. */
  readonly approvedAuthors = new Map<string, number>();
  /** `<key>#<minute>` → requests counted. */
  readonly rateCounters = new Map<string, number>();
  readonly idempotency = new Map<string, StoredAnswer>();
  /** Email key → idempotency scopes whose answers name that author (erase removes them). */
  readonly idempotencyByAuthor = new Map<string, Set<string>>();
  readonly importRefs = new Map<string, StoredImportRef>();
  /** Comment id → when the worker gave up on it. */
  readonly moderationFailed = new Map<string, string>();
  readonly now: () => Date;
  private readonly retentionMs: number;

  constructor(options: MemoryTableOptions) {
    this.retentionMs = options.retentionDays * DAY_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** A copy of the stored comment with its live request data; null when there is none. */
  read(id: string): Comment | null {
    const stored = this.comments.get(id);
    if (!stored) return null;
    const data = this.requestData.get(id);
    // TTL deletion lags on DynamoDB: an expired item counts as gone already.
    const live = data && data.expiresAt > this.now().getTime() ? data : undefined;
    return { ...structuredClone(stored), ip: live?.ip ?? null, userAgent: live?.userAgent ?? null };
  }

  /**
   * Stores the comment; its request data kept from `receivedAt` on (the creation, or an import),
   * or left as it is (`'unchanged'`: a change that did not touch IP or user agent).
   */
  write(comment: Comment, receivedAt: string | 'unchanged' = comment.createdAt): void {
    const { ip, userAgent, ...stored } = structuredClone(comment);
    this.comments.set(comment.id, stored);
    if (receivedAt === 'unchanged') return;
    if (ip === null && userAgent === null) this.requestData.delete(comment.id);
    else this.requestData.set(comment.id, { ip, userAgent, expiresAt: Date.parse(receivedAt) + this.retentionMs });
  }

  /** Deletes the comment and its request data; its history stays. */
  delete(id: string): void {
    this.comments.delete(id);
    this.requestData.delete(id);
    this.moderationFailed.delete(id);
  }

  appendHistory(commentId: string, event: HistoryEvent): void {
    this.history.set(commentId, [...(this.history.get(commentId) ?? []), structuredClone(event)]);
  }

  /** The post's approved count and the approved-author record follow the status. */
  changeCounts(before: Comment, after: Comment): void {
    const wasApproved = before.status === 'approved';
    const isApproved = after.status === 'approved';
    if (wasApproved !== isApproved) this.addToPost(after.postId, isApproved ? 1 : -1);
    const beforeAuthor = wasApproved && before.emailKey ? authorKey(before.emailKey, before.author) : null;
    const afterAuthor = isApproved && after.emailKey ? authorKey(after.emailKey, after.author) : null;
    if (beforeAuthor !== afterAuthor) {
      if (beforeAuthor) this.addToAuthor(beforeAuthor, -1);
      if (afterAuthor) this.addToAuthor(afterAuthor, 1);
    }
  }

  /** A duplicate marker exists for every comment not in the trash (WordPress ignores trash). */
  moveDuplicateMarker(before: Comment | null, after: Comment | null): void {
    const had = before && before.status !== 'trash' ? before.duplicateKey : null;
    const has = after && after.status !== 'trash' ? after.duplicateKey : null;
    if (had === has) return;
    if (had) this.duplicates.delete(had);
    if (has && after) this.duplicates.set(has, after.id);
  }

  addToPost(postId: string, delta: number): void {
    const post = this.posts.get(postId) ?? { approvedCount: 0 };
    this.posts.set(postId, { ...post, approvedCount: post.approvedCount + delta });
  }

  addToAuthor(key: string, delta: number): void {
    this.approvedAuthors.set(key, (this.approvedAuthors.get(key) ?? 0) + delta);
  }

  /** Comments matching `keep`, oldest first (ids are ULIDs: their order is creation order). */
  sortedComments(keep: (comment: StoredComment) => boolean): StoredComment[] {
    return [...this.comments.values()].filter(keep).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** The approved-author record's key: the email key and the exact name. */
export const authorKey = (emailKey: string, author: string): string => `${emailKey}\0${author}`;
