/**
 * Every moderator route of docs/api.md through the real app: auth, lists, one comment,
 * the status actions and their 409s, edit, delete, reply, batch, settings.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import type { Comment } from '../../shared/domain/comment.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { createMemoryStack } from '../support/memory-stack.ts';
import { tokenRoutes } from '../support/route-list.ts';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';

let stack: TestStack;
let auth: { authorization: string };
const SUB = 'moderator-kenji';
/** Many comments from one address in one run: flood and rate limits would get in the way. */
const BASELINE = { ...DEFAULT_SETTINGS, floodSeconds: 0, ratePerIpPerMinute: 0 };
beforeAll(async () => {
  stack = await createMemoryStack();
  auth = { authorization: `Bearer ${await stack.token({ sub: SUB, name: 'Kenji', email: 'kenji@blog.example' })}` };
  initialSettings = await (await stack.request('/moderation/settings', { headers: auth })).json();
  await stack.deps.settings.save(BASELINE);
});
let initialSettings: unknown;

type ModeratorComment = Omit<Comment, 'emailKey' | 'duplicateKey'>;
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
const UNKNOWN_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

async function call(method: string, path: string, json?: unknown, headers: Record<string, string> = auth): Promise<Response> {
  return stack.request(path, { method, headers, ...(json !== undefined ? { json } : {}) });
}

async function ok<T>(res: Response, status = 200): Promise<T> {
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

async function submit(postId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission(overrides), headers: { 'user-agent': 'TestBrowser/1.0' }, ip: '10.1.2.3' });
  return (await ok<{ comment: { id: string } }>(res, 202)).comment.id;
}

async function act(id: string, action: string): Promise<Response> {
  return call('POST', `/moderation/comments/${id}/${action}`);
}

async function acted(id: string, action: string): Promise<ModeratorComment> {
  return (await ok<{ comment: ModeratorComment }>(await act(id, action))).comment;
}

async function view(id: string): Promise<ModeratorComment> {
  return (await ok<{ comment: ModeratorComment }>(await call('GET', `/moderation/comments/${id}`))).comment;
}

async function publicList(postId: string): Promise<{ count: number; comments: Array<{ id: string; parentId: string | null }> }> {
  return ok(await stack.request(`/posts/${postId}/comments`));
}

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  const body = (await res.json()) as ErrorBody;
  expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
  return body;
}

/** A fresh comment brought to the given status by moderator actions. */
async function inStatus(postId: string, status: 'pending' | 'approved' | 'spam' | 'trash'): Promise<string> {
  const id = await submit(postId);
  if (status !== 'pending') await acted(id, status === 'approved' ? 'approve' : status);
  return id;
}

describe('Settings', () => {
  it('GET answers the WordPress defaults', async () => {
    // Read in beforeAll, on the fresh table, before flood and rate limits were turned off for these tests.
    expect(initialSettings).toEqual({
      settings: {
        requireNameEmail: true,
        manualModeration: false,
        previouslyApproved: true,
        maxLinks: 2,
        moderationKeys: [],
        disallowedKeys: [],
        closeAfterDays: 0,
        threadDepth: 5,
        floodSeconds: 15,
        ratePerIpPerMinute: 10,
      },
    });
    expect((await ok<{ settings: Record<string, unknown> }>(await call('GET', '/moderation/settings'))).settings).toEqual(BASELINE);
  });

  it('PUT merges a subset, trims key lines and answers the full result', async () => {
    const { settings } = await ok<{ settings: Record<string, unknown> }>(
      await call('PUT', '/moderation/settings', { maxLinks: 5, moderationKeys: ['  casino ', '', 'pills'] }),
    );
    expect(settings).toEqual({ ...BASELINE, maxLinks: 5, moderationKeys: ['casino', 'pills'] });
    await ok(await call('PUT', '/moderation/settings', { threadDepth: 3 }));
    expect((await ok<{ settings: Record<string, unknown> }>(await call('GET', '/moderation/settings'))).settings).toMatchObject({ maxLinks: 5, threadDepth: 3 });
    await ok(await call('PUT', '/moderation/settings', { maxLinks: 2, moderationKeys: [], threadDepth: 5 }));
  });

  it('PUT refuses bad values with 400 and every field, and changes nothing', async () => {
    const body = await expectError(
      await call('PUT', '/moderation/settings', { maxLinks: -1, threadDepth: 'deep', moderationKeys: 'casino', requireNameEmail: 'yes', floodSeconds: 1.5 }),
      400,
      'validation_failed',
    );
    expect(Object.keys(body.error.fields ?? {}).sort()).toEqual(['floodSeconds', 'maxLinks', 'moderationKeys', 'requireNameEmail', 'threadDepth']);
    expect((await ok<{ settings: Record<string, unknown> }>(await call('GET', '/moderation/settings'))).settings).toEqual(BASELINE);
  });

  it('PUT refuses an unknown setting with 400, and a body that is not JSON', async () => {
    await expectError(await call('PUT', '/moderation/settings', { moderateEverything: true }), 400, 'validation_failed');
    await expectError(await stack.request('/moderation/settings', { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: '{' }), 400, 'invalid_json');
  });

  it('takes effect for the next submission, without a restart', async () => {
    const postId = uniquePostId();
    await expectError(await stack.request(`/posts/${postId}/comments`, { json: { content: 'No name.' } }), 400, 'validation_failed');
    await ok(await call('PUT', '/moderation/settings', { requireNameEmail: false }));
    await ok(await stack.request(`/posts/${postId}/comments`, { json: { content: 'No name.' } }), 202);
    await ok(await call('PUT', '/moderation/settings', { requireNameEmail: true }));
    await stack.receiveRaw();
  });
});

describe('Authentication', () => {
  // Every route that needs a token, as registered: a new one is checked here without editing this list.
  const routes = tokenRoutes().map(([method, path]) => [method, path] as const);

  it('answers 401 unauthorized on every moderator route without a token, or with a bad one', async () => {
    const valid = await stack.token();
    const wrongSecret = (await createStackToken()).token;
    const badHeaders: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer not-a-jwt' },
      { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` },
      { authorization: `Bearer ${wrongSecret}` },
      { authorization: `Bearer ${valid.split('.').slice(0, 2).join('.')}.` },
    ];
    for (const [method, path] of routes) {
      for (const headers of badHeaders) {
        const res = await call(method, path, method === 'GET' || method === 'DELETE' ? undefined : {}, headers);
        expect(res.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(((await res.json()) as ErrorBody).error.code).toBe('unauthorized');
      }
    }
  });

  it('answers 401 for an expired token', async () => {
    const { signLocalToken } = await import('../../shared/auth/local-token.ts');
    const past = await signLocalToken(stack.authSecret, {}, { expiresIn: '-10m' });
    await expectError(await call('GET', '/moderation/comments', undefined, { authorization: `Bearer ${past}` }), 401, 'unauthorized');
  });

  it('answers 403 forbidden to a valid token outside the moderators group', async () => {
    const reader = { authorization: `Bearer ${await stack.token({ groups: ['readers'] })}` };
    for (const [method, path] of routes) {
      const res = await call(method, path, method === 'GET' || method === 'DELETE' ? undefined : {}, reader);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(((await res.json()) as ErrorBody).error.code).toBe('forbidden');
    }
  });

  async function createStackToken(): Promise<{ token: string }> {
    const { signLocalToken } = await import('../../shared/auth/local-token.ts');
    return { token: await signLocalToken(Buffer.alloc(32, 7).toString('base64url')) };
  }
});

describe('GET /moderation/comments', () => {
  it('lists one status of one post, oldest first, full comments with personal data', async () => {
    const postId = uniquePostId();
    const pending = [await submit(postId), await submit(postId), await submit(postId)];
    const approved = await inStatus(postId, 'approved');
    await submit(uniquePostId());

    const list = await ok<{ comments: ModeratorComment[]; nextCursor: string | null }>(await call('GET', `/moderation/comments?status=pending&postId=${postId}`));
    expect(list.comments.map((c) => c.id)).toEqual(pending);
    expect(list.nextCursor).toBeNull();
    expect(list.comments[0]).toMatchObject({ postId, status: 'pending', ip: '10.1.2.3', userAgent: 'TestBrowser/1.0', email: expect.stringContaining('@example.com') });
    expect(list.comments[0]!.moderation).toEqual({ decidedBy: null, reasons: [], decidedAt: null, checkedAt: null, moderator: null });
    expect(list.comments[0]).not.toHaveProperty('emailKey');
    expect(list.comments[0]).not.toHaveProperty('duplicateKey');

    const approvedList = await ok<{ comments: ModeratorComment[] }>(await call('GET', `/moderation/comments?status=approved&postId=${postId}`));
    expect(approvedList.comments.map((c) => c.id)).toEqual([approved]);
    await stack.receiveRaw();
  });

  it('lists pending by default, across posts, oldest first', async () => {
    const first = await submit(uniquePostId());
    const second = await submit(uniquePostId());
    const ids = (await ok<{ comments: ModeratorComment[] }>(await call('GET', '/moderation/comments?limit=100'))).comments.map((c) => c.id);
    expect(ids.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(ids.indexOf(second)).toBeGreaterThan(ids.indexOf(first));
    expect([...ids].sort()).toEqual(ids);
    await stack.receiveRaw();
  });

  it('pages with limit and cursor until nextCursor is null', async () => {
    const postId = uniquePostId();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await submit(postId));

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/moderation/comments?status=pending&postId=${postId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page: { comments: ModeratorComment[]; nextCursor: string | null } = await ok(await call('GET', query));
      expect(page.comments.length).toBeLessThanOrEqual(2);
      seen.push(...page.comments.map((c) => c.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(ids);
    await stack.receiveRaw();
  });

  it('refuses a bad query with 400: a broken cursor, a cursor of another list, a bad limit or status', async () => {
    const postId = uniquePostId();
    await submit(postId);
    await submit(postId);
    const { nextCursor } = await ok<{ nextCursor: string }>(await call('GET', `/moderation/comments?postId=${postId}&limit=1`));
    expect(nextCursor).toEqual(expect.any(String));

    for (const query of [
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('{"pk":1}').toString('base64url')}`,
      `postId=${uniquePostId()}&cursor=${encodeURIComponent(nextCursor)}`,
      `postId=${postId}&status=approved&cursor=${encodeURIComponent(nextCursor)}`,
      'limit=0',
      'limit=101',
      'limit=ten',
      'status=deleted',
    ]) {
      const body = await expectError(await call('GET', `/moderation/comments?${query}`), 400, 'validation_failed');
      expect(Object.keys(body.error.fields ?? {}).length, query).toBe(1);
    }
    await stack.receiveRaw();
  });
});

describe('Unknown moderation routes', () => {
  it('answers 404 not_found to a moderator', async () => {
    await expectError(await call('GET', '/moderation/nothing-here'), 404, 'not_found');
    await expectError(await call('POST', `/moderation/comments/${UNKNOWN_ID}/publish`), 404, 'not_found');
  });
});

describe('GET /moderation/comments/{id}', () => {
  it('answers the full comment', async () => {
    const postId = uniquePostId();
    const id = await submit(postId);
    expect(await view(id)).toMatchObject({ id, postId, status: 'pending', version: 1, previousStatus: null, depth: 1, ip: '10.1.2.3' });
    await stack.receiveRaw();
  });

  it.each([UNKNOWN_ID, 'not-an-id', '01arz3ndektsv4rrffq69g5fav'])('answers 404 not_found for %s', async (id) => {
    await expectError(await call('GET', `/moderation/comments/${id}`), 404, 'not_found');
  });
});

describe('Status actions', () => {
  const statuses = ['pending', 'approved', 'spam', 'trash'] as const;
  const allowed: Record<string, Record<string, string | null>> = {
    approve: { pending: 'approved', approved: null, spam: null, trash: null },
    unapprove: { pending: null, approved: 'pending', spam: null, trash: null },
    spam: { pending: 'spam', approved: 'spam', spam: null, trash: null },
    trash: { pending: 'trash', approved: 'trash', spam: 'trash', trash: null },
    restore: { pending: null, approved: null, spam: 'pending', trash: 'approved' },
  };
  const cases = Object.entries(allowed).flatMap(([action, from]) => statuses.map((status) => [action, status, from[status]] as const));

  it.each(cases)('%s from %s → %s (null: 409 invalid_transition)', async (action, status, expected) => {
    const postId = uniquePostId();
    // For restore, the remembered status: spam came from pending, trash from approved.
    const id = action === 'restore' && status === 'trash' ? await inStatus(postId, 'approved') : await inStatus(postId, status);
    if (action === 'restore' && status === 'trash') await acted(id, 'trash');
    const before = await view(id);

    const res = await act(id, action);
    if (expected === null) {
      const body = await expectError(res, 409, 'invalid_transition');
      expect(body.error.message).toContain(status);
      expect(await view(id)).toEqual(before);
    } else {
      const { comment } = await ok<{ comment: ModeratorComment }>(res);
      expect(comment).toMatchObject({ id, status: expected, version: before.version + 1 });
      expect(comment.moderation).toMatchObject({ decidedBy: 'moderator', moderator: SUB, reasons: [expect.any(String)] });
      expect(Date.now() - Date.parse(comment.moderation.decidedAt!)).toBeLessThan(60_000);
      expect(await view(id)).toEqual(comment);
    }
    await stack.receiveRaw();
  });

  it('restore returns to the remembered status: spam and trash each remember where the comment came from', async () => {
    const postId = uniquePostId();
    const id = await inStatus(postId, 'approved');
    expect((await acted(id, 'spam')).previousStatus).toBe('approved');
    expect((await publicList(postId)).count).toBe(0);
    expect((await acted(id, 'restore')).status).toBe('approved');
    expect((await publicList(postId)).count).toBe(1);

    // Trashing spam remembers "spam": restoring from the trash does not publish it.
    await acted(id, 'spam');
    expect((await acted(id, 'trash')).previousStatus).toBe('spam');
    expect(await acted(id, 'restore')).toMatchObject({ status: 'spam', previousStatus: null });
    expect((await publicList(postId)).count).toBe(0);
    await stack.receiveRaw();
  });

  it('answers 404 for an unknown or malformed id', async () => {
    for (const action of ['approve', 'unapprove', 'spam', 'trash', 'restore']) {
      await expectError(await act(UNKNOWN_ID, action), 404, 'not_found');
      await expectError(await act('nope', action), 404, 'not_found');
    }
  });
});

describe('PATCH /moderation/comments/{id}', () => {
  it('edits author, url and content, sanitised like a submission, and records the moderator', async () => {
    const id = await inStatus(uniquePostId(), 'approved');
    const before = await view(id);
    const { comment } = await ok<{ comment: ModeratorComment }>(
      await call('PATCH', `/moderation/comments/${id}`, { author: '<b>Edited</b> Name', url: '', content: 'New <script>x</script><em>text</em>' }),
    );
    expect(comment).toMatchObject({ author: 'Edited Name', url: null, content: '<p>New <em>text</em></p>', status: 'approved', version: before.version + 1, email: before.email });
    expect(comment.moderation.moderator).toBe(SUB);
    expect(await view(id)).toEqual(comment);
    // A partial edit keeps the rest.
    const { comment: urlOnly } = await ok<{ comment: ModeratorComment }>(await call('PATCH', `/moderation/comments/${id}`, { url: 'https://new.example' }));
    expect(urlOnly).toMatchObject({ author: 'Edited Name', url: 'https://new.example', content: '<p>New <em>text</em></p>' });
    await stack.receiveRaw();
  });

  it('refuses invalid fields with 400 listing every one, and unknown fields; changes nothing', async () => {
    const id = await submit(uniquePostId());
    const before = await view(id);
    const body = await expectError(await call('PATCH', `/moderation/comments/${id}`, { author: ' ', url: 'javascript:alert(1)', content: '' }), 400, 'validation_failed');
    expect(Object.keys(body.error.fields ?? {}).sort()).toEqual(['author', 'content', 'url']);
    await expectError(await call('PATCH', `/moderation/comments/${id}`, { content: 'x'.repeat(65526) }), 400, 'validation_failed');
    await expectError(await call('PATCH', `/moderation/comments/${id}`, { email: 'new@example.com' }), 400, 'validation_failed');
    await expectError(await call('PATCH', `/moderation/comments/${id}`, { status: 'approved' }), 400, 'validation_failed');
    expect(await view(id)).toEqual(before);
    await stack.receiveRaw();
  });

  it('does not moderate again: an edit adding a disallowed word leaves the status and queues nothing', async () => {
    await ok(await call('PUT', '/moderation/settings', { disallowedKeys: ['casino'], previouslyApproved: false }));
    const postId = uniquePostId();
    const id = await submit(postId);
    await stack.drainQueue();
    expect((await view(id)).status).toBe('approved');

    await ok(await call('PATCH', `/moderation/comments/${id}`, { content: 'Visit my casino' }));
    expect(await stack.receiveRaw()).toEqual([]);
    expect(await view(id)).toMatchObject({ status: 'approved', moderation: { decidedBy: 'rules' } });
    expect((await publicList(postId)).count).toBe(1);
    await ok(await call('PUT', '/moderation/settings', { disallowedKeys: [], previouslyApproved: true }));
  });

  it('answers 404 for an unknown id', async () => {
    await expectError(await call('PATCH', `/moderation/comments/${UNKNOWN_ID}`, { content: 'x' }), 404, 'not_found');
  });
});

describe('DELETE /moderation/comments/{id}', () => {
  it('deletes for good (204) and moves the replies up to the deleted comment\'s parent', async () => {
    const postId = uniquePostId();
    const top = await inStatus(postId, 'approved');
    const middle = await submit(postId, { parentId: top });
    await acted(middle, 'approve');
    const replyA = await submit(postId, { parentId: middle });
    const replyB = await submit(postId, { parentId: middle });
    await acted(replyA, 'approve');
    await acted(replyB, 'spam');
    expect((await publicList(postId)).count).toBe(3);

    const res = await call('DELETE', `/moderation/comments/${middle}`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    await expectError(await call('GET', `/moderation/comments/${middle}`), 404, 'not_found');
    expect(await view(replyA)).toMatchObject({ parentId: top, depth: 2, status: 'approved' });
    expect(await view(replyB)).toMatchObject({ parentId: top, depth: 2, status: 'spam' });
    const listed = await publicList(postId);
    expect(listed.count).toBe(2);
    expect(listed.comments).toEqual([expect.objectContaining({ id: top, parentId: null }), expect.objectContaining({ id: replyA, parentId: top })]);

    // Deleting a top-level comment makes its replies top-level.
    expect((await call('DELETE', `/moderation/comments/${top}`)).status).toBe(204);
    expect(await view(replyA)).toMatchObject({ parentId: null, depth: 1 });
    expect((await publicList(postId)).count).toBe(1);
    await stack.receiveRaw();
  });

  it('deletes a comment of any status', async () => {
    const postId = uniquePostId();
    for (const status of ['pending', 'approved', 'spam', 'trash'] as const) {
      const id = await inStatus(postId, status);
      expect((await call('DELETE', `/moderation/comments/${id}`)).status).toBe(204);
      await expectError(await call('GET', `/moderation/comments/${id}`), 404, 'not_found');
    }
    expect((await publicList(postId)).count).toBe(0);
    await stack.receiveRaw();
  });

  it('answers 404 for an unknown or already deleted id', async () => {
    await expectError(await call('DELETE', `/moderation/comments/${UNKNOWN_ID}`), 404, 'not_found');
    await expectError(await call('DELETE', '/moderation/comments/nope'), 404, 'not_found');
  });
});

describe('POST /moderation/comments/{id}/reply', () => {
  it('answers 201 with an approved reply by the moderator, and approves the pending parent', async () => {
    const postId = uniquePostId();
    const parent = await submit(postId);
    const res = await call('POST', `/moderation/comments/${parent}/reply`, { content: 'Thanks for <b>writing</b>!' });
    const { comment } = await ok<{ comment: ModeratorComment }>(res, 201);

    expect(comment).toMatchObject({
      postId,
      parentId: parent,
      status: 'approved',
      author: 'Kenji',
      email: 'kenji@blog.example',
      content: '<p>Thanks for <b>writing</b>!</p>',
      depth: 2,
      moderation: { decidedBy: 'moderator', moderator: SUB },
    });
    expect(await view(comment.id)).toEqual(comment);
    expect(await view(parent)).toMatchObject({ status: 'approved', moderation: { decidedBy: 'moderator', moderator: SUB } });
    const listed = await publicList(postId);
    expect(listed.count).toBe(2);
    expect(listed.comments.map((c) => c.id)).toEqual([parent, comment.id]);
    await stack.receiveRaw();
  });

  it.each([
    ['markup', '<img src=x onerror=alert(1)>Kenji <b>K.</b>', 'Kenji K.'],
    ['an overlong name', 'K'.repeat(300), 'K'.repeat(245)],
    ['bidi controls and zero-width characters', '\u202EKenji\u200B\u2066', 'Kenji'],
    ['nothing visible', '<img src=x onerror=alert(1)>\u200B', 'moderator-kenji'],
  ])("publishes the token's name claim by the author rules: %s", async (_why, name, shown) => {
    // Prepare: Cognito users can write their own `name` unless the app client forbids it.
    const token = await stack.token({ sub: SUB, name });
    const parent = await inStatus(uniquePostId(), 'approved');

    // Act
    const res = await call('POST', `/moderation/comments/${parent}/reply`, { content: 'Thanks.' }, { authorization: `Bearer ${token}` });

    // Assess
    const { comment } = await ok<{ comment: ModeratorComment }>(res, 201);
    expect(comment.author).toBe(shown);
    const listed = (await (await stack.request(`/posts/${comment.postId}/comments`)).text());
    expect(listed).not.toContain('onerror');
    expect(listed).not.toContain('<img');
    await stack.receiveRaw();
  });

  it('replies to an approved comment without changing it', async () => {
    const parent = await inStatus(uniquePostId(), 'approved');
    const before = await view(parent);
    await ok(await call('POST', `/moderation/comments/${parent}/reply`, { content: 'Indeed.' }), 201);
    expect(await view(parent)).toEqual(before);
    await stack.receiveRaw();
  });

  it('attaches a reply to a comment at threadDepth to that comment\'s parent', async () => {
    await ok(await call('PUT', '/moderation/settings', { threadDepth: 2 }));
    const postId = uniquePostId();
    const top = await inStatus(postId, 'approved');
    const second = await submit(postId, { parentId: top });
    const { comment } = await ok<{ comment: ModeratorComment }>(await call('POST', `/moderation/comments/${second}/reply`, { content: 'Deep.' }), 201);
    expect(comment).toMatchObject({ parentId: top, depth: 2 });
    expect((await view(second)).status).toBe('approved');
    await ok(await call('PUT', '/moderation/settings', { threadDepth: 5 }));
    await stack.receiveRaw();
  });

  it('refuses a reply to spam or trash (409), an empty reply (400), an unknown comment (404)', async () => {
    const postId = uniquePostId();
    for (const status of ['spam', 'trash'] as const) {
      const id = await inStatus(postId, status);
      await expectError(await call('POST', `/moderation/comments/${id}/reply`, { content: 'Hm.' }), 409, 'invalid_transition');
    }
    const pending = await submit(postId);
    const body = await expectError(await call('POST', `/moderation/comments/${pending}/reply`, { content: '  ' }), 400, 'validation_failed');
    expect(Object.keys(body.error.fields ?? {})).toEqual(['content']);
    expect((await view(pending)).status).toBe('pending');
    await expectError(await call('POST', `/moderation/comments/${UNKNOWN_ID}/reply`, { content: 'Hello?' }), 404, 'not_found');
    await stack.receiveRaw();
  });
});

describe('POST /moderation/batch', () => {
  it('applies one action to many ids and answers a result per id', async () => {
    const postId = uniquePostId();
    const a = await submit(postId);
    const b = await submit(postId);
    const spam = await inStatus(postId, 'spam');

    const { results } = await ok<{ results: Array<{ id: string; ok: boolean; error?: { code: string } }> }>(
      await call('POST', '/moderation/batch', { action: 'approve', ids: [a, b, spam, UNKNOWN_ID, 'nope'] }),
    );
    expect(results).toEqual([
      { id: a, ok: true },
      { id: b, ok: true },
      { id: spam, ok: false, error: { code: 'invalid_transition', message: expect.any(String) } },
      { id: UNKNOWN_ID, ok: false, error: { code: 'not_found', message: expect.any(String) } },
      { id: 'nope', ok: false, error: { code: 'not_found', message: expect.any(String) } },
    ]);
    expect((await view(a)).moderation.moderator).toBe(SUB);
    expect((await publicList(postId)).count).toBe(2);

    const deleted = await ok<{ results: Array<{ ok: boolean }> }>(await call('POST', '/moderation/batch', { action: 'delete', ids: [a, spam] }));
    expect(deleted.results.map((r) => r.ok)).toEqual([true, true]);
    expect((await publicList(postId)).count).toBe(1);
    await stack.receiveRaw();
  });

  it('takes up to 100 ids; refuses 101, none, or an unknown action with 400', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `01ARZ3NDEKTSV4RRFFQ69G${String(i).padStart(4, '0')}`);
    const hundred = await ok<{ results: Array<{ ok: boolean }> }>(await call('POST', '/moderation/batch', { action: 'trash', ids }));
    expect(hundred.results).toHaveLength(100);
    expect(hundred.results.every((r) => !r.ok)).toBe(true);

    const tooMany = await expectError(await call('POST', '/moderation/batch', { action: 'trash', ids: [...ids, UNKNOWN_ID] }), 400, 'validation_failed');
    expect(Object.keys(tooMany.error.fields ?? {})).toEqual(['ids']);
    await expectError(await call('POST', '/moderation/batch', { action: 'trash', ids: [] }), 400, 'validation_failed');
    const badAction = await expectError(await call('POST', '/moderation/batch', { action: 'publish', ids: [UNKNOWN_ID] }), 400, 'validation_failed');
    expect(Object.keys(badAction.error.fields ?? {})).toEqual(['action']);
  });
});
