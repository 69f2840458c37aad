import { describe, expect, it } from 'vitest';
import { type CommentStatus, type PublicComment, toPublicComment } from '../../../../shared/domain/comment.ts';
import type { ApprovedPage, CommentStanding } from '../../../../shared/domain/ports.ts';
import { Keyring } from '../../../../shared/privacy/keyring.ts';
import { HmacLookupHasher } from '../../../../shared/privacy/lookup-hasher.ts';
import { MODERATION_HASH_LIFETIME_MS, ownPendingComment, withOwnPending } from '../../../../shared/use-cases/own-pending-comment.ts';
import { aStoredComment } from '../../../support/comment-mother.ts';

const hasherWith = (material: string) => {
  const keyring = Keyring.parse(JSON.stringify({ current: 'k1', lookup: 'k1', k1: material }));
  return new HmacLookupHasher(async () => keyring);
};
const SERVER = hasherWith('server-a-'.padEnd(40, 'a'));
const OTHER_SERVER = hasherWith('server-b-'.padEnd(40, 'b'));

const CREATED = '2026-11-20T10:00:00.000Z';
const comment = aStoredComment({ id: '01KAZ0000000000000000000AA', createdAt: CREATED });

/** The one port method the check reads, over a map; counts its reads. */
function standings(status: CommentStatus = 'pending') {
  const reads: string[] = [];
  const byId = new Map<string, CommentStanding>([[comment.id, { comment: toPublicComment(comment), postId: comment.postId, status }]]);
  return {
    reads,
    comments: {
      getStanding: async (id: string) => {
        reads.push(id);
        return byId.get(id) ?? null;
      },
    } as never,
  };
}

const at = (ms: number) => ({ now: () => new Date(Date.parse(CREATED) + ms) });

describe('Function: ownPendingComment', () => {
  it('unlocks the pending comment with its own hash, with one read', async () => {
    // Prepare
    const store = standings();
    const hash = await SERVER.moderationHash(comment.id, CREATED);

    // Act
    const shown = await ownPendingComment({ ...store, hasher: SERVER, clock: at(60_000) }, comment.postId, { unapproved: comment.id, hash });

    // Assess
    expect(shown).toEqual(toPublicComment(comment));
    expect(store.reads).toEqual([comment.id]);
  });

  it.each<[string, CommentStatus, number, string | null]>([
    ['approved already', 'approved', 60_000, null],
    ['spam', 'spam', 60_000, null],
    ['older than 7 days', 'pending', MODERATION_HASH_LIFETIME_MS + 1, null],
    ['on another post', 'pending', 60_000, 'another-post'],
  ])('is null when the comment is %s', async (_name, status, age, postId) => {
    const hash = await SERVER.moderationHash(comment.id, CREATED);

    expect(await ownPendingComment({ ...standings(status), hasher: SERVER, clock: at(age) }, postId ?? comment.postId, { unapproved: comment.id, hash })).toBeNull();
  });

  it("is null for another server's hash, and reads nothing for a malformed pair", async () => {
    const store = standings();
    const foreign = await OTHER_SERVER.moderationHash(comment.id, CREATED);

    expect(await ownPendingComment({ ...store, hasher: SERVER, clock: at(0) }, comment.postId, { unapproved: comment.id, hash: foreign })).toBeNull();
    expect(await ownPendingComment({ ...store, hasher: SERVER, clock: at(0) }, comment.postId, { unapproved: 'x', hash: foreign })).toBeNull();
    expect(await ownPendingComment({ ...store, hasher: SERVER, clock: at(0) }, comment.postId, { unapproved: comment.id, hash: 'short' })).toBeNull();
    expect(await ownPendingComment({ ...store, hasher: SERVER, clock: at(0) }, comment.postId, {})).toBeNull();
    expect(store.reads).toEqual([comment.id]);
  });
});

describe('Method: HmacLookupHasher.moderationHash', () => {
  it('is stable, per comment and per creation time, and keyed by the server', async () => {
    const hash = await SERVER.moderationHash(comment.id, CREATED);

    expect(await SERVER.moderationHash(comment.id, CREATED)).toBe(hash);
    expect(await SERVER.moderationHash('01KAZ0000000000000000000AB', CREATED)).not.toBe(hash);
    expect(await SERVER.moderationHash(comment.id, '2026-11-20T10:00:00.001Z')).not.toBe(hash);
    expect(await OTHER_SERVER.moderationHash(comment.id, CREATED)).not.toBe(hash);
  });

  it('is computed from id and time only: the same for any author, nothing of the email in it', async () => {
    const hash = await SERVER.moderationHash(comment.id, CREATED);

    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toBe(await SERVER.emailKey(comment.email));
    expect(hash).not.toBe(await SERVER.avatarSeed(comment.email));
    expect(hash).not.toBe(await SERVER.digest(comment.id, CREATED));
  });
});

describe('Function: withOwnPending', () => {
  const ids = (n: number) => `01KAZ00000000000000000000${String.fromCharCode(65 + n)}`;
  const listed = (n: number): PublicComment => ({ ...toPublicComment(comment), id: ids(n) });
  const page = (items: number[], startAfter: number | null, more: boolean): ApprovedPage => ({
    items: items.map(listed),
    nextCursor: more ? 'cursor' : null,
    startAfter: startAfter === null ? null : ids(startAfter),
  });

  it('puts the comment in id order, flagged', () => {
    const own = listed(2);

    expect(withOwnPending(page([1, 3], null, false), own).map((c) => [c.id, c.awaitingModeration])).toEqual([
      [ids(1), undefined],
      [ids(2), true],
      [ids(3), undefined],
    ]);
  });

  it('keeps it to the page whose range holds it, the gap between pages included', () => {
    const own = listed(4);

    expect(withOwnPending(page([1, 2, 3], null, true), own).map((c) => c.id)).not.toContain(ids(4));
    expect(withOwnPending(page([5, 6], 3, true), own).map((c) => c.id)).toEqual([ids(4), ids(5), ids(6)]);
    expect(withOwnPending(page([7], 6, false), own).map((c) => c.id)).toEqual([ids(7)]);
    expect(withOwnPending(page([], null, false), own).map((c) => c.id)).toEqual([ids(4)]);
  });

  it('leaves the page alone without a comment', () => {
    expect(withOwnPending(page([1], null, false), null).map((c) => c.id)).toEqual([ids(1)]);
  });
});
