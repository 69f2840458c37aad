/**
 * DynamoDB throttles (answered at the wire by a proxy in front of DynamoDB Local, as DynamoDB
 * answers: 400 `ProvisionedThroughputExceededException`): the transport retries; a call still
 * failing after its retries becomes 503 `unavailable` with Retry-After, and nothing is
 * half-written.
 */

import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import type { AppEnv } from '../../shared/adapters/http/app-deps.ts';
import { composeApp, dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { startWireProxy, THROTTLED, type WireProxy } from '../support/wire-proxy.ts';

let stack: TestStack;
let auth: { authorization: string };
let proxy: WireProxy;

/** Which calls to throttle, by operation and attempt number (1 = first try). */
type Throttle = (operation: string, attempt: number) => boolean;

interface ThrottledApi {
  app: Hono<AppEnv>;
  /** Every attempt that reached the wire, by operation. */
  attempts: string[];
}

/** An app whose DynamoDB calls go through the proxy, which throttles what `throttle` names. */
function throttledApi(throttle: Throttle): ThrottledApi {
  const from = proxy.calls.length;
  proxy.answer(({ operation, attempt }) => (throttle(operation, attempt) ? THROTTLED : undefined));
  const client = dynamoDbClient({ ...stack.env, DYNAMODB_ENDPOINT: proxy.endpoint });
  const app = createApp(composeApp(stack.env, { dynamoDb: client, notifier: stack.notifier, clientIp: () => '198.51.100.77' }));
  return {
    app,
    get attempts() {
      return proxy.calls.slice(from).map((call) => call.operation);
    },
  };
}

const scanClient = () => dynamoDbClient(stack.env);

/** Every item of the table that belongs to comments (everything but settings, posts and rate counters). */
async function commentItems(): Promise<Array<Record<string, unknown>>> {
  const client = scanClient();
  const items: Array<Record<string, unknown>> = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.scan({ TableName: stack.env.TABLE_NAME, ExclusiveStartKey: start, ConsistentRead: true });
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.filter((item) => !/^(SETTINGS|POST#|RATE#)/.test(String(item.pk)));
}

function submit(api: ThrottledApi, postId: string, body = aSubmission(), headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    api.app.request(`/posts/${postId}/comments`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }),
  );
}

async function expectUnavailable(res: Response): Promise<void> {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await res.json()).toEqual({ error: { code: 'unavailable', message: expect.any(String) } });
}

beforeAll(async () => {
  proxy = await startWireProxy(inject('dynamoDbEndpoint'));
  stack = await createTestStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
});
afterAll(() => proxy.close());
beforeEach(async () => {
  await stack.receiveRaw();
});

describe('DynamoDB throttled', () => {
  it('retries a throttled call and succeeds when DynamoDB recovers: one comment, stored once', async () => {
    // Prepare: the comment's transaction is throttled twice, then goes through.
    const api = throttledApi((command, attempt) => command === 'TransactWriteItems' && attempt <= 2);
    const postId = uniquePostId('throttle');

    // Act
    const res = await submit(api, postId);

    // Assess
    expect(res.status).toBe(202);
    expect(api.attempts.filter((c) => c === 'TransactWriteItems')).toHaveLength(3);
    expect((await stack.deps.comments.list({ status: 'pending', postId }, { limit: 10 })).items).toHaveLength(1);
    expect(await stack.receiveRaw()).toHaveLength(1);
  });

  it('answers 503 unavailable with Retry-After once the retries are used up, writes nothing of the comment, and takes the retry', async () => {
    // Prepare: reads and the rate counter work; every write of the comment itself is throttled.
    const api = throttledApi((command) => command === 'TransactWriteItems');
    const before = await commentItems();
    const postId = uniquePostId('throttle');
    const body = aSubmission();
    const key = { 'idempotency-key': `retry-${postId}` };

    // Act
    const res = await submit(api, postId, body, key);

    // Assess: the transport's own retries (3 attempts, as the SDK's default for DynamoDB), then 503 and nothing stored or queued.
    await expectUnavailable(res);
    expect(api.attempts.filter((c) => c === 'TransactWriteItems').length).toBeGreaterThanOrEqual(3);
    expect(await commentItems()).toEqual(before);
    expect(await stack.receiveRaw()).toEqual([]);

    // Act: DynamoDB is back; the client retries as told, with the same key, twice.
    const healthy = throttledApi(() => false);
    const retry = await submit(healthy, postId, body, key);
    const again = await submit(healthy, postId, body, key);

    // Assess: stored exactly once, both retries answered alike.
    expect(retry.status).toBe(202);
    expect(await again.text()).toBe(await retry.text());
    expect((await stack.deps.comments.list({ status: 'pending', postId }, { limit: 10 })).items).toHaveLength(1);
    expect(await stack.receiveRaw()).toHaveLength(1);
  });

  it('answers 503 when DynamoDB throttles everything, on the public and the moderator routes, and for a form post (HTML, same status)', async () => {
    const api = throttledApi(() => true);
    const before = await commentItems();
    const postId = uniquePostId('throttle');

    // Act: all at once (each one waits out the transport's own backoff).
    const [json, list, moderation, form] = await Promise.all([
      submit(api, postId),
      Promise.resolve(api.app.request(`/posts/${postId}/comments`)),
      Promise.resolve(api.app.request('/moderation/comments?status=pending', { headers: auth })),
      Promise.resolve(
        api.app.request(`/posts/${postId}/comments`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'author=A&email=a%40example.com&comment=Hello',
        }),
      ),
    ]);

    // Assess
    for (const res of [json, list, moderation]) await expectUnavailable(res);
    expect(form.status).toBe(503);
    expect(form.headers.get('retry-after')).not.toBeNull();
    expect(await form.text()).toContain('Comment Submission Failure');
    expect(await commentItems()).toEqual(before);
  });
});
