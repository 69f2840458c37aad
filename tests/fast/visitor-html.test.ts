/**
 * Comments without JavaScript (`comments.html`, the demo page) and the widget script:
 * WordPress's markup, the author's pending comment, caching, embedding from other sites.
 */

import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POST } from '../../shared/adapters/http/pages/seed-post.ts';
import { aSubmission, createHoldingStack, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
let approve: (id: string) => Promise<void>;

beforeAll(async () => {
  ({ stack, approve } = await createHoldingStack({}, createMemoryStack));
});

async function submit(postId: string, overrides: Record<string, unknown> = {}): Promise<{ id: string; hash: string }> {
  const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission(overrides) });
  expect(res.status, await res.clone().text()).toBe(202);
  const body = (await res.json()) as { comment: { id: string }; moderationHash: string };
  return { id: body.comment.id, hash: body.moderationHash };
}

describe('GET /posts/{postId}/comments.html', () => {
  it('is a threaded fragment in WordPress markup, with <time> and a nofollow author link', async () => {
    const postId = uniquePostId();
    const parent = await submit(postId, { author: 'Hanako', url: 'https://hanako.example/', content: 'First & best.' });
    await approve(parent.id);
    const reply = await submit(postId, { author: 'Taro', url: '', parentId: parent.id, content: 'A reply.' });
    await approve(reply.id);

    const res = await stack.request(`/posts/${postId}/comments.html`);
    const html = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8$/i);
    expect(html.startsWith('<ol class="comment-list">')).toBe(true);
    expect(html).not.toMatch(/<html|<body/);
    expect(html).toMatch(new RegExp(`<li id="comment-${parent.id}" class="comment depth-1 parent">`));
    expect(html).toMatch(new RegExp(`<ol class="children"><li id="comment-${reply.id}" class="comment depth-2">`));
    expect(html).toContain('<b class="fn"><a href="https://hanako.example/" rel="external nofollow ugc" class="url"><bdi>Hanako</bdi></a></b>');
    expect(html).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[\d:.]+Z">[A-Z][a-z]+ \d{1,2}, \d{4} at \d{1,2}:\d\d [AP]M UTC<\/time>/);
    expect(html).not.toMatch(/GMT/);
    expect(html).toContain(`href="?replytocom=${parent.id}#respond"`);
    expect(html).not.toContain('awaiting moderation');
  });

  it('answers with an ETag, a public cache and 304 for If-None-Match', async () => {
    const postId = uniquePostId();
    await approve((await submit(postId)).id);

    const first = await stack.request(`/posts/${postId}/comments.html`);
    const etag = first.headers.get('etag');
    const again = await stack.request(`/posts/${postId}/comments.html`, { headers: { 'if-none-match': etag! } });

    expect(etag).toMatch(/^(W\/)?"[^"]+"$/);
    expect(first.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });

  it("shows the author's pending comment with the notice, privately, only with its pair", async () => {
    const postId = uniquePostId();
    const mine = await submit(postId, { content: 'Mine, waiting.' });
    const theirs = await submit(postId, { content: 'Theirs, waiting.' });

    const withPair = await stack.request(`/posts/${postId}/comments.html?unapproved=${mine.id}&moderation-hash=${mine.hash}`);
    const html = await withPair.text();
    const wrong = await (await stack.request(`/posts/${postId}/comments.html?unapproved=${mine.id}&moderation-hash=${theirs.hash}`)).text();

    expect(withPair.headers.get('cache-control')).toBe('private, no-store');
    expect(html).toContain(`id="comment-${mine.id}"`);
    expect(html).toContain('Your comment is awaiting moderation.');
    expect(html).toContain('Mine, waiting.');
    expect(html).not.toContain('Theirs, waiting.');
    expect(wrong).toBe('<ol class="comment-list"></ol>');
  });

  it('refuses a bad post id or limit with the API error shape', async () => {
    expect((await stack.request('/posts/-bad/comments.html')).status).toBe(404);
    const res = await stack.request(`/posts/${uniquePostId()}/comments.html?limit=0`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', fields: { limit: expect.any(String) } } });
  });
});

describe('The demo page without JavaScript', () => {
  it('renders the same comment markup, and with ?replytocom= the form under that comment', async () => {
    const parent = await submit(DEMO_POST.id, { author: 'Replied To', content: 'Reply to me.' });
    await approve(parent.id);

    const html = await (await stack.request(`/?replytocom=${parent.id}`)).text();

    const li = html.indexOf(`<li id="comment-${parent.id}"`);
    const respond = html.indexOf('<div id="respond"');
    const liEnd = html.indexOf('</li>', respond);
    expect(li).toBeGreaterThan(-1);
    expect(respond).toBeGreaterThan(li);
    expect(liEnd).toBeGreaterThan(respond);
    expect(html).toContain(`name="comment_parent" id="comment_parent" value="${parent.id}"`);
    expect(html).toContain('Reply to Replied To');
    expect(html.match(/id="respond"/g)).toHaveLength(1);
  });

  it('ignores a replytocom that is not an approved comment', async () => {
    const pending = await submit(DEMO_POST.id);
    const html = await (await stack.request(`/?replytocom=${pending.id}`)).text();

    expect(html).toContain('name="comment_parent" id="comment_parent" value="0"');
  });
});

describe('GET /widget.js', () => {
  it('is JavaScript under 15 KB gzipped, cacheable with an ETag, embeddable from other origins', async () => {
    const res = await stack.request('/widget.js');
    const code = await res.text();

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(gzipSync(code).length).toBeLessThanOrEqual(15 * 1024);
    expect(code).toContain('leave-a-reply');
    const again = await stack.request('/widget.js', { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('lets an allowed site read the Date header (the form stamp) and Retry-After', async () => {
    const res = await stack.request(`/posts/${uniquePostId()}/comments`, { headers: { origin: 'https://blog.example' } });

    expect(res.headers.get('access-control-allow-origin')).toBe('https://blog.example');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/\bdate\b/i);
  });
});
