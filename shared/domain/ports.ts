import type { Comment, CommentStatus } from './comment.ts';
import type { Post, PostSettingsUpdate } from './post.ts';
import type { Settings } from './settings.ts';

/** A page of results with an opaque continuation. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  cursor?: string | undefined;
}

/** Guards that a new comment must pass in the same atomic write that stores it. */
export interface CreateGuards {
  /** Keyed hash of (post, parent, author, email, content): WordPress's duplicate check. */
  duplicateKey: string;
  /** Keyed hashes of the author's email and IP, for WordPress's flood check. */
  floodKeys: string[];
  /** 0 turns the flood check off. */
  floodSeconds: number;
}

export interface SaveOptions {
  /** The version read before the change: the write fails if anyone changed it since. */
  expectedVersion: number;
}

export interface CommentRepository {
  create(comment: Comment, lookup: CommentLookupKeys, guards: CreateGuards): Promise<void>;
  get(id: string): Promise<Comment | null>;
  /** By status, oldest first; optionally only one post's. */
  list(filter: { status: CommentStatus; postId?: string | undefined }, page: PageRequest): Promise<Page<Comment>>;
  /**
   * Writes the comment's new state if nobody changed it since `expectedVersion`,
   * keeping the post's approved count and lookup items consistent in the same write.
   * Returns false when the version did not match (somebody else won).
   */
  save(before: Comment, after: Comment, lookup: CommentLookupKeys): Promise<boolean>;
  /** Pending comments the worker has never checked, created before `createdBefore`. */
  listUnchecked(createdBefore: Date, page: PageRequest): Promise<Page<Comment>>;
  /** Whether this author (email key + exact name) has an approved comment. */
  hasApprovedComment(emailKey: string, author: string): Promise<boolean>;

  getPost(postId: string): Promise<Post>;
  updatePost(postId: string, update: PostSettingsUpdate): Promise<Post>;
  getSettings(): Promise<Settings>;
  saveSettings(settings: Settings): Promise<void>;
}

/** The keyed hashes a comment is filed under (never the plain values). */
export interface CommentLookupKeys {
  emailKey: string;
  duplicateKey: string;
}

/** Asks the moderation worker to look at a comment. Carries the id only. */
export interface ModerationQueue {
  enqueue(commentId: string): Promise<void>;
}

export interface HeldCommentNotice {
  commentId: string;
  postId: string;
  author: string;
  excerpt: string;
  reasons: string[];
}

/** Tells moderators a comment waits for them. Never given the commenter's email. */
export interface ModeratorNotifier {
  commentHeld(notice: HeldCommentNotice): Promise<void>;
}

/** Server-keyed one-way hashes: the only form in which email or IP become keys. */
export interface LookupHasher {
  emailKey(email: string): Promise<string>;
  ipKey(ip: string): Promise<string>;
  /** Keyed hash of arbitrary parts (duplicate detection). */
  digest(...parts: string[]): Promise<string>;
}

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  next(now: Date): string;
}
