/**
 * WordPress's submission checks, in WordPress's order: parent → closed → fields →
 * duplicate → flood; and threading depth.
 */

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/domain/settings.ts';
import { AdjustableClock } from '../support/adjustable-clock.ts';
import { createMemoryStack } from '../support/memory-stack.ts';
import { aSubmission, randomIp, type TestStack, uniquePostId } from '../support/test-stack.ts';

let stack: TestStack;
let auth: { authorization: string };
/** The app's clock: the flood interval passes when a test moves it, without a sleep. */
const clock = new AdjustableClock();
beforeAll(async () => {
  stack = await createMemoryStack({}, { clock });
  auth = { authorization: `Bearer ${await stack.token()}` };
});
afterEach(async () => {
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS });
  await stack.receiveRaw();
});

type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };
type Submitted = { comment: { id: string; parentId: string | null; status: string } };

async function settings(update: Partial<Settings>): Promise<void> {
  const res = await stack.request('/moderation/settings', { method: 'PUT', json: update, headers: auth });
  expect(res.status).toBe(200);
}

async function submit(postId: string, body: Record<string, unknown>, ip?: string): Promise<Response> {
  return stack.request(`/posts/${postId}/comments`, { json: body, ...(ip ? { ip } : {}) });
}

async function submitted(postId: string, body: Record<string, unknown> = aSubmission(), ip?: string): Promise<Submitted['comment']> {
  const res = await submit(postId, body, ip);
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as Submitted).comment;
}

async function act(id: string, action: string): Promise<void> {
  const res = await stack.request(`/moderation/comments/${id}/${action}`, { method: 'POST', headers: auth });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function approvedComment(postId: string, parentId?: string): Promise<string> {
  const { id } = await submitted(postId, aSubmission(parentId ? { parentId } : {}));
  await act(id, 'approve');
  return id;
}

async function expectError(res: Response, status: number, code: string): Promise<ErrorBody> {
  const body = (await res.json()) as ErrorBody;
  expect({ status: res.status, code: body.error.code }).toEqual({ status, code });
  return body;
}

async function putPost(postId: string, body: Record<string, unknown>): Promise<Response> {
  return stack.request(`/moderation/posts/${postId}`, { method: 'PUT', json: body, headers: auth });
}

describe('Check 1: the parent must exist, be approved and be on the same post', () => {
  it('accepts a reply to an approved comment on the same post', async () => {
    const postId = uniquePostId();
    const parentId = await approvedComment(postId);
    expect(await submitted(postId, aSubmission({ parentId }))).toMatchObject({ parentId });
  });

  it.each([
    ['missing (a well-formed id nobody used)', async () => '01ARZ3NDEKTSV4RRFFQ69G5FAV'],
    ['malformed', async () => '../../etc'],
    ['pending', async (postId: string) => (await submitted(postId)).id],
    ['spam', async (postId: string) => {
      const { id } = await submitted(postId);
      await act(id, 'spam');
      return id;
    }],
    ['trashed after approval', async (postId: string) => {
      const id = await approvedComment(postId);
      await act(id, 'trash');
      return id;
    }],
    ['approved but on another post', async () => approvedComment(uniquePostId('other'))],
  ])('refuses a reply to a parent that is %s with 403 parent_not_approved', async (_name, parentOf) => {
    const postId = uniquePostId();
    const parentId = await parentOf(postId);
    await expectError(await submit(postId, aSubmission({ parentId })), 403, 'parent_not_approved');
  });

  it('treats parentId null, "" and absent as a top-level comment', async () => {
    const postId = uniquePostId();
    for (const parentId of [null, '', undefined]) {
      expect(await submitted(postId, aSubmission({ parentId }))).toMatchObject({ parentId: null });
    }
  });
});

describe('Check 2: comments closed', () => {
  it('refuses with 403 comments_closed once a moderator closes the post, and accepts again once reopened', async () => {
    const postId = uniquePostId();
    const closed = await putPost(postId, { commentsOpen: false });
    expect(closed.status).toBe(200);
    expect(((await closed.json()) as { post: Record<string, unknown> }).post).toMatchObject({ postId, commentsOpen: false, approvedCount: 0 });

    const refused = await expectError(await submit(postId, aSubmission()), 403, 'comments_closed');
    expect(refused.error.message).toBe('Sorry, comments are closed for this item.');

    expect((await putPost(postId, { commentsOpen: true })).status).toBe(200);
    await submitted(postId);
  });

  it('closes posts published more than closeAfterDays ago, once publishedAt is known', async () => {
    const old = uniquePostId('old');
    const recent = uniquePostId('recent');
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    expect((await putPost(old, { publishedAt: daysAgo(15) })).status).toBe(200);
    expect((await putPost(recent, { publishedAt: daysAgo(13) })).status).toBe(200);

    // closeAfterDays 0 (the default) never closes.
    await submitted(old);

    await settings({ closeAfterDays: 14 });
    await expectError(await submit(old, aSubmission()), 403, 'comments_closed');
    await submitted(recent);
    // A post whose publication date is unknown stays open.
    await submitted(uniquePostId('unknown-age'));
  });

  it('validates the post settings body', async () => {
    const bad = await expectError(await putPost(uniquePostId(), { commentsOpen: 'no', publishedAt: 'last week' }), 400, 'validation_failed');
    expect(Object.keys(bad.error.fields ?? {}).sort()).toEqual(['commentsOpen', 'publishedAt']);
    await expectError(await putPost(uniquePostId(), { open: false }), 400, 'validation_failed');
    await expectError(await putPost('-bad-', { commentsOpen: false }), 404, 'not_found');
  });
});

describe('The checks run in WordPress order', () => {
  it('checks the parent before the post being closed', async () => {
    const postId = uniquePostId();
    await putPost(postId, { commentsOpen: false });
    await expectError(await submit(postId, aSubmission({ parentId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' })), 403, 'parent_not_approved');
  });

  it('checks closed before the fields', async () => {
    const postId = uniquePostId();
    await putPost(postId, { commentsOpen: false });
    await expectError(await submit(postId, { author: '', email: 'x', content: '' }), 403, 'comments_closed');
  });

  it('checks the fields before duplicates', async () => {
    const postId = uniquePostId();
    const body = aSubmission();
    await submitted(postId, body);
    await expectError(await submit(postId, { ...body, url: 'ftp://nope' }), 400, 'validation_failed');
  });

  it('checks duplicates before flooding (the same email right away is a duplicate first)', async () => {
    const postId = uniquePostId();
    const body = aSubmission();
    await submitted(postId, body);
    await expectError(await submit(postId, body), 409, 'duplicate_comment');
  });
});

describe('Check 6: duplicates', () => {
  it('refuses the same post, parent, author, email and content with 409 duplicate_comment', async () => {
    await settings({ floodSeconds: 0 });
    const postId = uniquePostId();
    const body = aSubmission();
    await submitted(postId, body);

    const dup = await expectError(await submit(postId, body), 409, 'duplicate_comment');
    expect(dup.error.message).toBe("Duplicate comment detected; it looks as though you've already said that!");
    expect(JSON.stringify(dup)).not.toContain(String(body.email));
    // Content is compared after sanitising and trimming; the email case-insensitively.
    await expectError(await submit(postId, { ...body, content: `  ${String(body.content)}\n`, email: String(body.email).toUpperCase() }), 409, 'duplicate_comment');
  });

  it.each([
    ['another post', (b: Record<string, unknown>) => b, true],
    ['other content', (b: Record<string, unknown>) => ({ ...b, content: `${String(b.content)}!` }), false],
    ['another author name', (b: Record<string, unknown>) => ({ ...b, author: `${String(b.author)} Jr.` }), false],
    ['another email', (b: Record<string, unknown>) => ({ ...b, email: `other-${String(b.email)}` }), false],
  ])('accepts the same comment on %s', async (_name, change, otherPost) => {
    await settings({ floodSeconds: 0 });
    const postId = uniquePostId();
    const body = aSubmission();
    await submitted(postId, body);
    await submitted(otherPost ? uniquePostId() : postId, change(body));
  });

  it('accepts the same comment under another parent', async () => {
    await settings({ floodSeconds: 0 });
    const postId = uniquePostId();
    const parentId = await approvedComment(postId);
    const body = aSubmission();
    await submitted(postId, body);
    await submitted(postId, { ...body, parentId });
  });

  it('counts spam as a duplicate (a spammer cannot repeat the comment)', async () => {
    await settings({ floodSeconds: 0 });
    const postId = uniquePostId();
    const body = aSubmission();
    const { id } = await submitted(postId, body);
    await act(id, 'spam');
    await expectError(await submit(postId, body), 409, 'duplicate_comment');
  });

  it('ignores trash: the same comment may be posted again once the first is trashed, and again once it is deleted', async () => {
    await settings({ floodSeconds: 0 });
    const postId = uniquePostId();
    const body = aSubmission();
    const first = await submitted(postId, body);
    await act(first.id, 'trash');
    const second = await submitted(postId, body);

    await expectError(await submit(postId, body), 409, 'duplicate_comment');
    expect((await stack.request(`/moderation/comments/${second.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    await submitted(postId, body);
  });
});

describe('Check 7: flood', () => {
  it('refuses the same email from another IP within floodSeconds with 429 flood and Retry-After', async () => {
    const postId = uniquePostId();
    const email = `flooder-${Date.now()}@example.com`;
    await submitted(postId, aSubmission({ email }), randomIp());

    const res = await submit(postId, aSubmission({ email }), randomIp());
    const body = await expectError(res, 429, 'flood');
    expect(body.error.message).toBe('You are posting comments too quickly. Slow down.');
    expect(JSON.stringify(body)).not.toContain(email);
    const retryAfter = Number(res.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(15);
  });

  it('refuses the same IP with another email within floodSeconds, on any post', async () => {
    const ip = randomIp();
    await submitted(uniquePostId(), aSubmission(), ip);
    const res = await submit(uniquePostId(), aSubmission(), ip);
    await expectError(res, 429, 'flood');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Neither the refused comment nor a mark was stored: another IP and email go through.
    await submitted(uniquePostId(), aSubmission(), randomIp());
  });

  it('counts an email case-insensitively', async () => {
    const postId = uniquePostId();
    await submitted(postId, aSubmission({ email: 'Case.Flood@Example.com' }), randomIp());
    await expectError(await submit(postId, aSubmission({ email: 'case.flood@example.COM' }), randomIp()), 429, 'flood');
  });

  it('lets the next comment through once floodSeconds have passed', async () => {
    await settings({ floodSeconds: 1 });
    const ip = randomIp();
    clock.stop();
    try {
      await submitted(uniquePostId(), aSubmission(), ip);
      await expectError(await submit(uniquePostId(), aSubmission(), ip), 429, 'flood');
      clock.advance(999);
      await expectError(await submit(uniquePostId(), aSubmission(), ip), 429, 'flood');
      clock.advance(1);
      await submitted(uniquePostId(), aSubmission(), ip);
    } finally {
      clock.resume();
    }
  });

  it('is off when floodSeconds is 0', async () => {
    await settings({ floodSeconds: 0 });
    const ip = randomIp();
    const email = `fast-${Date.now()}@example.com`;
    for (let i = 0; i < 3; i++) await submitted(uniquePostId(), aSubmission({ email }), ip);
  });

  it('never throttles a moderator replying', async () => {
    const postId = uniquePostId();
    const parentId = await approvedComment(postId);
    for (const content of ['Thanks!', 'One more thing.']) {
      const res = await stack.request(`/moderation/comments/${parentId}/reply`, { json: { content }, headers: auth });
      expect(res.status).toBe(201);
    }
  });
});

describe('Threading: replies deeper than threadDepth attach at the deepest allowed level', () => {
  async function depthOf(id: string): Promise<{ parentId: string | null; depth: number }> {
    const res = await stack.request(`/moderation/comments/${id}`, { headers: auth });
    return ((await res.json()) as { comment: { parentId: string | null; depth: number } }).comment;
  }

  it('attaches a reply to a comment at the limit to that comment\'s parent', async () => {
    await settings({ threadDepth: 3 });
    const postId = uniquePostId();
    const level1 = await approvedComment(postId);
    const level2 = await approvedComment(postId, level1);
    const level3 = await approvedComment(postId, level2);
    expect(await depthOf(level3)).toEqual(expect.objectContaining({ parentId: level2, depth: 3 }));

    const deeper = await submitted(postId, aSubmission({ parentId: level3 }));
    expect(deeper.parentId).toBe(level2);
    expect(await depthOf(deeper.id)).toEqual(expect.objectContaining({ parentId: level2, depth: 3 }));
  });

  it('with threadDepth 1 (no threading), a reply becomes a top-level comment', async () => {
    await settings({ threadDepth: 1 });
    const postId = uniquePostId();
    const top = await approvedComment(postId);
    const reply = await submitted(postId, aSubmission({ parentId: top }));
    expect(await depthOf(reply.id)).toEqual(expect.objectContaining({ depth: 1 }));
    expect(reply.parentId).toBeNull();
  });

  it('keeps ordinary replies within the limit where they were put', async () => {
    const postId = uniquePostId();
    const level1 = await approvedComment(postId);
    const level2 = await submitted(postId, aSubmission({ parentId: level1 }));
    expect(level2.parentId).toBe(level1);
    expect(await depthOf(level2.id)).toEqual(expect.objectContaining({ depth: 2 }));
  });
});
