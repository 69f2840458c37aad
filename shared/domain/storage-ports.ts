/**
 * Storage, one port per concern: each groups what changes together, and each has its own
 * DynamoDB adapter (shared/adapters/dynamodb). Imports and exports are `CommentImportStore`
 * in ./ports.ts.
 */

import type { Comment, CommentStatus } from './comment.ts';
import type { HistoryEvent } from './history.ts';
import type { ApprovedPage, CommentStanding, IdempotencyClaim, IdempotentAnswer, Page, PageRequest } from './ports.ts';
import type { Post, PostSettingsUpdate } from './post.ts';
import type { Settings } from './settings.ts';

/** A page of a post's public list, with the post's approved count read in the same request. */
export interface ApprovedListing extends ApprovedPage {
  count: number;
}

/** Stored comments: read, listed, and changed with their counts, duplicate marker and history in one atomic write. */
export interface CommentStore {
  get(id: string): Promise<Comment | null>;
  /** One comment's public fields and standing, by key, nothing decrypted (for the author's pending view). */
  getStanding(id: string): Promise<CommentStanding | null>;
  /** A post's approved comments, oldest first, public fields only (nothing is decrypted), with the approved count. */
  listApproved(postId: string, page: PageRequest): Promise<ApprovedListing>;
  /** By status, oldest first; optionally only one post's. Full comments, for moderators. */
  list(filter: { status: CommentStatus; postId?: string | undefined }, page: PageRequest): Promise<Page<Comment>>;
  /** A post's comments of any status whose parent is `parentId` (for re-parenting). */
  listReplies(postId: string, parentId: string): Promise<Comment[]>;
  /**
   * Writes the comment's new state if nobody changed it since `before` was read (same version),
   * keeping the post's approved count, the approved-author record and the duplicate marker
   * consistent, and appending `event` to its history, in the same atomic write.
   * Returns false when somebody else changed it first.
   */
  save(before: Comment, after: Comment, event?: HistoryEvent): Promise<boolean>;
  /** Deletes for good (with its lookup items; the history stays, `event` ends it); false when it changed since read. */
  remove(comment: Comment, event?: HistoryEvent): Promise<boolean>;
}

/** Per-IP counting of a minute's submissions, checked in the write that stores the comment. */
export interface RateGuard {
  /** Keyed hash of the client IP. */
  ipKey: string;
  minute: number;
  limit: number;
  /** What the refusal tells the client (the next minute). */
  retryAfterSeconds: number;
}

/**
 * What a new comment must pass in the same atomic write that stores it: the per-IP rate
 * limit, WordPress's duplicate check (the comment's `duplicateKey`) and flood check, and the
 * Idempotency-Key claim.
 */
export interface SubmissionGuards {
  /** Flood marks (domain/submission-guards.ts: `floodKeysFor`). */
  floodKeys: string[];
  /** 0 turns the flood check off. */
  floodSeconds: number;
  /** Absent: not counted (moderators, no client IP, the limit off). */
  rate?: RateGuard;
  /** Of two requests with the same scope only one can store anything. */
  idempotency?: IdempotencyClaim;
}

/** The comment a reply names, as far as a submission checks it. */
export type ParentCandidate = Pick<Comment, 'id' | 'postId' | 'parentId' | 'status' | 'depth'>;

/** Whose approved-comment record a submission reads: the email key and the exact name it stores. */
export interface AuthorRecordKey {
  emailKey: string;
  author: string;
}

/** Everything a submission checks before it writes, read together. */
export interface SubmissionReads {
  settings: Settings;
  /** The version `settings` were stored at (0: never stored). */
  settingsVersion: number;
  /** The author asked about has an approved comment (false when none was asked about). */
  authorPreviouslyApproved: boolean;
  post: Post;
  /** The live first answer under the Idempotency-Key's scope, when one was asked for. */
  earlier: IdempotentAnswer | null;
  /** The comment named as parent, when one was asked for and exists. */
  parent: ParentCandidate | null;
}

/** What a submission's one read looks for besides the settings and the post. */
export interface SubmissionWanted {
  idempotencyScope?: string | undefined;
  parentId?: string | undefined;
  author?: AuthorRecordKey | undefined;
}

/** New comments: the reads a submission needs, and the one atomic write that stores a comment with its guards. */
export interface SubmissionStore {
  /**
   * One read: settings, post, the idempotent answer under `idempotencyScope`, the comment
   * `parentId`, and `author`'s approved-comment record (what the worker decides with).
   */
  read(postId: string, wanted: SubmissionWanted): Promise<SubmissionReads>;
  /**
   * Stores the comment with its guards and starts its history with `event`, all or nothing.
   * Throws RateLimitedError, DuplicateCommentError or FloodError when a guard fails (then
   * nothing is written). With `guards.idempotency` whose scope already holds an answer, writes
   * nothing and returns that answer; otherwise returns null.
   */
  create(comment: Comment, guards: SubmissionGuards, event?: HistoryEvent): Promise<IdempotentAnswer | null>;
}

/** A per-key counter of requests per minute that expires (for routes limited outside a submission). */
export interface RequestCounter {
  /** Counts one request under this key in this minute; false, and nothing counted, when `limit` were counted already. */
  count(key: string, minute: number, limit: number): Promise<boolean>;
}

export interface PostStore {
  get(postId: string): Promise<Post>;
  update(postId: string, update: PostSettingsUpdate): Promise<Post>;
}

export interface SettingsStore {
  get(): Promise<Settings>;
  /** The settings with the version they were stored at (0: never stored). */
  read(): Promise<{ settings: Settings; version: number }>;
  /** Stores the settings only if they are still at `expectedVersion`; false when somebody saved first. */
  replace(settings: Settings, expectedVersion: number): Promise<boolean>;
  /** Stores the settings whatever is there (set-up and tests). */
  save(settings: Settings): Promise<void>;
}

/** What is filed under an author's email key: their comments, and what erase must remove. */
export interface AuthorIndex {
  /** Every comment filed under this email key, oldest first. */
  listByEmailKey(emailKey: string, page: PageRequest): Promise<Page<Comment>>;
  /** Removes every remaining item keyed by this email key (approved-author records, idempotency answers, flood mark). */
  forget(emailKey: string): Promise<void>;
}

/** Each comment's decisions, append-only; kept after the comment is deleted or erased. */
export interface CommentHistory {
  /** Appends one event on its own, for writers that record a decision outside a comment write. */
  append(commentId: string, event: HistoryEvent): Promise<void>;
  /** The comment's events, oldest first (also after it was deleted). */
  list(commentId: string): Promise<HistoryEvent[]>;
}

/** What the moderation worker decides with, besides the comment. */
export interface DecisionInputs {
  settings: Settings;
  /** WordPress's "previously approved": this author (email key + exact name) has an approved comment. */
  authorPreviouslyApproved: boolean;
}

/** Comments waiting for the moderation worker, as the worker and the sweeper see them. */
export interface ModerationBacklog {
  /** The settings and the author's approved record, in one read. */
  decisionInputs(comment: Pick<Comment, 'emailKey' | 'author'>): Promise<DecisionInputs>;
  /** Ids of pending comments the worker has never checked (nor given up on), created before `createdBefore`. */
  listUnchecked(createdBefore: Date, page: PageRequest): Promise<Page<string>>;
  /** The worker gave up (its message goes to the DLQ): the sweeper stops re-queueing it; it stays pending for a human. */
  markModerationFailed(id: string, at: Date): Promise<void>;
}

/**
 * Every storage port the use cases are given (CommentServiceDeps), one per concern. Imports
 * and exports have their own (`CommentImportStore`, use-cases/deps.ts `ExchangeDeps`): only the
 * moderators' function carries it.
 */
export interface StoragePorts {
  comments: CommentStore;
  /** New comments: the reads a submission checks and the write that stores one with its guards. */
  submissions: SubmissionStore;
  posts: PostStore;
  settings: SettingsStore;
  authors: AuthorIndex;
  history: CommentHistory;
  /** What the moderation worker and the sweeper read and mark. */
  backlog: ModerationBacklog;
  /** Per-IP request counts of routes limited outside a submission (notification links). */
  requestCounter: RequestCounter;
}
