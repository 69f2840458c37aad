/**
 * WordPress's `unapproved` + `moderation-hash`: the author, and only the author, sees their
 * pending comment in the public list while it waits — never anybody else's.
 */

import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import type { AppEnv } from '../../shared/adapters/http/app-deps.ts';
import { composeApp } from '../../shared/adapters/wiring.ts';
import { MODERATION_HASH_LIFETIME_MS } from '../../shared/use-cases/own-pending-comment.ts';
import { aSubmission, createHoldingStack, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { startWireProxy, type WireProxy } from '../support/wire-proxy.ts';

let stack: TestStack;
let approve: (id: string) => Promise<void>;
/** DynamoDB's requests pass through it: a test counts them on the wire. */
let proxy: WireProxy;

beforeAll(async () => {
  proxy = await startWireProxy(inject('dynamoDbEndpoint'));
  ({ stack, approve } = await createHoldingStack({ DYNAMODB_ENDPOINT: proxy.endpoint }));
});
afterAll(() => proxy.close());

type Listed = { id: string; awaitingModeration?: boolean };
type Submitted = { comment: { id: string; createdAt: string; status: string }; moderationHash: string };

async function submit(postId: string, overrides: Record<string, unknown> = {}): Promise<Submitted> {
  const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission(overrides) });
  expect(res.status, await res.clone().text()).toBe(202);
  return (await res.json()) as Submitted;
}

const pair = (id: string, hash: string) => `unapproved=${encodeURIComponent(id)}&moderation-hash=${encodeURIComponent(hash)}`;

async function list(postId: string, query = '', app: { request: Hono<AppEnv>['request'] } = stack.app): Promise<{ comments: Listed[]; count: number; nextCursor: string | null; headers: Headers }> {
  const res = await app.request(`/posts/${postId}/comments${query ? `?${query}` : ''}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return { ...((await res.json()) as { comments: Listed[]; count: number; nextCursor: string | null }), headers: res.headers };
}

describe("The author's pending comment", () => {
  it('202 carries an opaque moderationHash that names neither the email nor the author', async () => {
    const email = `hash-${Date.now()}@example.com`;
    const { comment, moderationHash } = await submit(uniquePostId(), { email, author: 'Hanako' });

    expect(comment.status).toBe('pending');
    expect(moderationHash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const part of [email, 'hash-', 'example', 'Hanako', comment.id]) expect(moderationHash).not.toContain(part);
  });

  it('shows that one pending comment in its place, flagged, only with its valid pair', async () => {
    const postId = uniquePostId();
    const first = await submit(postId);
    await approve(first.comment.id);
    const mine = await submit(postId);
    const someoneElses = await submit(postId);
    const last = await submit(postId);
    await approve(last.comment.id);

    const plain = await list(postId);
    const withPair = await list(postId, pair(mine.comment.id, mine.moderationHash));

    expect(plain.comments.map((c) => c.id)).toEqual([first.comment.id, last.comment.id]);
    expect(withPair.comments.map((c) => c.id)).toEqual([first.comment.id, mine.comment.id, last.comment.id]);
    expect(withPair.comments[1]).toMatchObject({ id: mine.comment.id, awaitingModeration: true });
    expect(withPair.comments.filter((c) => c.awaitingModeration)).toHaveLength(1);
    expect(withPair.comments.map((c) => c.id)).not.toContain(someoneElses.comment.id);
    expect(withPair.count).toBe(2);
    expect(withPair.headers.get('cache-control')).toBe('private, no-store');
    expect(JSON.stringify(withPair.comments[1])).not.toMatch(/email|status|@example\.com/);
  });

  it.each([
    ['a wrong hash', (m: Submitted, o: Submitted) => pair(m.comment.id, o.moderationHash)],
    ["another comment's id", (m: Submitted, o: Submitted) => pair(o.comment.id, m.moderationHash)],
    ['a malformed id', (m: Submitted) => pair('not-an-id', m.moderationHash)],
    ['a truncated hash', (m: Submitted) => pair(m.comment.id, m.moderationHash.slice(0, 20))],
    ['a hash only', (m: Submitted) => `moderation-hash=${m.moderationHash}`],
    ['an id only', (m: Submitted) => `unapproved=${m.comment.id}`],
    ['a huge value', (m: Submitted) => pair(m.comment.id, 'x'.repeat(5000))],
  ])('ignores %s (answered as without it)', async (_name, query) => {
    const postId = uniquePostId();
    const mine = await submit(postId);
    const other = await submit(postId);

    const answer = await list(postId, query(mine, other));

    expect(answer.comments).toEqual([]);
  });

  it("ignores a valid pair on another post's list", async () => {
    const mine = await submit(uniquePostId());

    expect((await list(uniquePostId(), pair(mine.comment.id, mine.moderationHash))).comments).toEqual([]);
  });

  it('ignores the pair after 7 days, and works just before', async () => {
    const postId = uniquePostId();
    const mine = await submit(postId);
    const at = (ms: number): Hono<AppEnv> =>
      createApp(composeApp(stack.env, { clock: { now: () => new Date(Date.parse(mine.comment.createdAt) + ms) }, clientIp: () => null }));

    const query = pair(mine.comment.id, mine.moderationHash);
    expect((await list(postId, query, at(10 * 60_000))).comments.map((c) => c.id)).toEqual([mine.comment.id]);
    expect((await list(postId, query, at(MODERATION_HASH_LIFETIME_MS - 1000))).comments.map((c) => c.id)).toEqual([mine.comment.id]);
    expect((await list(postId, query, at(MODERATION_HASH_LIFETIME_MS + 1000))).comments).toEqual([]);
  });

  it('once approved it is an ordinary comment; once spammed or trashed it is gone', async () => {
    const postId = uniquePostId();
    const approved = await submit(postId);
    const spammed = await submit(postId);

    await approve(approved.comment.id);
    await stack.request(`/moderation/comments/${spammed.comment.id}/spam`, { method: 'POST', headers: { authorization: `Bearer ${await stack.token()}` } });

    const a = await list(postId, pair(approved.comment.id, approved.moderationHash));
    expect(a.comments).toEqual([expect.objectContaining({ id: approved.comment.id })]);
    expect(a.comments[0]).not.toHaveProperty('awaitingModeration');
    expect((await list(postId, pair(spammed.comment.id, spammed.moderationHash))).comments.map((c) => c.id)).toEqual([approved.comment.id]);
  });

  it('appears on exactly one page of a paged list, in order', async () => {
    const postId = uniquePostId();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await submit(postId)).comment.id);
    const mine = await submit(postId);
    for (let i = 0; i < 3; i++) ids.push((await submit(postId)).comment.id);
    for (const id of ids) await approve(id);

    const seen: Listed[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof list>> = await list(postId, `limit=3&${pair(mine.comment.id, mine.moderationHash)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...page.comments);
      cursor = page.nextCursor;
    } while (cursor);

    expect(seen.map((c) => c.id)).toEqual([...ids.slice(0, 3), mine.comment.id, ...ids.slice(3)]);
  });

  it('a form post is sent back with the pair in the query, before the #comment fragment', async () => {
    const postId = uniquePostId();
    const res = await stack.request(`/posts/${postId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ author: 'Form', email: `form-${Date.now()}@example.com`, comment: 'From a form.', redirect_to: 'https://blog.example/post/?p=1' }).toString(),
    });

    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://blog.example/post/');
    expect(location.searchParams.get('p')).toBe('1');
    const id = location.searchParams.get('unapproved')!;
    expect(location.hash).toBe(`#comment-${id}`);
    expect(res.headers.get('location')).not.toContain('@');
    const shown = await list(postId, pair(id, location.searchParams.get('moderation-hash')!));
    expect(shown.comments).toEqual([expect.objectContaining({ id, awaitingModeration: true })]);
  });

  it('checking a pair costs one read of that comment, by key', async () => {
    const postId = uniquePostId();
    const mine = await submit(postId);
    const operations = async (run: () => Promise<unknown>) => {
      const from = proxy.calls.length;
      await run();
      return proxy.calls.slice(from).map((call) => call.operation);
    };

    const without = await operations(() => list(postId));
    const withPair = await operations(() => list(postId, pair(mine.comment.id, mine.moderationHash)));

    expect(withPair.sort()).toEqual([...without, 'GetItem'].sort());
  });
});
