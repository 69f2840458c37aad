/**
 * The HTTP edge of "Leave A Reply": JSON and WordPress-form bodies, every error
 * docs/api.md names for client input, and the browser answers of a form post.
 */

import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await createMemoryStack();
});
afterEach(async () => {
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS });
  await stack.receiveRaw();
});

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
type ErrorBody = { error: { code: string; message: string; fields?: Record<string, string> } };

async function moderatorView(id: string): Promise<Record<string, unknown>> {
  const res = await stack.request(`/moderation/comments/${id}`, { headers: { authorization: `Bearer ${await stack.token()}` } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { comment: Record<string, unknown> }).comment;
}

function formPost(postId: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return stack.request(`/posts/${postId}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

function aForm(overrides: Record<string, string> = {}): Record<string, string> {
  const s = aSubmission();
  return {
    author: String(s.author),
    email: String(s.email),
    url: String(s.url),
    comment: String(s.content),
    comment_post_ID: '42',
    comment_parent: '0',
    ...overrides,
  };
}

describe('POST /posts/{postId}/comments with JSON', () => {
  it('answers 202 with the submitted comment: pending, sanitised, no personal data', async () => {
    const postId = uniquePostId();
    const submission = aSubmission({ content: 'Hello <b>there</b><script>alert(1)</script>\n\nSee <a href="https://x.example" onclick="evil()">this</a>' });

    const res = await stack.request(`/posts/${postId}/comments`, { json: submission });

    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { comment } = (await res.json()) as { comment: Record<string, unknown> };
    expect(Object.keys(comment).sort()).toEqual(['author', 'avatar', 'content', 'createdAt', 'id', 'parentId', 'postId', 'status', 'url']);
    expect(comment).toMatchObject({ postId, parentId: null, author: submission.author, url: submission.url, status: 'pending' });
    // The public, server-keyed identicon seed the lists carry once approved: the author's page draws it at once.
    expect(comment.avatar).toBe(await stack.deps.hasher.avatarSeed(String(submission.email)));
    expect(comment.id).toMatch(ULID);
    expect(new Date(String(comment.createdAt)).toISOString()).toBe(comment.createdAt);
    expect(comment.content).toBe('<p>Hello <b>there</b></p>\n<p>See <a href="https://x.example" rel="nofollow ugc">this</a></p>');
    expect(JSON.stringify(comment)).not.toContain(String(submission.email));
    // The queue carries the id and what the submission read for the decision: a settings version and a yes/no.
    const queued = (await stack.receiveRaw()).map((body) => JSON.parse(body) as unknown);
    expect(queued).toEqual([{ commentId: comment.id, settingsVersion: expect.any(Number), authorPreviouslyApproved: false }]);
  });

  it('reports every invalid field at once, without echoing the email', async () => {
    const email = 'not an email@example';
    const res = await stack.request(`/posts/${uniquePostId()}/comments`, {
      json: { author: '   ', email, url: 'javascript:alert(1)', content: '  \n ', consent: 'yes' },
    });

    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields ?? {}).sort()).toEqual(['author', 'consent', 'content', 'email', 'url']);
    expect(JSON.stringify(body)).not.toContain(email);
  });

  it('reports every over-long field at once (WordPress lengths)', async () => {
    const res = await stack.request(`/posts/${uniquePostId()}/comments`, {
      json: {
        author: 'a'.repeat(246),
        email: `${'e'.repeat(89)}@example.com`,
        url: `https://example.com/${'p'.repeat(181)}`,
        content: 'c'.repeat(65526),
      },
    });

    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.fields).toEqual({
      author: expect.stringMatching(/too long/),
      email: expect.stringMatching(/too long/),
      url: expect.stringMatching(/too long/),
      content: expect.stringMatching(/too long/),
    });
  });

  it('accepts the longest allowed fields', async () => {
    const res = await stack.request(`/posts/${uniquePostId()}/comments`, {
      json: { author: 'a'.repeat(245), email: `${'e'.repeat(88)}@example.com`, url: `https://example.com/${'p'.repeat(180)}`, content: 'c'.repeat(65525) },
    });
    expect(res.status).toBe(202);
  });

  it('requires name and email by default, and accepts an anonymous comment when requireNameEmail is off', async () => {
    const postId = uniquePostId();
    const required = await stack.request(`/posts/${postId}/comments`, { json: { content: 'Who am I?' } });
    expect(required.status).toBe(400);
    expect(Object.keys(((await required.json()) as ErrorBody).error.fields ?? {}).sort()).toEqual(['author', 'email']);

    await stack.deps.settings.save({ ...DEFAULT_SETTINGS, requireNameEmail: false });
    const anonymous = await stack.request(`/posts/${postId}/comments`, { json: { content: 'Nobody knows me.' } });
    expect(anonymous.status).toBe(202);
    const { comment } = (await anonymous.json()) as { comment: { id: string; author: string; url: string | null } };
    expect(comment).toMatchObject({ author: 'Anonymous', url: null });
    expect(await moderatorView(comment.id)).toMatchObject({ author: 'Anonymous', email: '' });

    // An email that is given is still checked.
    const badEmail = await stack.request(`/posts/${postId}/comments`, { json: { content: 'Mail me.', email: 'nope' } });
    expect(badEmail.status).toBe(400);
    expect(Object.keys(((await badEmail.json()) as ErrorBody).error.fields ?? {})).toEqual(['email']);
  });

  it('refuses a body over 128 KiB with 413', async () => {
    const res = await stack.request(`/posts/${uniquePostId()}/comments`, { json: aSubmission({ content: 'x'.repeat(128 * 1024 + 1) }) });
    expect(res.status).toBe(413);
    expect(((await res.json()) as ErrorBody).error.code).toBe('payload_too_large');
  });

  it('refuses text/plain with 415', async () => {
    const res = await stack.request(`/posts/${uniquePostId()}/comments`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'Hello' });
    expect(res.status).toBe(415);
    expect(((await res.json()) as ErrorBody).error.code).toBe('unsupported_media_type');
  });

  it.each([
    ['broken JSON', new TextEncoder().encode('{"author": "A", "content": ')],
    ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
  ])('answers 400 invalid_json for %s', async (_name, bytes) => {
    const res = await stack.request(`/posts/${uniquePostId()}/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_json');
  });

  it('treats a JSON body that is not an object as missing fields', async () => {
    const res = await stack.request(`/posts/${uniquePostId()}/comments`, { json: ['content'] });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('validation_failed');
  });

  it.each(['-starts-with-dash', 'a'.repeat(129), 'has%20space', 'semi%3Bcolon'])('answers 404 not_found for the post id %s', async (postId) => {
    const post = await stack.request(`/posts/${postId}/comments`, { json: aSubmission() });
    expect(post.status).toBe(404);
    expect(((await post.json()) as ErrorBody).error.code).toBe('not_found');
    const list = await stack.request(`/posts/${postId}/comments`);
    expect(list.status).toBe(404);
  });

  it('answers 404 not_found for an unknown route', async () => {
    for (const [method, path] of [['GET', '/nope'], ['POST', '/posts'], ['DELETE', '/posts/p1/comments']] as const) {
      const res = await stack.request(path, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(((await res.json()) as ErrorBody).error.code).toBe('not_found');
    }
  });
});

describe('POST /posts/{postId}/comments with the WordPress comment form', () => {
  it('maps the WordPress field names onto the comment', async () => {
    const postId = uniquePostId();
    const form = aForm({ 'wp-comment-cookies-consent': 'yes' });

    const res = await formPost(postId, form, { accept: 'application/json' });

    expect(res.status).toBe(202);
    const { comment } = (await res.json()) as { comment: { id: string } };
    expect(await moderatorView(comment.id)).toMatchObject({
      postId,
      parentId: null,
      author: form.author,
      email: form.email,
      url: form.url,
      content: `<p>${form.comment}</p>`,
      status: 'pending',
    });
  });

  it.each([
    ['redirect_to on a configured site origin', { redirect_to: 'https://blog.example/2026/11/a-post/' }, {}, 'https://blog.example/2026/11/a-post/'],
    ['redirect_to on the app\'s own origin', { redirect_to: 'http://localhost/' }, {}, 'http://localhost/'],
    ['redirect_to with a fragment of its own', { redirect_to: 'https://blog.example/p?x=1#respond' }, {}, 'https://blog.example/p?x=1'],
    ['a relative redirect_to (the app\'s own origin)', { redirect_to: '/2026/11/a-post/' }, {}, 'http://localhost/2026/11/a-post/'],
    ['the Referer when redirect_to is absent', {}, { referer: 'https://blog.example/a-post/' }, 'https://blog.example/a-post/'],
    ['the Referer when redirect_to is disallowed', { redirect_to: 'https://evil.example/' }, { referer: 'https://blog.example/b/' }, 'https://blog.example/b/'],
    ['redirect_to with a username and password, without them', { redirect_to: 'https://evil.example:secret@blog.example/p' }, {}, 'https://blog.example/p'],
    ['redirect_to with a username, without it', { redirect_to: 'https://evil@blog.example/p' }, {}, 'https://blog.example/p'],
    ['a Referer with userinfo, without it', {}, { referer: 'https://user:pw@blog.example/r' }, 'https://blog.example/r'],
    ])('redirects 303 to %s, with the author\'s pending pass, at #comment-{id}', async (_name, extra, headers, target) => {
    const res = await formPost(uniquePostId(), aForm(extra as Record<string, string>), headers as Record<string, string>);

    expect(res.status).toBe(303);
    const location = res.headers.get('location') ?? '';
    const queued = (await stack.receiveRaw()).map((body) => (JSON.parse(body) as { commentId: string }).commentId);
    expect(queued).toHaveLength(1);
    const id = queued[0]!;
    const withPass = new URL(target);
    withPass.searchParams.set('unapproved', id);
    withPass.searchParams.set('moderation-hash', new URL(location).searchParams.get('moderation-hash') ?? 'missing');
    expect(new URL(location).searchParams.get('moderation-hash')).toMatch(/^[\w-]{43}$/);
    expect(location).toBe(`${withPass.href}#comment-${id}`);
  });

  it.each([
    ['a disallowed redirect_to', { redirect_to: 'https://evil.example/phish' }, {}],
    ['a disallowed Referer', {}, { referer: 'https://evil.example/' }],
    ['a javascript: redirect_to', { redirect_to: 'javascript:alert(1)' }, {}],
    ['a protocol-relative redirect_to', { redirect_to: '//evil.example/x' }, {}],
    ['a backslash redirect_to', { redirect_to: '/\\evil.example/' }, {}],
    ['neither', {}, {}],
  ])('answers 200 with an HTML confirmation (no redirect) for %s', async (_name, extra, headers) => {
    const res = await formPost(uniquePostId(), aForm(extra as Record<string, string>), headers as Record<string, string>);

    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await res.text();
    expect(page).toContain('awaiting moderation');
    expect(page).not.toContain('evil.example');
  });

  it('answers a refused form post with the HTML failure page and the JSON status code', async () => {
    const postId = uniquePostId();
    const email = 'bad@@example.com';
    const invalid = await formPost(postId, aForm({ author: '', email, comment: '' }), { referer: 'https://blog.example/post/' });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await invalid.text();
    expect(page).toContain('Comment Submission Failure');
    expect(page).toContain('Please enter your name.');
    expect(page).toContain('Please type your comment text.');
    expect(page).toContain('href="https://blog.example/post/"');
    expect(page).not.toContain(email);

    const closed = await stack.request(`/moderation/posts/${postId}`, {
      method: 'PUT',
      json: { commentsOpen: false },
      headers: { authorization: `Bearer ${await stack.token()}` },
    });
    expect(closed.status).toBe(200);
    const refused = await formPost(postId, aForm());
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('comments are closed');

    const tooLarge = await formPost(postId, aForm({ comment: 'x'.repeat(129 * 1024) }));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain('Comment Submission Failure');
  });

  it("links the failure page back to the form's redirect_to when it is on an allowed origin, and nowhere else", async () => {
    const back = await formPost(uniquePostId(), aForm({ comment: '', redirect_to: 'https://blog.example/the-post/' }));
    expect(back.status).toBe(400);
    expect(await back.text()).toContain('href="https://blog.example/the-post/"');

    const foreign = await formPost(uniquePostId(), aForm({ comment: '', redirect_to: 'https://evil.example/phish' }));
    expect(foreign.status).toBe(400);
    const page = await foreign.text();
    expect(page).not.toContain('evil.example');
    expect(page).toContain('Back button');
  });

  it('links the failure page back without the userinfo of a redirect_to', async () => {
    const back = await formPost(uniquePostId(), aForm({ comment: '', redirect_to: 'https://evil.example@blog.example/the-post/' }));
    expect(back.status).toBe(400);
    const page = await back.text();
    expect(page).toContain('href="https://blog.example/the-post/"');
    expect(page).not.toContain('evil.example');
  });

  it('answers JSON to a form post that sends Accept: application/json, on success and on failure', async () => {
    const ok = await formPost(uniquePostId(), aForm({ redirect_to: 'https://blog.example/' }), { accept: 'application/json' });
    expect(ok.status).toBe(202);
    expect(((await ok.json()) as { comment: { status: string } }).comment.status).toBe('pending');

    const bad = await formPost(uniquePostId(), aForm({ comment: '' }), { accept: 'application/json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorBody).error.fields).toEqual({ content: 'Please type your comment text.' });
  });

  it('answers invalid_json to a form body that is not UTF-8', async () => {
    const res = await stack.request(`/posts/${uniquePostId()}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new Uint8Array([0x63, 0x6f, 0x6d, 0x6d, 0x65, 0x6e, 0x74, 0x3d, 0xc3, 0x28]),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error.code).toBe('invalid_json');
  });
});
