/**
 * Opaque page cursors of the in-memory stores: the last id given, bound to the list it was
 * issued for, refused like the DynamoDB adapter's (`invalidCursor`) when forged or reused elsewhere.
 */

import { CommentId } from '../../domain/comment.ts';
import type { PageRequest } from '../../domain/ports.ts';
import { cursorContent, invalidCursor } from '../dynamodb/cursor.ts';

export interface MemoryPage<T> {
  items: T[];
  nextCursor: string | null;
  /** The id the cursor continued after (null on a first page). */
  startAfter: string | null;
}

/** One page of `sorted` (by id) for the list named `scope`. */
export function pageOf<T extends { id: string }>(sorted: T[], scope: string, page: PageRequest): MemoryPage<T> {
  const startAfter = decodeMemoryCursor(page.cursor, scope);
  const rest = startAfter === null ? sorted : sorted.filter((item) => item.id > startAfter);
  const items = rest.slice(0, page.limit);
  const last = items.at(-1);
  return { items, nextCursor: rest.length > page.limit && last ? encodeMemoryCursor(scope, last.id) : null, startAfter };
}

function encodeMemoryCursor(scope: string, after: string): string {
  return Buffer.from(JSON.stringify({ scope, after }), 'utf8').toString('base64url');
}

function decodeMemoryCursor(cursor: string | undefined, scope: string): string | null {
  if (cursor === undefined || cursor === '') return null;
  const decoded = cursorContent(cursor);
  const { scope: boundTo, after } = (typeof decoded === 'object' && decoded !== null ? decoded : {}) as { scope?: unknown; after?: unknown };
  if (boundTo !== scope || !CommentId.safeParse(after).success) throw invalidCursor();
  return after as string;
}
