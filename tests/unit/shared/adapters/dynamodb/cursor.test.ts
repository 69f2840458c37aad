import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../../../shared/adapters/dynamodb/cursor.ts';
import { ValidationError } from '../../../../../shared/domain/errors.ts';

const PARTITION = { attribute: 'gsi1pk', value: 'POST#a-post#approved' };
const SCOPE = { index: { partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }, partition: PARTITION.value };

/** Object Mother: a LastEvaluatedKey of the post's approved list. */
const aKey = (overrides: Record<string, unknown> = {}) => ({ pk: 'COMMENT#01JDX6Z8Q5V3W1N2M4K7P9R0ST', sk: 'COMMENT', gsi1pk: PARTITION.value, gsi1sk: '01JDX6Z8Q5V3W1N2M4K7P9R0ST', ...overrides });
const raw = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

describe('Function: encodeCursor', () => {
  it('is null on the last page', () => {
    // Act & Assess
    expect(encodeCursor(undefined)).toBeNull();
  });

  it('is URL-safe', () => {
    // Act & Assess
    expect(encodeCursor(aKey({ gsi1sk: '???>>>~~~' }))).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});

describe('Function: decodeCursor', () => {
  it('round-trips a cursor of the same partition', () => {
    // Prepare
    const cursor = encodeCursor(aKey())!;

    // Act & Assess
    expect(decodeCursor(cursor, SCOPE)).toEqual(aKey());
  });

  it.each([undefined, ''])('means the first page for %j', (cursor) => {
    // Act & Assess
    expect(decodeCursor(cursor, SCOPE)).toBeUndefined();
  });

  it.each([
    ["another post's partition", aKey({ gsi1pk: 'POST#other-post#approved' })],
    ['another status of the same post', aKey({ gsi1pk: 'POST#a-post#pending' })],
    ['no partition attribute', { pk: 'COMMENT#x', sk: 'COMMENT' }],
  ])('refuses a cursor issued for %s', (_why, key) => {
    // Act & Assess
    expect(() => decodeCursor(encodeCursor(key)!, SCOPE)).toThrow(ValidationError);
  });

  it.each([
    ['an extra attribute', aKey({ emailKey: 'x' })],
    ['a number value', aKey({ gsi1sk: 7 })],
    ['a nested value', aKey({ gsi1sk: { S: 'x' } })],
    ['a list value', aKey({ sk: ['COMMENT'] })],
    ['an overlong value', aKey({ gsi1sk: 'x'.repeat(1025) })],
    ['a missing table key', (({ sk: _sk, ...rest }) => rest)(aKey())],
    ['a missing sort key', (({ gsi1sk: _s, ...rest }) => rest)(aKey())],
    ['an empty sort key', aKey({ gsi1sk: '' })],
    ['an empty table key', aKey({ pk: '' })],
    ['a table key of another item kind', aKey({ sk: 'REQUEST' })],
    ['a table key of another comment', aKey({ pk: 'COMMENT#01JDX6Z8Q5V3W1N2M4K7P9R0SX' })],
    ['a sort key that is no comment id', aKey({ gsi1sk: 'zzz', pk: 'COMMENT#zzz' })],
  ])('refuses a key with %s', (_why, key) => {
    // Act & Assess
    expect(() => decodeCursor(raw(key), SCOPE)).toThrow(ValidationError);
  });

  it.each([
    ['not base64 JSON', 'garbage!'],
    ['base64 of text', Buffer.from('hello').toString('base64url')],
    ['JSON null', raw(null)],
    ['a JSON array', raw([PARTITION.value])],
    ['a JSON string', raw(PARTITION.value)],
    ['a JSON number', raw(1)],
    ['truncated', encodeCursor(aKey())!.slice(0, 20)],
  ])('refuses garbage: %s', (_why, cursor) => {
    // Act & Assess
    expect(() => decodeCursor(cursor, SCOPE)).toThrow(ValidationError);
  });

  it('reports the cursor field, as a validation error', () => {
    // Act
    const error = (() => {
      try {
        decodeCursor('garbage', SCOPE);
      } catch (e) {
        return e as ValidationError;
      }
    })();

    // Assess
    expect(error).toMatchObject({ code: 'validation_failed', fields: { cursor: expect.any(String) } });
  });
});
