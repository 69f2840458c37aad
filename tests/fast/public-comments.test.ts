/**
 * The public list: approved comments only, oldest first, paginated, nothing
 * personal; and its `count` staying right through every moderator action.
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
let auth: { authorization: string };
beforeAll(async () => {
  stack = await createMemoryStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
});

type PublicList = { postId: string; count: number; comments: Array<Record<string, unknown> & { id: string }>; nextCursor: string | null };
type Status = 'pending' | 'approved' | 'spam' | 'trash';

async function submit(postId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission(overrides) });
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

async function act(id: string, action: string): Promise<Response> {
  return action === 'delete'
    ? stack.request(`/moderation/comments/${id}`, { method: 'DELETE', headers: auth })
    : stack.request(`/moderation/comments/${id}/${action}`, { method: 'POST', headers: auth });
}

async function list(postId: string, query = ''): Promise<PublicList> {
  const res = await stack.request(`/posts/${postId}/comments${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PublicList;
}

/** Every page of the public list. */
async function listAll(postId: string, limit: number): Promise<{ count: number; ids: string[] }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let count = -1;
  do {
    const page: PublicList = await list(postId, `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    count = page.count;
    ids.push(...page.comments.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return { count, ids };
}

describe('GET /posts/{postId}/comments', () => {
  it('lists approved comments only, oldest first, flat with parentId, and only public fields', async () => {
    const postId = uniquePostId();
    const emails: string[] = [];
    const submitWith = async (overrides: Record<string, unknown> = {}) => {
      const email = `public-${emails.length}-${Date.now()}@example.com`;
      emails.push(email);
      return submit(postId, { ...overrides, email });
    };
    const first = await submitWith();
    const pending = await submitWith();
    const second = await submitWith();
    for (const id of [first, second]) expect((await act(id, 'approve')).status).toBe(200);
    const reply = await submitWith({ parentId: first });
    expect((await act(reply, 'approve')).status).toBe(200);
    const spam = await submitWith();
    expect((await act(spam, 'spam')).status).toBe(200);

    const res = await stack.request(`/posts/${postId}/comments`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as PublicList;
    expect(body).toMatchObject({ postId, count: 3, nextCursor: null });
    expect(body.comments.map((c) => c.id)).toEqual([first, second, reply]);
    expect(body.comments.map((c) => c.parentId)).toEqual([null, null, first]);
    expect(body.comments.map((c) => c.id)).not.toContain(pending);
    for (const comment of body.comments) {
      expect(Object.keys(comment).sort()).toEqual(['author', 'avatar', 'content', 'createdAt', 'id', 'parentId', 'url']);
      expect(comment.avatar).toEqual(expect.any(String));
    }
    const text = JSON.stringify(body);
    for (const email of emails) expect(text).not.toContain(email);
    for (const secret of ['pending', 'approved', 'moderation', 'userAgent', 'emailKey']) expect(text).not.toContain(secret);
    await stack.receiveRaw();
  });

  it('answers an empty list for a post nobody commented on', async () => {
    const postId = uniquePostId();
    expect(await list(postId)).toEqual({ postId, count: 0, comments: [], nextCursor: null });
  });

  it('pages with limit and cursor; count is the total on every page', async () => {
    const postId = uniquePostId();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await submit(postId);
      expect((await act(id, 'approve')).status).toBe(200);
      ids.push(id);
    }
    const firstPage = await list(postId, '?limit=2');
    expect(firstPage.comments).toHaveLength(2);
    expect(firstPage.count).toBe(5);
    expect(await listAll(postId, 2)).toEqual({ count: 5, ids });
    expect(await listAll(postId, 5)).toEqual({ count: 5, ids });
    await stack.receiveRaw();
  });

  it.each(['limit=0', 'limit=101', 'limit=1.5', 'limit=x', 'cursor=garbage'])('refuses %s with 400', async (query) => {
    const res = await stack.request(`/posts/${uniquePostId()}/comments?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('validation_failed');
  });

  it("refuses another post's cursor with 400 (a cursor only reads the list it came from)", async () => {
    const postId = uniquePostId();
    for (let i = 0; i < 2; i++) expect((await act(await submit(postId), 'approve')).status).toBe(200);
    const { nextCursor } = await list(postId, '?limit=1');
    expect(nextCursor).toEqual(expect.any(String));
    const res = await stack.request(`/posts/${uniquePostId()}/comments?cursor=${encodeURIComponent(nextCursor!)}`);
    expect(res.status).toBe(400);
    await stack.receiveRaw();
  });
});

describe('Public count through every transition (property)', () => {
  const ACTIONS = ['approve', 'unapprove', 'spam', 'trash', 'restore', 'delete'] as const;
  type Action = (typeof ACTIONS)[number];
  const COMMENTS = 4;

  /** The model: which statuses each action applies to, and where it leads. */
  function next(status: Status, previous: Status | null, action: Action): { status: Status; previous: Status | null } | 'deleted' | null {
    switch (action) {
      case 'approve':
        return status === 'pending' ? { status: 'approved', previous: null } : null;
      case 'unapprove':
        return status === 'approved' ? { status: 'pending', previous: null } : null;
      case 'spam':
        return status === 'pending' || status === 'approved' ? { status: 'spam', previous: status } : null;
      case 'trash':
        return status === 'trash' ? null : { status: 'trash', previous: status };
      case 'restore':
        return status === 'spam' || status === 'trash' ? { status: previous ?? 'pending', previous: null } : null;
      case 'delete':
        return 'deleted';
    }
  }

  it('keeps count == approved comments == comments listed publicly, after every action of a random sequence', async () => {
    const step = fc.record({ target: fc.nat({ max: COMMENTS - 1 }), action: fc.constantFrom(...ACTIONS) });

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const postId = uniquePostId('prop');
        // Submitted together; ULIDs sort by creation, which is the public order.
        const ids = (await Promise.all(Array.from({ length: COMMENTS }, () => submit(postId)))).sort();
        const model = new Map<string, { status: Status; previous: Status | null }>(ids.map((id) => [id, { status: 'pending', previous: null }]));

        for (const { target, action } of steps) {
          const id = ids[target]!;
          const current = model.get(id);
          const res = await act(id, action);
          if (!current) {
            expect(res.status, `${action} on a deleted comment`).toBe(404);
            continue;
          }
          const expected = next(current.status, current.previous, action);
          if (expected === null) {
            expect(res.status, `${action} from ${current.status}`).toBe(409);
          } else if (expected === 'deleted') {
            expect(res.status).toBe(204);
            model.delete(id);
          } else {
            expect(res.status, `${action} from ${current.status}`).toBe(200);
            expect(((await res.json()) as { comment: { status: Status } }).comment.status).toBe(expected.status);
            model.set(id, expected);
          }

          const approved = ids.filter((c) => model.get(c)?.status === 'approved');
          const page = await list(postId);
          expect(page.count).toBe(approved.length);
          expect(page.comments.map((c) => c.id)).toEqual(approved);
        }
      }),
      { numRuns: 15 },
    );
    await stack.receiveRaw();
  });
});
