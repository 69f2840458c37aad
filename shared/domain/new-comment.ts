import { type Comment, type CommentStatus, MAX_USER_AGENT, type Moderation } from './comment.ts';
import type { LookupHasher } from './ports.ts';
import { duplicateKeyFor } from './submission-guards.ts';

/** WordPress's name for a comment without one (an empty name field, an erased author). */
export const ANONYMOUS_AUTHOR = 'Anonymous';

/** The name stored for what the author gave (already trimmed by the author rules): nothing is "Anonymous". */
export function authorOrAnonymous(author: string | null | undefined): string {
  return author ? author : ANONYMOUS_AUTHOR;
}

/** WordPress cuts the user agent to its column's length rather than refusing it. */
export function cutUserAgent(userAgent: string): string {
  return [...userAgent].slice(0, MAX_USER_AGENT).join('');
}

/** What only the caller knows of a new comment; the rest is derived the same way for every source. */
export interface NewCommentFields {
  id: string;
  postId: string;
  parentId: string | null;
  depth: number;
  author: string;
  email: string;
  url: string | null;
  content: string;
  createdAt: string;
  /** Defaults to createdAt. */
  updatedAt?: string;
  status: CommentStatus;
  previousStatus?: CommentStatus | null;
  ip: string | null;
  userAgent: string | null;
  moderation: Moderation;
}

/**
 * A new comment — a visitor's, a moderator's reply or an imported one — with what is
 * derived from its fields: the anonymous default, the user agent cut to WordPress's
 * length, the keyed email lookup, the avatar seed, the duplicate key, version 1.
 */
export async function newComment(hasher: Pick<LookupHasher, 'emailKey' | 'avatarSeed' | 'digest'>, fields: NewCommentFields): Promise<Comment> {
  const author = authorOrAnonymous(fields.author);
  const [emailKey, avatar] = fields.email === '' ? [null, null] : await Promise.all([hasher.emailKey(fields.email), hasher.avatarSeed(fields.email)]);
  const comment: Comment = {
    ...fields,
    author,
    updatedAt: fields.updatedAt ?? fields.createdAt,
    previousStatus: fields.previousStatus ?? null,
    userAgent: fields.userAgent === null ? null : cutUserAgent(fields.userAgent),
    avatar,
    emailKey,
    duplicateKey: '',
    version: 1,
  };
  comment.duplicateKey = await duplicateKeyFor(hasher, comment);
  return comment;
}
