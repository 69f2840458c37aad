import { ValidationError } from '../../domain/errors.ts';

type Key = Record<string, string>;

/**
 * Opaque page cursors: the LastEvaluatedKey, base64url-encoded. A cursor is
 * only accepted for the partition it was issued for, so it cannot be used to
 * read another post's or another status's items.
 */
export function encodeCursor(key: Record<string, unknown> | undefined): string | null {
  if (!key) return null;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, expected: { attribute: string; value: string }, allowed: readonly string[]): Key | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof key !== 'object' || key === null || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key);
  const wellFormed = entries.every(([name, value]) => allowed.includes(name) && typeof value === 'string' && value.length <= 1024);
  if (!wellFormed || (key as Key)[expected.attribute] !== expected.value) throw invalid();
  return key as Key;
}

function invalid(): ValidationError {
  return new ValidationError({ cursor: 'This page cursor is not valid here. Start again without it.' });
}
