import { expect, it } from 'vitest';
import type { Comment } from '../../shared/domain/comment.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import type { ImportedComment } from '../../shared/domain/ports.ts';
import type { AdjustableClock } from '../support/adjustable-clock.ts';
import { aNewComment, allPages, type ContractStores, anEvent, forgedCursor } from './contract-fixture.ts';

function anImport(clock: AdjustableClock, overrides: Partial<Comment> = {}, waitsFor?: string): ImportedComment {
  const comment = aNewComment(clock, { status: 'approved', moderation: { decidedBy: 'rules', reasons: [], decidedAt: null, checkedAt: clock.now().toISOString(), moderator: null }, ...overrides });
  return { comment: { ...comment, externalId: `wp-${comment.id}` }, importKey: `import-${comment.id}`, event: anEvent(clock, 'import', null, comment.status), ...(waitsFor ? { waitsFor } : {}) };
}

/** CommentImportStore: stored, claimed and counted once; waiting replies; export pages. */
export function importStoreContract(get: () => ContractStores): void {
  it('stores, claims and counts a comment once however often it is sent', async () => {
    const { stores, clock } = get();
    const one = anImport(clock);
    const receivedAt = clock.now().toISOString();

    const first = await stores.imports.store([one], receivedAt);
    const again = await stores.imports.store([one], receivedAt);
    const { refs, comments } = await stores.imports.lookup([one.importKey, 'import-unknown'], [one.comment.id, aNewComment(clock).id]);

    expect({ first: [...first], again: [...again] }).toEqual({ first: [one.comment.id], again: [] });
    expect((await stores.posts.get(one.comment.postId)).approvedCount).toBe(1);
    expect(refs).toEqual(new Map([[one.importKey, { commentId: one.comment.id, postId: one.comment.postId, depth: 1, waiting: [] }]]));
    expect(comments).toEqual(new Map([[one.comment.id, { postId: one.comment.postId, depth: 1 }]]));
    expect((await stores.history.list(one.comment.id)).map((e) => e.action)).toEqual(['import']);
    expect(await stores.imports.externalIds([one.comment.id])).toEqual(new Map([[one.comment.id, one.comment.externalId]]));
  });

  it('files a reply under its missing parent’s ref until it is settled', async () => {
    const { stores, clock } = get();
    const reply = anImport(clock, {}, 'import-parent-to-come');

    await stores.imports.store([reply], clock.now().toISOString());
    const waiting = (await stores.imports.lookup(['import-parent-to-come'], [])).refs.get('import-parent-to-come');
    await stores.imports.settle('import-parent-to-come', [reply.comment.id]);
    const settled = (await stores.imports.lookup(['import-parent-to-come'], [])).refs.get('import-parent-to-come');

    expect(waiting).toEqual({ waiting: [reply.comment.id] });
    expect(settled).toEqual({ waiting: [] });
  });

  it('keeps imported request data for the retention period from the import, not from the comment’s date', async () => {
    const { stores, clock } = get();
    const old = anImport(clock, { createdAt: '2019-05-01T00:00:00.000Z', updatedAt: '2019-05-01T00:00:00.000Z' });

    await stores.imports.store([old], clock.now().toISOString());

    expect((await stores.comments.get(old.comment.id))?.ip).toBe(old.comment.ip);
  });

  it('exports every status of a post, oldest first, page by page, with personal data; cursors bound to the filter', async () => {
    const { stores, clock } = get();
    const first = anImport(clock);
    const batch = [first];
    for (const status of ['pending', 'spam', 'trash'] as const) {
      clock.advance(1000);
      batch.push(anImport(clock, { postId: first.comment.postId, status }));
    }
    await stores.imports.store(batch, clock.now().toISOString());

    const pages = await allPages((page) => stores.imports.exportPage({ postId: first.comment.postId }, page), 3);
    const { nextCursor } = await stores.imports.exportPage({ postId: first.comment.postId }, { limit: 1 });

    expect(pages.flat().map((c) => [c.id, c.status, c.email])).toEqual(batch.map(({ comment }) => [comment.id, comment.status, comment.email]));
    await expect(stores.imports.exportPage({}, { limit: 1, cursor: nextCursor! })).rejects.toBeInstanceOf(ValidationError);
    await expect(stores.imports.exportPage({ postId: first.comment.postId }, { limit: 1, cursor: forgedCursor })).rejects.toBeInstanceOf(ValidationError);
  });
}
