/**
 * What each route costs in DynamoDB requests, counted on the wire (a proxy in front of DynamoDB Local): every
 * check is a key-addressed read or part of one conditional write, and no route scans.
 * A submission is one read and one write; the worker, with the facts its message carries
 * and the settings it already holds, one read and one write (three requests on its first
 * message, after a settings change, or for a message without the facts); a public first
 * page one Query (issue 13, target 2). Set DYNAMODB_CALLS_REPORT=1 to print the table.
 */

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ModerationMessage, submissionFactsOf } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { startWireProxy, type WireProxy } from '../support/wire-proxy.ts';

let stack: TestStack;
let auth: { authorization: string };
let proxy: WireProxy;

beforeAll(async () => {
  proxy = await startWireProxy(inject('dynamoDbEndpoint'));
  stack = await createTestStack({ DYNAMODB_ENDPOINT: proxy.endpoint });
  auth = { authorization: `Bearer ${await stack.token()}` };
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
});
afterAll(() => proxy.close());

const table: Array<{ route: string; calls: number; kinds: string }> = [];

/** Runs one request, records its DynamoDB requests (by operation), and answers them. */
async function measure(route: string, run: () => Promise<unknown>): Promise<string[]> {
  const from = proxy.calls.length;
  await run();
  const made = proxy.calls.slice(from).map((call) => call.operation);
  const counts: Record<string, number> = {};
  for (const kind of made) counts[kind] = (counts[kind] ?? 0) + 1;
  const kinds = Object.entries(counts)
    .map(([k, n]) => `${n}×${k}`)
    .join(' + ');
  table.push({ route, calls: made.length, kinds });
  return made;
}

async function submit(postId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission(overrides) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

const messages = new Map<string, ModerationMessage>();

/** The queue message of a submitted comment, as the worker receives it (taken off the queue outside any count). */
async function queued(id: string): Promise<ModerationMessage> {
  for (const body of await stack.receiveRaw()) {
    const message = ModerationMessage.parse(JSON.parse(body));
    messages.set(message.commentId, message);
  }
  const message = messages.get(id);
  if (!message) throw new Error(`nothing queued for ${id}`);
  return message;
}

/** What the worker's handler does with one message. */
const decide = (message: ModerationMessage) => moderateComment(stack.deps, message.commentId, submissionFactsOf(message));

async function post(path: string, json?: unknown): Promise<Response> {
  return stack.request(path, { method: 'POST', headers: auth, ...(json !== undefined ? { json } : {}) });
}

describe('DynamoDB calls per route', () => {
  it('stays within its budget on every route, and never scans', async () => {
    const postId = uniquePostId();
    const budget: Record<string, number> = {};
    const check = async (route: string, max: number, run: () => Promise<unknown>) => {
      budget[route] = max;
      const made = await measure(route, run);
      expect(made, route).not.toContain('Scan');
      expect(made.length, `${route}: ${made.join(', ')}`).toBeLessThanOrEqual(max);
    };

    let id = '';
    await check('POST /posts/{id}/comments (top level)', 2, async () => (id = await submit(postId)));
    await post(`/moderation/comments/${id}/approve`);
    let reply = '';
    await check('POST /posts/{id}/comments (reply)', 2, async () => (reply = await submit(postId, { parentId: id })));
    const idempotent = { headers: { 'idempotency-key': `calls-${postId}` }, json: aSubmission() };
    await check('POST /posts/{id}/comments (Idempotency-Key)', 2, () => stack.request(`/posts/${postId}/comments`, idempotent));
    await check('POST /posts/{id}/comments (Idempotency-Key, replayed)', 1, () => stack.request(`/posts/${postId}/comments`, idempotent));
    const first = await queued(await submit(postId));
    await check('worker: decide one comment, cold worker (+ the settings, once)', 3, () => decide(first));
    const replyMessage = await queued(reply);
    await check('worker: decide one comment, warm worker', 2, () => decide(replyMessage));
    await check('worker: redelivered message', 1, () => decide(replyMessage));
    const sweptId = await submit(postId);
    await check('worker: a message without the facts (the sweeper’s, an older deployment’s)', 3, () => moderateComment(stack.deps, sweptId));
    let page: { nextCursor: string | null; count: number; comments: unknown[] } = { nextCursor: null, count: 0, comments: [] };
    await check('GET /posts/{id}/comments', 1, async () => (page = (await (await stack.request(`/posts/${postId}/comments?limit=1`)).json()) as typeof page));
    expect(page).toMatchObject({ count: 1, comments: [{ id }], nextCursor: expect.any(String) });
    await check('GET /posts/{id}/comments (next page)', 2, () => stack.request(`/posts/${postId}/comments?limit=1&cursor=${page.nextCursor}`));
    await check('GET /moderation/comments (one page)', 2, () => stack.request(`/moderation/comments?postId=${postId}`, { headers: auth }));
    await check('GET /moderation/comments/{id}', 1, () => stack.request(`/moderation/comments/${id}`, { headers: auth }));
    await check('GET /moderation/comments/{id}/history', 1, () => stack.request(`/moderation/comments/${id}/history`, { headers: auth }));
    await check('POST …/approve', 2, () => post(`/moderation/comments/${reply}/approve`));
    await check('POST …/unapprove', 2, () => post(`/moderation/comments/${reply}/unapprove`));
    await check('POST …/spam', 2, () => post(`/moderation/comments/${reply}/spam`));
    await check('POST …/trash', 2, () => post(`/moderation/comments/${reply}/trash`));
    await check('POST …/restore', 2, () => post(`/moderation/comments/${reply}/restore`));
    await check('POST …/approve (409)', 1, () => post(`/moderation/comments/${reply}/approve`));
    await check('PATCH /moderation/comments/{id}', 2, () => stack.request(`/moderation/comments/${reply}`, { method: 'PATCH', headers: auth, json: { content: 'Edited.' } }));
    await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, manualModeration: true });
    const [firstHeld, held] = [await queued(await submit(postId)), await submit(postId)];
    await check('worker: hold one comment, first message after a settings change (+ the settings)', 3, () => decide(firstHeld));
    const heldMessage = await queued(held);
    await check('worker: hold one comment (+ notification links)', 2, () => decide(heldMessage));
    await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
    const { links } = stack.notifier.notices.find((n) => n.commentId === held)!;
    await check('GET /moderation-links/{token}', 2, () => stack.request(`/moderation-links/${links.approve}`));
    await check('POST /moderation-links/{token}', 3, () => stack.request(`/moderation-links/${links.approve}`, { method: 'POST' }));
    await check('POST /moderation-links/{token} (used: 409)', 2, () => stack.request(`/moderation-links/${links.approve}`, { method: 'POST' }));
    const pending = await submit(postId);
    await check('POST …/reply (pending parent)', 5, () => post(`/moderation/comments/${pending}/reply`, { content: 'Welcome!' }));
    await check('DELETE (1 reply: 4 status queries + 1 re-parenting)', 9, () => stack.request(`/moderation/comments/${id}`, { method: 'DELETE', headers: auth }));
    const batch = [await submit(postId), await submit(postId), await submit(postId)];
    await check('POST /moderation/batch (3 × approve)', 6, () => post('/moderation/batch', { action: 'approve', ids: batch }));
    await check('GET /moderation/settings', 1, () => stack.request('/moderation/settings', { headers: auth }));
    await check('PUT /moderation/settings', 2, () => stack.request('/moderation/settings', { method: 'PUT', headers: auth, json: { maxLinks: 3 } }));
    await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, ratePerIpPerMinute: 1 });
    const ip = '203.0.113.77';
    expect((await stack.request(`/posts/${postId}/comments`, { json: aSubmission(), ip })).status).toBe(202);
    await check('POST /posts/{id}/comments (rate limited: 429)', 2, async () => expect((await stack.request(`/posts/${postId}/comments`, { json: aSubmission(), ip })).status).toBe(429));
    await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
    await check('PUT /moderation/posts/{id}', 1, () => stack.request(`/moderation/posts/${postId}`, { method: 'PUT', headers: auth, json: { commentsOpen: true } }));

    if (process.env.DYNAMODB_CALLS_REPORT) {
      console.log(['| route | calls | of which |', '|---|---|---|', ...table.map((r) => `| ${r.route} | ${r.calls} (≤ ${budget[r.route]}) | ${r.kinds} |`)].join('\n'));
    }
    await stack.receiveRaw();
  });
});
