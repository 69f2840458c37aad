/**
 * Unicode at the edge: JSON can carry lone surrogates (no character, no valid UTF-8, and
 * DynamoDB refuses them), and names can carry invisible characters that reorder or hide
 * what is shown around them.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POST } from '../../shared/adapters/http/pages/seed-post.ts';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
let auth: { authorization: string };
beforeAll(async () => {
  stack = await createMemoryStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
});

type ErrorBody = { error: { code: string; fields?: Record<string, string> } };

/** JSON text with a lone surrogate escaped in it, as a client may send it. */
const withLoneSurrogate = (body: Record<string, unknown>, field: string) =>
  JSON.stringify({ ...body, [field]: 'PLACEHOLDER' }).replace('"PLACEHOLDER"', '"before \\ud800 after"');

const postRaw = (path: string, body: string, method = 'POST', headers: Record<string, string> = {}) =>
  stack.request(path, { method, headers: { 'content-type': 'application/json', ...headers }, body });

describe('Ill-formed strings (lone surrogates)', () => {
  it.each(['author', 'email', 'url', 'content'])('are refused in %s with 400 validation_failed naming the field', async (field) => {
    // Act
    const res = await postRaw(`/posts/${uniquePostId('surrogate')}/comments`, withLoneSurrogate(aSubmission(), field));

    // Assess
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('validation_failed');
    expect(Object.keys(body.error.fields ?? {})).toEqual([field]);
  });

  it('are refused in a moderator edit, in settings and in the privacy address, never a 5xx', async () => {
    // Prepare
    const created = await stack.request(`/posts/${uniquePostId('surrogate')}/comments`, { json: aSubmission() });
    const { comment } = (await created.json()) as { comment: { id: string } };

    // Act
    const answers = await Promise.all([
      postRaw(`/moderation/comments/${comment.id}`, withLoneSurrogate({}, 'author'), 'PATCH', auth),
      postRaw('/moderation/settings', JSON.stringify({ moderationKeys: ['PLACEHOLDER'] }).replace('"PLACEHOLDER"', '"\\udc00"'), 'PUT', auth),
      postRaw('/privacy/export', withLoneSurrogate({}, 'email'), 'POST', auth),
      postRaw('/moderation/batch', JSON.stringify({ action: 'approve', ids: ['PLACEHOLDER'] }).replace('"PLACEHOLDER"', '"\\ud800x"'), 'POST', auth),
    ]);

    // Assess
    const statuses = await Promise.all(answers.map(async (res) => [res.status, ((await res.json()) as ErrorBody).error?.code ?? 'ok']));
    expect(statuses).toEqual([
      [400, 'validation_failed'],
      [400, 'validation_failed'],
      [400, 'validation_failed'],
      [400, 'validation_failed'],
    ]);
  });
});

describe('Author names: bidi controls and zero-width characters', () => {
  it('are stripped from the name, which is published without them', async () => {
    // Prepare: U+202E (right-to-left override), U+200B (zero width space), U+2066 (isolate), U+FEFF.
    const postId = uniquePostId('bidi');

    // Act
    const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission({ author: '\u202EHana\u200Bko\u2066\uFEFF' }) });

    // Assess
    expect(res.status).toBe(202);
    expect(((await res.json()) as { comment: { author: string } }).comment.author).toBe('Hanako');
  });

  it.each([
    ['zero-width characters only', '\u200B\u200C\u200D\u2060', 'Please enter your name.'],
    ['bidi controls only', '\u202E\u2066\u2069', 'Please enter your name.'],
    ['Hangul fillers only', '\u3164\u3164', 'Your name must have at least one visible character.'],
    ['a combining mark only', '\u0301', 'Your name must have at least one visible character.'],
  ])('leave no name when they are all there is: %s', async (_why, author, message) => {
    // Act
    const res = await stack.request(`/posts/${uniquePostId('bidi')}/comments`, { json: aSubmission({ author }) });

    // Assess
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'validation_failed', fields: { author: message } });
  });

  it('wraps every author in <bdi> on the HTML page, so a right-to-left name cannot reorder the text after it', async () => {
    // Prepare
    const author = `\u05E9\u05DC\u05D5\u05DD ${Date.now()}`;
    const res = await stack.request(`/posts/${DEMO_POST.id}/comments`, { json: aSubmission({ author }) });
    const { comment } = (await res.json()) as { comment: { id: string } };
    expect((await stack.request(`/moderation/comments/${comment.id}/approve`, { method: 'POST', headers: auth })).status).toBe(200);

    // Act
    const page = await (await stack.request('/')).text();

    // Assess
    const item = page.slice(page.indexOf(`id="comment-${comment.id}"`));
    expect(item).toMatch(new RegExp(`<b class="fn">(<a [^>]*>)?<bdi>${author}</bdi>(</a>)?</b>`));
    await stack.receiveRaw();
  });
});
