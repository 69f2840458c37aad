import { expect, it } from 'vitest';
import { ValidationError } from '../../shared/domain/errors.ts';
import { aNewComment, allPages, type ContractStores, anEvent, forgedCursor, stored } from './contract-fixture.ts';

/** CommentStore: versions, counts, markers and history changing together; lists and cursors. */
export function commentStoreContract(get: () => ContractStores): void {
  it('save is conditional on the version read: a stale copy changes nothing', async () => {
    const { stores, clock } = get();
    const before = await stored(stores, aNewComment(clock));

    const first = await stores.comments.save(before, { ...before, status: 'approved' });
    const stale = await stores.comments.save(before, { ...before, status: 'spam' });

    expect({ first, stale }).toEqual({ first: true, stale: false });
    expect(await stores.comments.get(before.id)).toMatchObject({ status: 'approved', version: before.version + 1 });
  });

  it('save keeps the post count and the approved-author record with the status', async () => {
    const { stores, clock } = get();
    const comment = await stored(stores, aNewComment(clock));
    const inputs = () => stores.backlog.decisionInputs(comment);

    await stores.comments.save(comment, { ...comment, status: 'approved' });
    const approved = { count: (await stores.posts.get(comment.postId)).approvedCount, author: (await inputs()).authorPreviouslyApproved };
    const current = (await stores.comments.get(comment.id))!;
    await stores.comments.save(current, { ...current, status: 'spam', previousStatus: 'approved' });
    const spam = { count: (await stores.posts.get(comment.postId)).approvedCount, author: (await inputs()).authorPreviouslyApproved };

    expect({ approved, spam }).toEqual({ approved: { count: 1, author: true }, spam: { count: 0, author: false } });
  });

  it('a comment in the trash frees its duplicate key; restoring it takes the key back', async () => {
    const { stores, clock } = get();
    const comment = await stored(stores, aNewComment(clock));
    const twin = () => aNewComment(clock, { postId: comment.postId, duplicateKey: comment.duplicateKey });

    await stores.comments.save(comment, { ...comment, status: 'trash', previousStatus: 'pending' });
    const whileTrashed = await stores.submissions.create(twin(), { floodKeys: [], floodSeconds: 0 });

    expect(whileTrashed).toBeNull();
  });

  it('history is appended with each change and kept after the comment is removed', async () => {
    const { stores, clock } = get();
    const comment = aNewComment(clock);
    await stores.submissions.create(comment, { floodKeys: [], floodSeconds: 0 }, anEvent(clock, 'submit', null, 'pending'));
    const before = (await stores.comments.get(comment.id))!;

    await stores.comments.save(before, { ...before, status: 'approved' }, anEvent(clock, 'approve', 'pending', 'approved'));
    const approved = (await stores.comments.get(comment.id))!;
    const removed = await stores.comments.remove(approved, anEvent(clock, 'delete', 'approved', null));

    expect(removed).toBe(true);
    expect(await stores.comments.get(comment.id)).toBeNull();
    expect((await stores.history.list(comment.id)).map((e) => e.action)).toEqual(['submit', 'approve', 'delete']);
    expect((await stores.posts.get(comment.postId)).approvedCount).toBe(0);
  });

  it('remove is conditional on the version and frees the duplicate key', async () => {
    const { stores, clock } = get();
    const comment = await stored(stores, aNewComment(clock));

    const stale = await stores.comments.remove({ ...comment, version: comment.version - 1 });
    const removed = await stores.comments.remove(comment);
    const again = await stores.submissions.create(aNewComment(clock, { postId: comment.postId, duplicateKey: comment.duplicateKey }), { floodKeys: [], floodSeconds: 0 });

    expect({ stale, removed, again }).toEqual({ stale: false, removed: true, again: null });
  });

  it('keeps IP and user agent for the retention period only, counted on the clock', async () => {
    const { stores, clock } = get();
    const comment = await stored(stores, aNewComment(clock));
    const retentionMs = 30 * 86_400_000;

    clock.advance(retentionMs - 60_000);
    const kept = await stores.comments.get(comment.id);
    clock.advance(120_000);
    const expired = await stores.comments.get(comment.id);

    expect({ ip: kept?.ip, userAgent: kept?.userAgent }).toEqual({ ip: comment.ip, userAgent: comment.userAgent });
    expect({ ip: expired?.ip, userAgent: expired?.userAgent, email: expired?.email }).toEqual({ ip: null, userAgent: null, email: comment.email });
  });

  it('gives a comment’s standing with its public fields only', async () => {
    const { stores, clock } = get();
    const comment = await stored(stores, aNewComment(clock));

    const standing = await stores.comments.getStanding(comment.id);

    expect(standing).toEqual({
      comment: { id: comment.id, parentId: null, author: comment.author, url: comment.url, content: comment.content, createdAt: comment.createdAt, avatar: comment.avatar },
      postId: comment.postId,
      status: 'pending',
    });
    expect(await stores.comments.getStanding(aNewComment(clock).id)).toBeNull();
  });

  it('lists a post’s approved comments oldest first, page by page, with the post’s count', async () => {
    const { stores, clock } = get();
    const first = aNewComment(clock, { status: 'approved' });
    const ids = [first.id];
    await stored(stores, first);
    for (let i = 0; i < 4; i++) {
      clock.advance(1000);
      const next = await stored(stores, aNewComment(clock, { postId: first.postId, status: i === 2 ? 'pending' : 'approved' }));
      if (next.status === 'approved') ids.push(next.id);
    }

    const firstPage = await stores.comments.listApproved(first.postId, { limit: 2 });
    const pages = await allPages((page) => stores.comments.listApproved(first.postId, page), 2);
    const second = await stores.comments.listApproved(first.postId, { limit: 2, cursor: firstPage.nextCursor! });

    expect(pages.flat().map((c) => c.id)).toEqual(ids);
    expect({ count: firstPage.count, startAfter: firstPage.startAfter }).toEqual({ count: 4, startAfter: null });
    expect({ count: second.count, startAfter: second.startAfter }).toEqual({ count: 4, startAfter: ids[1] });
    expect(Object.keys(firstPage.items[0]!).sort()).toEqual(['author', 'avatar', 'content', 'createdAt', 'id', 'parentId', 'url']);
  });

  it('answers an empty post with count 0 and no cursor', async () => {
    const { stores, clock } = get();
    expect(await stores.comments.listApproved(aNewComment(clock).postId, { limit: 5 })).toEqual({ items: [], nextCursor: null, startAfter: null, count: 0 });
  });

  it('lists by status, and by status on one post, with full comments', async () => {
    const { stores, clock } = get();
    const spam = await stored(stores, aNewComment(clock, { status: 'spam', previousStatus: 'pending' }));
    clock.advance(1000);
    const other = await stored(stores, aNewComment(clock, { postId: spam.postId }));

    const byPost = await stores.comments.list({ status: 'spam', postId: spam.postId }, { limit: 10 });
    const pending = await allPages((page) => stores.comments.list({ status: 'pending' }, page), 50);

    expect(byPost.items.map((c) => [c.id, c.email, c.ip])).toEqual([[spam.id, spam.email, spam.ip]]);
    expect(pending.flat().map((c) => c.id)).toContain(other.id);
    expect(pending.flat().map((c) => c.id)).not.toContain(spam.id);
  });

  it('lists a comment’s replies of any status', async () => {
    const { stores, clock } = get();
    const parent = await stored(stores, aNewComment(clock, { status: 'approved' }));
    const replies = [];
    for (const status of ['pending', 'approved', 'spam', 'trash'] as const) {
      clock.advance(1000);
      replies.push(await stored(stores, aNewComment(clock, { postId: parent.postId, parentId: parent.id, depth: 2, status })));
    }
    await stored(stores, aNewComment(clock, { postId: parent.postId }));

    const listed = await stores.comments.listReplies(parent.postId, parent.id);

    expect(listed.map((c) => c.id).sort()).toEqual(replies.map((c) => c.id).sort());
  });

  it('refuses a forged cursor, and a cursor of another list, as invalid input', async () => {
    const { stores, clock } = get();
    const first = await stored(stores, aNewComment(clock, { status: 'approved' }));
    clock.advance(1000);
    await stored(stores, aNewComment(clock, { postId: first.postId, status: 'approved' }));
    const { nextCursor } = await stores.comments.listApproved(first.postId, { limit: 1 });

    const otherPost = stores.comments.listApproved(aNewComment(clock).postId, { limit: 1, cursor: nextCursor! });
    const otherStatus = stores.comments.list({ status: 'pending', postId: first.postId }, { limit: 1, cursor: nextCursor! });
    const forged = stores.comments.listApproved(first.postId, { limit: 1, cursor: forgedCursor });
    const garbage = stores.comments.list({ status: 'approved' }, { limit: 1, cursor: '%%%not-base64' });

    for (const refused of [otherPost, otherStatus, forged, garbage]) {
      await expect(refused).rejects.toBeInstanceOf(ValidationError);
      await expect(refused).rejects.toMatchObject({ fields: { cursor: expect.any(String) } });
    }
  });
}
