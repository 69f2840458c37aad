import { expect, it } from 'vitest';
import { encodeTime } from 'ulid';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { aNewComment, allPages, type ContractStores, anEvent, stored } from './contract-fixture.ts';

/** PostStore, SettingsStore, AuthorIndex, CommentHistory, ModerationBacklog, RequestCounter. */
export function otherStoresContract(get: () => ContractStores): void {
  it('posts: an update changes what it names, keeps the rest and the count', async () => {
    const { stores, clock } = get();
    const comment = await stored(stores, aNewComment(clock, { status: 'approved' }));

    const closed = await stores.posts.update(comment.postId, { commentsOpen: false });
    const dated = await stores.posts.update(comment.postId, { publishedAt: '2026-01-02T03:04:05+09:00' });
    const unchanged = await stores.posts.update(comment.postId, {});

    expect(closed).toEqual({ postId: comment.postId, commentsOpen: false, publishedAt: null, approvedCount: 1 });
    expect(dated).toEqual({ ...closed, publishedAt: '2026-01-01T18:04:05.000Z' });
    expect(unchanged).toEqual(dated);
    expect(await stores.posts.get(comment.postId)).toEqual(dated);
  });

  it('settings: a replace is conditional on the version read; a save moves the version on', async () => {
    const { stores } = get();
    const { version } = await stores.settings.read();

    const first = await stores.settings.replace({ ...DEFAULT_SETTINGS, maxLinks: 7 }, version);
    const stale = await stores.settings.replace({ ...DEFAULT_SETTINGS, maxLinks: 9 }, version);
    await stores.settings.save({ ...DEFAULT_SETTINGS, maxLinks: 3 });
    const after = await stores.settings.read();

    expect({ first, stale }).toEqual({ first: true, stale: false });
    expect(after).toEqual({ settings: { ...DEFAULT_SETTINGS, maxLinks: 3 }, version: version + 2 });
    expect(await stores.settings.replace(DEFAULT_SETTINGS, version + 1)).toBe(false);
    expect(await stores.settings.replace(DEFAULT_SETTINGS, version + 2)).toBe(true);
  });

  it('authors: lists an address’s comments page by page, and forgets what is filed under it', async () => {
    const { stores, clock } = get();
    const first = aNewComment(clock, { status: 'approved' });
    const mine = [await stored(stores, first)];
    for (let i = 0; i < 2; i++) {
      clock.advance(1000);
      mine.push(await stored(stores, aNewComment(clock, { emailKey: first.emailKey, author: first.author })));
    }
    const floodKeys = [`email:${first.emailKey}`];
    await stores.submissions.create(aNewComment(clock, { emailKey: first.emailKey }), { floodKeys, floodSeconds: 60 });

    const pages = await allPages((page) => stores.authors.listByEmailKey(first.emailKey!, page), 2);
    await stores.authors.forget(first.emailKey!);

    expect(pages.flat().slice(0, 3).map((c) => [c.id, c.email])).toEqual(mine.map((c) => [c.id, c.email]));
    expect((await stores.backlog.decisionInputs(first)).authorPreviouslyApproved).toBe(false);
    expect(await stores.submissions.create(aNewComment(clock, { emailKey: first.emailKey }), { floodKeys, floodSeconds: 60 })).toBeNull();
  });

  it('authors: forgetting an address drops the Idempotency-Key answers that name it', async () => {
    const { stores, clock } = get();
    const comment = aNewComment(clock);
    const scope = `scope-${comment.id}`;
    const answer = { id: comment.id, postId: comment.postId, parentId: null, author: comment.author, url: null, content: comment.content, createdAt: comment.createdAt, status: 'pending' as const, avatar: null };
    await stores.submissions.create(comment, { floodKeys: [], floodSeconds: 0, idempotency: { scope, fingerprint: 'f', answer, expiresAt: new Date(clock.now().getTime() + 3_600_000) } });

    await stores.authors.forget(comment.emailKey!);

    expect((await stores.submissions.read(comment.postId, { idempotencyScope: scope })).earlier).toBeNull();
  });

  it('history: events oldest first, appended on their own too; none for an unknown comment', async () => {
    const { stores, clock } = get();
    const comment = aNewComment(clock);
    await stores.submissions.create(comment, { floodKeys: [], floodSeconds: 0 }, anEvent(clock, 'submit', null, 'pending'));

    clock.advance(1000);
    await stores.history.append(comment.id, { ...anEvent(clock, 'hold', 'pending', 'pending'), reasons: ['held'] });

    expect(await stores.history.list(comment.id)).toEqual([anEventAt(comment.createdAt, 'submit', null, 'pending'), { ...anEvent(clock, 'hold', 'pending', 'pending'), reasons: ['held'] }]);
    expect(await stores.history.list(aNewComment(clock).id)).toEqual([]);
  });

  it('backlog: lists pending comments the worker owes a check, created before the time, until it gives up', async () => {
    const { stores, clock } = get();
    const owed = await stored(stores, aNewComment(clock));
    const checked = await stored(stores, aNewComment(clock, { moderation: { decidedBy: 'rules', reasons: [], decidedAt: clock.now().toISOString(), checkedAt: clock.now().toISOString(), moderator: null } }));
    const givenUp = await stored(stores, aNewComment(clock));
    const approved = await stored(stores, aNewComment(clock, { status: 'approved' }));
    clock.advance(60_000);
    const tooNew = await stored(stores, aNewComment(clock));

    await stores.backlog.markModerationFailed(givenUp.id, clock.now());
    await stores.backlog.markModerationFailed(aNewComment(clock).id, clock.now());
    const listed = (await allPages((page) => stores.backlog.listUnchecked(new Date(clock.now().getTime() - 30_000), page), 2)).flat();

    expect(listed).toContain(owed.id);
    for (const id of [checked.id, givenUp.id, approved.id, tooNew.id]) expect(listed).not.toContain(id);
    expect(listed.every((id) => id < encodeTime(clock.now().getTime() - 30_000, 10))).toBe(true);
  });

  it('request counter: counts up to the limit per key and minute, then refuses without counting', async () => {
    const { stores, clock } = get();
    const key = `link-${aNewComment(clock).id}`;

    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await stores.requestCounter.count(key, 100, 3));
    const nextMinute = await stores.requestCounter.count(key, 101, 3);
    const otherKey = await stores.requestCounter.count(`${key}-other`, 100, 3);

    expect(answers).toEqual([true, true, true, false]);
    expect({ nextMinute, otherKey }).toEqual({ nextMinute: true, otherKey: true });
  });
}

function anEventAt(at: string, ...rest: [Parameters<typeof anEvent>[1], Parameters<typeof anEvent>[2], Parameters<typeof anEvent>[3]]) {
  return anEvent({ now: () => new Date(at) }, ...rest);
}
