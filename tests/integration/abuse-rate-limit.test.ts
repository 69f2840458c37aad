/**
 * Per-IP rate limit (`ratePerIpPerMinute`): a conditional DynamoDB counter per keyed IP
 * hash and minute, shared by every instance of the API, counted in the same transaction that
 * stores the comment (so nothing is written when it refuses, and only stored comments count);
 * 429 `rate_limited` with Retry-After up to the next minute; moderators exempt.
 */

import type { Hono } from 'hono';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import type { AppEnv } from '../../shared/adapters/http/app-deps.ts';
import { composeApp, dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/domain/settings.ts';
import { aSubmission, createTestStack, randomIp, type TestStack, uniquePostId } from '../support/test-stack.ts';

let stack: TestStack;
/** The API's clock, moved by the tests: 20 s into a minute unless a test moves it. */
let now: Date;

/** An API instance (its own SDK clients, like another Lambda instance) on the test's clock; the client IP from a test header. */
function apiInstance(): Hono<AppEnv> {
  return createApp(composeApp(stack.env, { clock: { now: () => now }, clientIp: (c) => c.req.header('x-test-client-ip') ?? null }));
}

let api: Hono<AppEnv>;

function submit(app: Hono<AppEnv>, postId: string, ip: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(`/posts/${postId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-client-ip': ip, ...headers },
      body: JSON.stringify(aSubmission()),
    }),
  );
}

async function useSettings(update: Partial<Settings>): Promise<void> {
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, ...update });
}

async function pendingCount(postId: string): Promise<number> {
  return (await stack.deps.comments.list({ status: 'pending', postId }, { limit: 100 })).items.length;
}

beforeAll(async () => {
  stack = await createTestStack();
  api = apiInstance();
});

beforeEach(() => {
  now = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 20_000);
});

describe('Per-IP rate limit', () => {
  it('accepts ratePerIpPerMinute submissions from one IP in a minute, then answers 429 rate_limited with Retry-After up to the next minute', async () => {
    // Prepare
    await useSettings({ ratePerIpPerMinute: 3 });
    const postId = uniquePostId('rate');
    const ip = randomIp();

    // Act
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await submit(api, postId, ip)).status);
    const limited = await submit(api, postId, ip);

    // Assess
    expect(statuses).toEqual([202, 202, 202]);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(await pendingCount(postId)).toBe(3);
  });

  it('counts each IP on its own', async () => {
    await useSettings({ ratePerIpPerMinute: 1 });
    const postId = uniquePostId('rate');
    const [first, second] = [randomIp(), randomIp()];

    expect((await submit(api, postId, first)).status).toBe(202);
    expect((await submit(api, postId, first)).status).toBe(429);
    expect((await submit(api, postId, second)).status).toBe(202);
  });

  it('counts an IPv6 /64 as one client (one subscriber holds the whole /64), and another /64 on its own', async () => {
    await useSettings({ ratePerIpPerMinute: 1 });
    const postId = uniquePostId('rate6');
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;

    expect((await submit(api, postId, `${prefix}::1`)).status).toBe(202);
    expect((await submit(api, postId, `${prefix}:0:0:0:2`)).status).toBe(429);
    expect((await submit(api, postId, `${prefix}:ffff:1:2:3`)).status).toBe(429);
    expect((await submit(api, postId, `${prefix.replace('2001:db8', '2001:db9')}::1`)).status).toBe(202);
  });

  it('flood-checks an IPv6 /64 as one client too', async () => {
    await useSettings({ ratePerIpPerMinute: 0, floodSeconds: 60 });
    const postId = uniquePostId('flood6');
    const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;

    expect((await submit(api, postId, `${prefix}::a`)).status).toBe(202);
    const flooded = await submit(api, postId, `${prefix}::b`);
    expect(flooded.status).toBe(429);
    expect(await flooded.json()).toMatchObject({ error: { code: 'flood' } });
  });

  it('starts counting afresh in the next minute', async () => {
    await useSettings({ ratePerIpPerMinute: 1 });
    const postId = uniquePostId('rate');
    const ip = randomIp();
    expect((await submit(api, postId, ip)).status).toBe(202);
    now = new Date(now.getTime() + 39_000);
    const limited = await submit(api, postId, ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');

    now = new Date(now.getTime() + 1_000);

    expect((await submit(api, postId, ip)).status).toBe(202);
  });

  it('holds across API instances under concurrency: exactly the limit is accepted, nothing else is stored', async () => {
    // Prepare: two "Lambda instances" with their own clients, one table.
    await useSettings({ ratePerIpPerMinute: 4 });
    const other = apiInstance();
    const postId = uniquePostId('rate');
    const ip = randomIp();

    // Act
    const responses = await Promise.all(Array.from({ length: 12 }, (_, i) => submit(i % 2 === 0 ? api : other, postId, ip)));

    // Assess
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([...Array(4).fill(202), ...Array(8).fill(429)]);
    expect(await pendingCount(postId)).toBe(4);
  });

  it('checks the limit before any other write: a refused submission stores and queues nothing', async () => {
    await useSettings({ ratePerIpPerMinute: 1 });
    const postId = uniquePostId('rate');
    const ip = randomIp();
    await submit(api, postId, ip);
    await stack.receiveRaw();

    const refused = await api.request(`/posts/${postId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-client-ip': ip },
      body: JSON.stringify(aSubmission({ content: 'Refused, so never stored.' })),
    });

    expect(refused.status).toBe(429);
    expect(await pendingCount(postId)).toBe(1);
    expect(await stack.receiveRaw()).toEqual([]);
  });

  it('counts stored comments only: a request refused for its content (400, 409) is not counted, and from a limited IP is still answered 400', async () => {
    // Prepare
    await useSettings({ ratePerIpPerMinute: 2 });
    const postId = uniquePostId('rate');
    const ip = randomIp();
    const send = (body: Record<string, unknown>) =>
      api.request(`/posts/${postId}/comments`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-test-client-ip': ip }, body: JSON.stringify(body) });
    const first = aSubmission();

    // Act
    const statuses = [];
    for (const body of [{ content: '' }, first, first, { content: '' }, aSubmission(), aSubmission(), { content: '' }]) statuses.push((await send(body)).status);

    // Assess: invalid, stored, duplicate, invalid, stored (the second counted), limited, invalid (its fields answer first).
    expect(statuses).toEqual([400, 202, 409, 400, 202, 429, 400]);
    expect(await pendingCount(postId)).toBe(2);
  });

  it('answers a refused form post with the HTML failure page, status 429 and Retry-After', async () => {
    await useSettings({ ratePerIpPerMinute: 1 });
    const postId = uniquePostId('rate');
    const ip = randomIp();
    const form = (n: number) => new URLSearchParams({ author: `Form ${n}`, email: `form-${n}-${postId}@example.com`, comment: `Form comment ${n}` }).toString();
    const post = (n: number) =>
      api.request(`/posts/${postId}/comments`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-test-client-ip': ip }, body: form(n) });

    expect((await post(1)).status).toBe(200);
    const refused = await post(2);

    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(await refused.text()).toContain('Comment Submission Failure');
  });

  it('never limits a moderator (valid bearer token on the public route), nor flood-checks one', async () => {
    await useSettings({ ratePerIpPerMinute: 1, floodSeconds: 60 });
    const postId = uniquePostId('rate');
    const ip = randomIp();
    const auth = { authorization: `Bearer ${await stack.token()}` };

    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await submit(api, postId, ip, auth)).status);
    const anonymous = await submit(api, postId, ip);
    const badToken = await submit(api, postId, ip, { authorization: 'Bearer not.a.token' });

    expect(statuses).toEqual([202, 202, 202]);
    expect(anonymous.status).toBe(202);
    expect(badToken.status).toBe(429);
  });

  it('is off at 0', async () => {
    await useSettings({ ratePerIpPerMinute: 0 });
    const postId = uniquePostId('rate');
    const ip = randomIp();

    const statuses = await Promise.all(Array.from({ length: 15 }, () => submit(api, postId, ip).then((r) => r.status)));

    expect(statuses).toEqual(Array(15).fill(202));
  });

  it('keys the counters by a keyed hash of the IP and minute, with a TTL (no address stored)', async () => {
    await useSettings({ ratePerIpPerMinute: 5 });
    const ip = '198.51.100.213';
    await submit(api, uniquePostId('rate'), ip);

    const client = dynamoDbClient(stack.env);
    const scan = await client.scan({ TableName: stack.env.TABLE_NAME, FilterExpression: 'begins_with(pk, :rate)', ExpressionAttributeValues: { ':rate': 'RATE#' } });

    const minute = Math.floor(now.getTime() / 60_000);
    const counters = scan.Items ?? [];
    expect(counters.length).toBeGreaterThan(0);
    expect(JSON.stringify(counters)).not.toContain(ip);
    for (const counter of counters) {
      expect(counter.pk).toMatch(/^RATE#[A-Za-z0-9_-]{20,}#\d+$/);
      expect(counter.expiresAt).toBeGreaterThan(Number(String(counter.pk).split('#')[2]) * 60);
    }
    expect(counters.some((c) => c.pk.endsWith(`#${minute}`) && c.n === 1)).toBe(true);
  });
});
