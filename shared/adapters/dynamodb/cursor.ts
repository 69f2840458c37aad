import { CommentId } from '../../domain/comment.ts';
import { ValidationError } from '../../domain/errors.ts';
import { keys } from './keys.ts';
import { type IndexDesign, TABLE_KEYS } from './table-design.ts';

type Key = Record<string, string>;

/** Which index page a cursor may continue: the index and the partition it was issued for. */
export interface CursorScope {
  index: Pick<IndexDesign, 'partitionKey' | 'sortKey'>;
  partition: string;
}

/**
 * Opaque page cursors: the LastEvaluatedKey, base64url-encoded. A cursor is
 * only accepted for the partition it was issued for, so it cannot be used to
 * read another post's or another status's items.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Every index lists comments only, so a LastEvaluatedKey is exactly a comment's table key
 * plus its index key: `{pk: COMMENT#<id>, sk: COMMENT, <index pk>: <partition>, <index sk>: <id>}`.
 * Anything else is refused here, as a 400, rather than by DynamoDB (a 500).
 */
export function decodeCursor(cursor: string | undefined, scope: CursorScope): Key | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const key = cursorContent(cursor);
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalidCursor();
  const { partitionKey, sortKey } = scope.index;
  const names = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, partitionKey, sortKey];
  const given = Object.keys(key);
  if (given.length !== names.length || !names.every((name) => given.includes(name))) throw invalidCursor();
  const record = key as Record<string, unknown>;
  const id = record[sortKey];
  if (typeof id !== 'string' || !CommentId.safeParse(id).success) throw invalidCursor();
  const expected: Key = { ...keys.comment(id), [partitionKey]: scope.partition, [sortKey]: id };
  if (!names.every((name) => record[name] === expected[name])) throw invalidCursor();
  return expected;
}

/** What an opaque cursor holds (base64url JSON); anything unreadable is the client's invalid cursor. */
export function cursorContent(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
}

export function invalidCursor(): ValidationError {
  return new ValidationError({ cursor: 'This page cursor is not valid here. Start again without it.' });
}
