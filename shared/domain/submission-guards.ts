/**
 * The keys WordPress's duplicate and flood checks are made of: written once here, used by
 * submission, moderator replies and edits, import, erase and the storage adapters.
 */

import type { Comment } from './comment.ts';

/** The one part of the lookup hasher these rules need. */
interface Digest {
  digest(...parts: string[]): Promise<string>;
}

/**
 * WordPress's duplicate check: same post, parent, author, email and content. A keyed hash of
 * those parts (so the email appears only as its key); `uniqueTo` makes the key one comment's own
 * (an erased comment must not count as a duplicate of another erased one with the same text).
 */
export function duplicateKeyFor(
  hasher: Digest,
  comment: Pick<Comment, 'postId' | 'parentId' | 'author' | 'emailKey' | 'content'>,
  uniqueTo?: string,
): Promise<string> {
  const parts = [comment.postId, comment.parentId ?? '', comment.author, comment.emailKey ?? '', comment.content];
  return hasher.digest(...parts, ...(uniqueTo === undefined ? [] : [uniqueTo]));
}

/** The flood mark of an author's address (by its email key). */
export const emailFloodKey = (emailKey: string): string => `email:${emailKey}`;
/** The flood mark of a client IP (by its keyed hash). */
export const ipFloodKey = (ipKey: string): string => `ip:${ipKey}`;

/** WordPress floods by email and by IP: the marks a submission from these keys sets and checks. */
export function floodKeysFor(keys: { emailKey: string | null; ipKey: string | null }): string[] {
  const marks = [keys.emailKey === null ? null : emailFloodKey(keys.emailKey), keys.ipKey === null ? null : ipFloodKey(keys.ipKey)];
  return marks.filter((key): key is string => key !== null);
}
