import { expect, it } from 'vitest';
import { type Comment, toSubmittedComment } from '../../shared/domain/comment.ts';
import { DuplicateCommentError, FloodError, RateLimitedError } from '../../shared/domain/errors.ts';
import type { SubmissionGuards } from '../../shared/domain/storage-ports.ts';
import type { AdjustableClock } from '../support/adjustable-clock.ts';
import { aNewComment, type ContractStores, stored } from './contract-fixture.ts';

const HOUR_MS = 3_600_000;

function idempotency(clock: AdjustableClock, scope: string, comment: Comment): NonNullable<SubmissionGuards['idempotency']> {
  return { scope, fingerprint: `fingerprint-of-${comment.id}`, answer: toSubmittedComment(comment), expiresAt: new Date(clock.now().getTime() + 24 * HOUR_MS) };
}

/** SubmissionStore: the one read, and the one write with its labelled refusals. */
export function submissionStoreContract(get: () => ContractStores): void {
  it('reads WordPress’s defaults and an empty post when nothing is stored', async () => {
    const { stores, clock } = get();
    const postId = aNewComment(clock).postId;

    const reads = await stores.submissions.read(postId, { parentId: 'not-an-id', idempotencyScope: 'nothing-here' });

    expect(reads.post).toEqual({ postId, commentsOpen: true, publishedAt: null, approvedCount: 0 });
    expect({ earlier: reads.earlier, parent: reads.parent }).toEqual({ earlier: null, parent: null });
    expect(reads.settings).toEqual(await stores.settings.get());
  });

  it('reads the settings with the version they were stored at', async () => {
    const { stores, clock } = get();
    const postId = aNewComment(clock).postId;
    const before = await stores.submissions.read(postId, {});

    await stores.settings.save({ ...before.settings, maxLinks: 7 });
    const after = await stores.submissions.read(postId, {});

    expect(after.settingsVersion).toBe(before.settingsVersion + 1);
    expect({ settings: after.settings, version: after.settingsVersion }).toEqual(await stores.settings.read());

    // Read again unchanged, then changed once more: each version's settings, never an earlier one's.
    expect((await stores.submissions.read(postId, {})).settings.maxLinks).toBe(7);
    await stores.settings.save({ ...before.settings, maxLinks: 9 });
    expect(await stores.submissions.read(postId, {})).toMatchObject({ settings: { maxLinks: 9 }, settingsVersion: before.settingsVersion + 2 });
  });

  it('reads the author’s approved record the worker decides with: by email key and exact name, no when none was asked', async () => {
    const { stores, clock } = get();
    const approved = await stored(stores, aNewComment(clock, { status: 'approved' }));
    const pendingOnly = await stored(stores, aNewComment(clock));
    const ask = (author?: { emailKey: string; author: string }) => stores.submissions.read(approved.postId, { author });

    const answers = {
      approvedAuthor: (await ask({ emailKey: approved.emailKey!, author: approved.author })).authorPreviouslyApproved,
      otherName: (await ask({ emailKey: approved.emailKey!, author: `${approved.author} Jr.` })).authorPreviouslyApproved,
      pendingAuthor: (await ask({ emailKey: pendingOnly.emailKey!, author: pendingOnly.author })).authorPreviouslyApproved,
      notAsked: (await ask()).authorPreviouslyApproved,
    };

    expect(answers).toEqual({ approvedAuthor: true, otherName: false, pendingAuthor: false, notAsked: false });
    expect(answers.approvedAuthor).toBe((await stores.backlog.decisionInputs(approved)).authorPreviouslyApproved);
  });

  it('reads the parent a reply names, as far as the checks need it', async () => {
    const { stores, clock } = get();
    const parent = await stored(stores, aNewComment(clock, { status: 'approved' }));

    const reads = await stores.submissions.read('another-post', { parentId: parent.id });

    expect(reads.parent).toEqual({ id: parent.id, postId: parent.postId, parentId: null, status: 'approved', depth: 1 });
  });

  it('replays the first answer for an Idempotency-Key scope and stores nothing more', async () => {
    const { stores, clock } = get();
    const first = aNewComment(clock);
    const retry = aNewComment(clock, { postId: first.postId });
    const claim = idempotency(clock, `scope-${first.id}`, first);

    const stored1 = await stores.submissions.create(first, { floodKeys: [], floodSeconds: 0, idempotency: claim });
    const replayed = await stores.submissions.create(retry, { floodKeys: [], floodSeconds: 0, idempotency: { ...claim, answer: toSubmittedComment(retry) } });
    const read = await stores.submissions.read(first.postId, { idempotencyScope: claim.scope });

    expect(stored1).toBeNull();
    expect(replayed).toEqual({ fingerprint: claim.fingerprint, answer: claim.answer });
    expect(read.earlier).toEqual({ fingerprint: claim.fingerprint, answer: claim.answer });
    expect(await stores.comments.get(retry.id)).toBeNull();
  });

  it('lets an expired Idempotency-Key answer go, by the clock', async () => {
    const { stores, clock } = get();
    const first = aNewComment(clock);
    const claim = idempotency(clock, `scope-${first.id}`, first);
    await stores.submissions.create(first, { floodKeys: [], floodSeconds: 0, idempotency: claim });

    clock.advance(25 * HOUR_MS);
    const later = aNewComment(clock, { postId: first.postId });
    const read = await stores.submissions.read(first.postId, { idempotencyScope: claim.scope });
    const stored2 = await stores.submissions.create(later, { floodKeys: [], floodSeconds: 0, idempotency: idempotency(clock, claim.scope, later) });

    expect({ earlier: read.earlier, stored2 }).toEqual({ earlier: null, stored2: null });
    expect(await stores.comments.get(later.id)).not.toBeNull();
  });

  it('refuses past the per-IP rate limit with its Retry-After, writing nothing', async () => {
    const { stores, clock } = get();
    const rate = { ipKey: `ip-${aNewComment(clock).duplicateKey}`, minute: 7, limit: 2, retryAfterSeconds: 42 };
    for (let i = 0; i < 2; i++) await stores.submissions.create(aNewComment(clock), { floodKeys: [], floodSeconds: 0, rate });
    const third = aNewComment(clock);

    const refused = stores.submissions.create(third, { floodKeys: [], floodSeconds: 0, rate });

    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 42 });
    expect(await stores.comments.get(third.id)).toBeNull();
    expect(await stores.submissions.create(third, { floodKeys: [], floodSeconds: 0, rate: { ...rate, minute: 8 } })).toBeNull();
  });

  it('refuses a duplicate (same duplicate key, not in the trash), writing nothing', async () => {
    const { stores, clock } = get();
    const first = await stored(stores, aNewComment(clock));
    const twin = aNewComment(clock, { postId: first.postId, duplicateKey: first.duplicateKey });

    await expect(stores.submissions.create(twin, { floodKeys: [], floodSeconds: 0 })).rejects.toBeInstanceOf(DuplicateCommentError);
    expect(await stores.comments.get(twin.id)).toBeNull();
  });

  it('refuses a flood with the seconds left, and lets the next comment through once they passed', async () => {
    const { stores, clock } = get();
    const floodKeys = [`email:${aNewComment(clock).emailKey}`];
    await stores.submissions.create(aNewComment(clock), { floodKeys, floodSeconds: 15 });

    clock.advance(5000);
    const early = aNewComment(clock);
    const refused = stores.submissions.create(early, { floodKeys, floodSeconds: 15 });
    await expect(refused).rejects.toBeInstanceOf(FloodError);
    const { retryAfterSeconds } = (await refused.catch((e: FloodError) => e)) as FloodError;
    clock.advance(10_001);
    const later = await stores.submissions.create(aNewComment(clock), { floodKeys, floodSeconds: 15 });

    expect(retryAfterSeconds).toBeCloseTo(10, 3);
    expect(await stores.comments.get(early.id)).toBeNull();
    expect(later).toBeNull();
    expect(await stores.submissions.create(aNewComment(clock), { floodKeys, floodSeconds: 0 })).toBeNull();
  });

  it('tells the rate limit before the duplicate, and the duplicate before the flood', async () => {
    const { stores, clock } = get();
    const first = aNewComment(clock);
    const floodKeys = [`ip:${first.duplicateKey}`];
    const rate = { ipKey: `ip-${first.duplicateKey}`, minute: 1, limit: 1, retryAfterSeconds: 30 };
    await stores.submissions.create(first, { floodKeys, floodSeconds: 60, rate });
    const twin = () => aNewComment(clock, { postId: first.postId, duplicateKey: first.duplicateKey });

    await expect(stores.submissions.create(twin(), { floodKeys, floodSeconds: 60, rate })).rejects.toBeInstanceOf(RateLimitedError);
    await expect(stores.submissions.create(twin(), { floodKeys, floodSeconds: 60 })).rejects.toBeInstanceOf(DuplicateCommentError);
    await expect(stores.submissions.create(aNewComment(clock), { floodKeys, floodSeconds: 60 })).rejects.toBeInstanceOf(FloodError);
  });

  it('replays an answer before any other refusal', async () => {
    const { stores, clock } = get();
    const first = aNewComment(clock);
    const claim = idempotency(clock, `scope-${first.id}`, first);
    const rate = { ipKey: `ip-${first.duplicateKey}`, minute: 1, limit: 1, retryAfterSeconds: 30 };
    await stores.submissions.create(first, { floodKeys: [`ip:${first.id}`], floodSeconds: 60, rate, idempotency: claim });

    const retry = aNewComment(clock, { postId: first.postId, duplicateKey: first.duplicateKey });
    const replayed = await stores.submissions.create(retry, { floodKeys: [`ip:${first.id}`], floodSeconds: 60, rate, idempotency: claim });

    expect(replayed?.answer).toEqual(claim.answer);
  });

  it('counts a comment stored already approved at once', async () => {
    const { stores, clock } = get();
    const reply = await stored(stores, aNewComment(clock, { status: 'approved' }));

    expect((await stores.posts.get(reply.postId)).approvedCount).toBe(1);
    expect((await stores.backlog.decisionInputs(reply)).authorPreviouslyApproved).toBe(true);
  });
}
