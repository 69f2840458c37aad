import { describe, expect, it } from 'vitest';
import { duplicateKeyFor, emailFloodKey, floodKeysFor, ipFloodKey } from '../../../../shared/domain/submission-guards.ts';
import { aStoredComment } from '../../../support/comment-mother.ts';

/** A digest that shows its parts, so the recipe is visible in the assertions. */
const showing = { digest: async (...parts: string[]) => parts.join('|') };

describe('Function: duplicateKeyFor', () => {
  it('digests post, parent, author, email key and content, in that order (WordPress: same post, parent, author, email, content)', async () => {
    // Prepare
    const comment = aStoredComment({ postId: 'p', parentId: '01JDX6Z8Q5V3W1N2M4K7P9R0SA', author: 'Ana', emailKey: 'ek', content: 'Hi' });

    // Act & Assess
    expect(await duplicateKeyFor(showing, comment)).toBe('p|01JDX6Z8Q5V3W1N2M4K7P9R0SA|Ana|ek|Hi');
  });

  it('writes a missing parent and a missing email key as empty parts', async () => {
    expect(await duplicateKeyFor(showing, aStoredComment({ postId: 'p', parentId: null, author: 'Ana', emailKey: null, content: 'Hi' }))).toBe('p||Ana||Hi');
  });

  it('makes the key one comment’s own with `uniqueTo` (erased comments are no duplicates of each other)', async () => {
    const comment = aStoredComment({ postId: 'p', parentId: null, author: 'Anonymous', emailKey: null, content: 'Hi' });

    expect(await duplicateKeyFor(showing, comment, 'id-1')).toBe('p||Anonymous||Hi|id-1');
    expect(await duplicateKeyFor(showing, comment, 'id-1')).not.toBe(await duplicateKeyFor(showing, comment, 'id-2'));
  });

  it('gives the same key for the same comment whatever else differs (status, id, dates)', async () => {
    const one = aStoredComment({ id: '01JDX6Z8Q5V3W1N2M4K7P9R0SA', status: 'approved' });
    const two = aStoredComment({ id: '01JDX6Z8Q5V3W1N2M4K7P9R0SB', status: 'spam', createdAt: '2027-01-01T00:00:00.000Z' });

    expect(await duplicateKeyFor(showing, one)).toBe(await duplicateKeyFor(showing, two));
  });
});

describe('Function: floodKeysFor', () => {
  it('marks the email and the IP, each under its own prefix', () => {
    expect(floodKeysFor({ emailKey: 'ek', ipKey: 'ik' })).toEqual(['email:ek', 'ip:ik']);
    expect(emailFloodKey('ek')).toBe('email:ek');
    expect(ipFloodKey('ik')).toBe('ip:ik');
  });

  it('leaves out what is unknown (no email, no client IP)', () => {
    expect(floodKeysFor({ emailKey: null, ipKey: 'ik' })).toEqual(['ip:ik']);
    expect(floodKeysFor({ emailKey: 'ek', ipKey: null })).toEqual(['email:ek']);
    expect(floodKeysFor({ emailKey: null, ipKey: null })).toEqual([]);
  });

  it('never lets an email key and an IP key with the same text share a mark', () => {
    expect(floodKeysFor({ emailKey: 'same', ipKey: 'same' })).toEqual(['email:same', 'ip:same']);
  });
});
