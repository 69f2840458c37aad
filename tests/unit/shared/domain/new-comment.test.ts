import { describe, expect, it } from 'vitest';
import { ANONYMOUS_AUTHOR, authorOrAnonymous, cutUserAgent, newComment, type NewCommentFields } from '../../../../shared/domain/new-comment.ts';
import { duplicateKeyFor } from '../../../../shared/domain/submission-guards.ts';
import { Keyring } from '../../../../shared/privacy/keyring.ts';
import { HmacLookupHasher } from '../../../../shared/privacy/lookup-hasher.ts';

const keyring = Keyring.parse(JSON.stringify({ current: 'k1', lookup: 'k1', k1: 'new-comment-test-'.padEnd(40, 'n') }));
const hasher = new HmacLookupHasher(async () => keyring);
const AT = '2026-11-28T12:00:00.000Z';

/** Object Mother: what a caller knows of a new visitor's comment. */
const fields = (overrides: Partial<NewCommentFields> = {}): NewCommentFields => ({
  id: '01KAZ0000000000000000000AA',
  postId: 'a-post',
  parentId: null,
  depth: 1,
  author: 'Hanako',
  email: 'hanako@example.com',
  url: null,
  content: '<p>Hello</p>',
  createdAt: AT,
  status: 'pending',
  ip: '192.0.2.10',
  userAgent: 'Firefox',
  moderation: { decidedBy: null, reasons: [], decidedAt: null, checkedAt: null, moderator: null },
  ...overrides,
});

describe('Function: authorOrAnonymous', () => {
  it.each([
    ['Hanako', 'Hanako'],
    ['', ANONYMOUS_AUTHOR],
    [null, ANONYMOUS_AUTHOR],
    [undefined, ANONYMOUS_AUTHOR],
  ])('%j → %s', (given, stored) => {
    expect(authorOrAnonymous(given)).toBe(stored);
  });
});

describe('Function: cutUserAgent', () => {
  it.each([
    ['Firefox', 7],
    ['x'.repeat(300), 254],
    ['😀'.repeat(300), 254 * 2],
  ])('cuts to 254 characters (code points, never half a pair)', (agent, length) => {
    expect(cutUserAgent(agent).length).toBe(length);
  });
});

describe('Function: newComment', () => {
  it('derives what every source derives alike: lookups, avatar, duplicate key, version 1', async () => {
    // Act
    const comment = await newComment(hasher, fields());

    // Assess
    expect(comment).toMatchObject({ author: 'Hanako', updatedAt: AT, previousStatus: null, version: 1 });
    expect(comment.emailKey).toBe(await hasher.emailKey('hanako@example.com'));
    expect(comment.avatar).toBe(await hasher.avatarSeed('hanako@example.com'));
    expect(comment.duplicateKey).toBe(await duplicateKeyFor(hasher, comment));
  });

  it.each([
    ['no email: no lookup key, no avatar', { email: '' }, { emailKey: null, avatar: null }],
    ['no name: Anonymous', { author: '' }, { author: ANONYMOUS_AUTHOR }],
    ['a long user agent: cut', { userAgent: 'x'.repeat(300) }, { userAgent: 'x'.repeat(254) }],
    ['no user agent: none', { userAgent: null }, { userAgent: null }],
    ['an update time of its own: kept', { updatedAt: '2026-11-29T00:00:00.000Z' }, { updatedAt: '2026-11-29T00:00:00.000Z' }],
    ['a remembered status: kept', { status: 'spam', previousStatus: 'pending' }, { status: 'spam', previousStatus: 'pending' }],
  ] as const)('%s', async (_, overrides, expected) => {
    // Assess
    expect(await newComment(hasher, fields(overrides))).toMatchObject(expected);
  });

  it('makes the same comment said twice collide, and a different parent, author or text not', async () => {
    // Prepare
    const key = async (overrides: Partial<NewCommentFields>) => (await newComment(hasher, fields(overrides))).duplicateKey;
    const original = await key({});

    // Assess
    expect(await key({ id: '01KAZ0000000000000000000BB', createdAt: '2026-11-29T00:00:00.000Z' })).toBe(original);
    expect(await key({ email: 'HANAKO@example.com' })).toBe(original);
    for (const other of [{ parentId: '01KAZ0000000000000000000CC' }, { author: 'Taro' }, { content: '<p>Bye</p>' }, { postId: 'b-post' }]) {
      expect(await key(other)).not.toBe(original);
    }
  });
});
