import type * as z from 'zod';
import type { Comment, CommentStatus, PublicComment, SubmittedComment } from './comment.ts';
import type { HistoryEvent } from './history.ts';

/** A page of results with an opaque continuation. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** What a submission answers: the public fields and where it stands. */
export type SubmittedAnswer = z.infer<typeof SubmittedComment>;

/** The first answer to a submission sent with an Idempotency-Key. */
export interface IdempotentAnswer {
  /** Keyed hash of the request the answer belongs to (a reused key with another request is refused). */
  fingerprint: string;
  answer: SubmittedAnswer;
}

export interface IdempotencyClaim extends IdempotentAnswer {
  /** Keyed hash of the key and its scope (the post): the key itself is never stored. */
  scope: string;
  /** The answer is replayed until then (DynamoDB TTL removes it afterwards). */
  expiresAt: Date;
}

/** A page of the public list; `startAfter` is the id the cursor continues after (null on the first page). */
export interface ApprovedPage extends Page<PublicComment> {
  startAfter: string | null;
}

/**
 * The storage ports (comments, submissions, posts, settings, author index, history, backlog,
 * rate counter) are in ./storage-ports.ts.
 */

/** What a public route may learn of one comment: its public fields and where it stands. */
export interface CommentStanding {
  comment: PublicComment;
  postId: string;
  status: CommentStatus;
}

/**
 * What the submission read that the worker's decision needs besides the comment: WordPress
 * decides at submission (check_comment), with the settings and the author's record as they
 * were then. It travels in the queue message, so it holds no personal data — a version
 * number and a yes/no, never an email, email key or IP.
 */
export interface SubmissionFacts {
  /** The settings version the submission read: the worker decides with these settings or newer ones. */
  settingsVersion: number;
  /** WordPress's "previously approved": this author (email key + exact name) had an approved comment. */
  authorPreviouslyApproved: boolean;
}

/** Asks the moderation worker to look at a comment: its id, and the submission's facts when there are any. */
export interface ModerationQueue {
  enqueue(commentId: string, facts?: SubmissionFacts): Promise<void>;
}

export interface HeldCommentNotice {
  commentId: string;
  postId: string;
  author: string;
  excerpt: string;
  reasons: string[];
  /** Link tokens per action (the notifier makes them `{base}/moderation-links/{token}`). */
  links: { approve: string; spam: string; trash: string };
}

/** Tells moderators a comment waits for them. Never given the commenter's email. */
export interface ModeratorNotifier {
  commentHeld(notice: HeldCommentNotice): Promise<void>;
}

/** Server-keyed one-way hashes: the only form in which email or IP become keys. */
export interface LookupHasher {
  emailKey(email: string): Promise<string>;
  ipKey(ip: string): Promise<string>;
  /** Public identicon seed; not computable from the email without the server's key. */
  avatarSeed(email: string): Promise<string>;
  /** The author's pass to see their own pending comment: keyed over id and creation time, never the email. */
  moderationHash(commentId: string, createdAt: string): Promise<string>;
  /** Keyed hash of arbitrary parts (duplicate detection). */
  digest(...parts: string[]): Promise<string>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(now: Date): string;
}

/** What the store knows of an external id: the comment imported under it, and replies waiting for it. */
export interface ImportedRef {
  /** Absent while only replies wait for it. */
  commentId?: string;
  postId?: string;
  depth?: number;
  /** Ids of imported replies stored before this parent arrived. */
  waiting: string[];
}

/** One new comment of an import batch, with its external identity. */
export interface ImportedComment {
  comment: Comment & { externalId: string };
  /** Keyed hash of its externalId: the key its import is filed under. */
  importKey: string;
  /** When its parent has not been imported yet: the parent's import key, where this reply waits. */
  waitsFor?: string;
  /** Starts the comment's history, in the same write that stores it. */
  event: HistoryEvent;
}

/**
 * Imports, written in bulk: each comment is stored, its external id claimed and the counts
 * changed in one transaction, so that a comment is stored and counted once however often it is sent.
 */
export interface CommentImportStore {
  /** One key-addressed batch read: the refs filed under these import keys, and which of these comment ids exist. */
  lookup(importKeys: string[], commentIds: string[]): Promise<{ refs: Map<string, ImportedRef>; comments: Map<string, { postId: string; depth: number }> }>;
  /**
   * Stores the comments and claims their import keys with the count changes.
   * Returns the ids it claimed; the others were claimed meanwhile by another import.
   * `receivedAt` starts the retention period of IP and user agent.
   */
  store(batch: ImportedComment[], receivedAt: string): Promise<Set<string>>;
  /** Takes linked replies off a parent's waiting list. */
  settle(importKey: string, commentIds: string[]): Promise<void>;
  /** Every comment (or one post's), any status, oldest first, with personal data. */
  exportPage(filter: { postId?: string | undefined }, page: PageRequest): Promise<Page<Comment>>;
  /** The external ids of these comments (their own id when they were not imported). */
  externalIds(commentIds: string[]): Promise<Map<string, string>>;
}

/** The business events the use cases count (the adapter maps each to its metric name). */
export type CountedEvent = 'submitted' | 'approved' | 'held' | 'spam' | 'workerFailures';

/**
 * What the use cases tell ops: log lines and counts, without knowing how they are written
 * (Powertools logger and EMF metrics in shared/observability; the redactor applies there).
 */
export interface Telemetry {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  count(event: CountedEvent, value?: number): void;
}
