import type { CommentStatus } from '../../domain/comment.ts';

export const HISTORY_PREFIX = 'AUDIT#';

/** Key builders: the only place that knows how items are addressed. */
export const keys = {
  comment: (id: string) => ({ pk: `COMMENT#${id}`, sk: 'COMMENT' }),
  /** IP and user agent live in their own item, which DynamoDB TTL removes after the retention period. */
  requestData: (id: string) => ({ pk: `COMMENT#${id}`, sk: 'REQUEST' }),
  /** One decision in the comment's history; sorts before `COMMENT` (see ./history-items.ts). */
  historyEvent: (id: string, eventId: string) => ({ pk: `COMMENT#${id}`, sk: `${HISTORY_PREFIX}${eventId}` }),
  post: (postId: string) => ({ pk: `POST#${postId}`, sk: 'POST' }),
  settings: () => ({ pk: 'SETTINGS', sk: 'SETTINGS' }),
  duplicate: (duplicateKey: string) => ({ pk: `DUP#${duplicateKey}`, sk: 'DUP' }),
  flood: (floodKey: string) => ({ pk: `FLOOD#${floodKey}`, sk: 'FLOOD' }),
  approvedAuthor: (emailKey: string, author: string) => ({ pk: `AUTHOR#${emailKey}`, sk: `APPROVED#${author}` }),
  rate: (ipKey: string, minute: number) => ({ pk: `RATE#${ipKey}#${minute}`, sk: 'RATE' }),
  idempotency: (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: 'IDEMPOTENCY' }),
  /** Files an idempotency record under the author's email key, so that erase finds and removes it. */
  idempotencyByAuthor: (emailKey: string, scope: string) => ({ pk: `AUTHOR#${emailKey}`, sk: `IDEMPOTENCY#${scope}` }),
  /** An imported comment's external id (as a keyed hash) → its comment id: makes import idempotent. */
  importRef: (importKey: string) => ({ pk: `IMPORT#${importKey}`, sk: 'IMPORT' }),

  byPostStatus: (postId: string, status: CommentStatus) => `POST#${postId}#${status}`,
  byStatus: (status: CommentStatus) => `STATUS#${status}`,
  byAuthor: (emailKey: string) => `AUTHOR#${emailKey}`,
} as const;
