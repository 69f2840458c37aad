/**
 * `Idempotency-Key`: a retried submission gets the first answer (same status, same body)
 * and stores nothing new — also when the retries race each other on different instances.
 */

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import { composeApp, dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/domain/settings.ts';
import { aSubmission, createTestStack, randomIp, type TestStack, uniquePostId } from '../support/test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await createTestStack();
});
beforeEach(async () => {
  await useSettings({});
  await stack.receiveRaw();
});

async function useSettings(update: Partial<Settings>): Promise<void> {
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, ratePerIpPerMinute: 0, ...update });
}

function submit(postId: string, body: Record<string, unknown>, key?: string, ip?: string): Promise<Response> {
  return stack.request(`/posts/${postId}/comments`, { json: body, headers: key === undefined ? {} : { 'Idempotency-Key': key }, ...(ip ? { ip } : {}) });
}

async function answer(res: Response): Promise<{ status: number; body: string }> {
  return { status: res.status, body: await res.text() };
}

async function storedCount(postId: string): Promise<number> {
  const lists = await Promise.all((['pending', 'spam'] as const).map((status) => stack.deps.comments.list({ status, postId }, { limit: 100 })));
  return lists.reduce((sum, page) => sum + page.items.length, 0);
}

const newKey = () => `key-${crypto.randomUUID()}`;

describe('Idempotency-Key', () => {
  it('answers a retry with the first answer, byte for byte, and stores and queues nothing new', async () => {
    // Prepare
    const postId = uniquePostId('idem');
    const body = aSubmission();
    const key = newKey();

    // Act
    const first = await answer(await submit(postId, body, key));
    const retries = [await answer(await submit(postId, body, key, randomIp())), await answer(await submit(postId, body, key, randomIp()))];

    // Assess
    expect(first.status).toBe(202);
    expect(retries).toEqual([first, first]);
    expect(await storedCount(postId)).toBe(1);
    expect(await stack.receiveRaw()).toHaveLength(1);
  });

  it('lets only one of many concurrent retries on different API instances store the comment; all get its answer', async () => {
    // Prepare: three "Lambda instances", each with its own clients.
    const instances = [stack.app, ...[1, 2].map(() => createApp(composeApp(stack.env, { clientIp: () => randomIp() })))];
    const postId = uniquePostId('idem');
    const body = JSON.stringify(aSubmission());
    const key = newKey();

    // Act
    const answers = await Promise.all(
      Array.from({ length: 9 }, (_, i) =>
        Promise.resolve(instances[i % 3]!.request(`/posts/${postId}/comments`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body })).then(answer),
      ),
    );

    // Assess
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]!.status).toBe(202);
    expect(await storedCount(postId)).toBe(1);
    expect(await stack.receiveRaw()).toHaveLength(1);
  });

  it('replays a form post as the same 303 to the same place', async () => {
    const postId = uniquePostId('idem');
    const form = new URLSearchParams({ author: 'Form', email: `form-${postId}@example.com`, comment: 'Posted twice by a flaky connection.', redirect_to: 'https://blog.example/p' }).toString();
    const key = newKey();
    const post = () => stack.request(`/posts/${postId}/comments`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': key }, body: form });

    const first = await post();
    const retry = await post();

    expect(first.status).toBe(303);
    expect(retry.status).toBe(303);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(await storedCount(postId)).toBe(1);
  });

  it('refuses a key reused for a different comment with 400 on the Idempotency-Key field, storing nothing', async () => {
    const postId = uniquePostId('idem');
    const key = newKey();
    await submit(postId, aSubmission(), key);

    const reused = await submit(postId, aSubmission(), key);

    expect(reused.status).toBe(400);
    expect(await reused.json()).toEqual({ error: { code: 'validation_failed', message: expect.any(String), fields: { 'Idempotency-Key': expect.any(String) } } });
    expect(await storedCount(postId)).toBe(1);
  });

  it('scopes a key to its post', async () => {
    const key = newKey();
    const [a, b] = [uniquePostId('idem'), uniquePostId('idem')];
    const body = aSubmission();

    expect((await submit(a, body, key)).status).toBe(202);
    expect((await submit(b, body, key)).status).toBe(202);
    expect([await storedCount(a), await storedCount(b)]).toEqual([1, 1]);
  });

  it('does not change submissions without a key: the same comment again is a duplicate (409)', async () => {
    const postId = uniquePostId('idem');
    const body = aSubmission();
    expect((await submit(postId, body)).status).toBe(202);
    expect((await submit(postId, body, newKey())).status).toBe(409);
  });

  it('processes a retry afresh when the first attempt was refused (a refusal stores nothing)', async () => {
    // Prepare: the first attempt is rate limited.
    await useSettings({ ratePerIpPerMinute: 1 });
    const postId = uniquePostId('idem');
    const ip = randomIp();
    const body = aSubmission();
    const key = newKey();
    await submit(postId, aSubmission(), undefined, ip);
    const refused = await submit(postId, body, key, ip);

    // Act
    await useSettings({ ratePerIpPerMinute: 0 });
    const retry = await submit(postId, body, key, ip);
    const again = await submit(postId, body, key, ip);

    // Assess
    expect(refused.status).toBe(429);
    expect(retry.status).toBe(202);
    expect(await answer(again)).toEqual({ status: 202, body: await retry.text() });
    expect(await storedCount(postId)).toBe(2);
  });

  it('replays the pending answer to a bot caught by a trap, too', async () => {
    const postId = uniquePostId('idem');
    const body = aSubmission({ hp_website: 'spam' });
    const key = newKey();
    const first = await answer(await submit(postId, body, key));
    expect(await answer(await submit(postId, body, key))).toEqual(first);
    expect(JSON.parse(first.body).comment.status).toBe('pending');
  });

  it.each([
    ['empty', ''],
    ['129 characters', 'k'.repeat(129)],
    ['not ASCII', 'clé-é'],
    ['a control character', 'a\tb'],
    ['only spaces', '   '],
  ])('refuses a key that is %s with 400 validation_failed on Idempotency-Key, storing nothing', async (_, key) => {
    const postId = uniquePostId('idem');
    const res = await stack.app.request(`/posts/${postId}/comments`, {
      method: 'POST',
      headers: [
        ['content-type', 'application/json'],
        ['idempotency-key', key],
      ],
      body: JSON.stringify(aSubmission()),
    });

    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { fields: Record<string, string> } }).error.fields).toEqual({ 'Idempotency-Key': expect.any(String) });
    expect(await storedCount(postId)).toBe(0);
  });

  it('accepts keys of 1 and 128 printable characters', async () => {
    const postId = uniquePostId('idem');
    expect((await submit(postId, aSubmission(), '~')).status).toBe(202);
    expect((await submit(postId, aSubmission(), `${'!'.repeat(64)} ${'z'.repeat(63)}`)).status).toBe(202);
  });

  it('stores the answer for 24 h under a keyed hash: never the key itself, nor the email', async () => {
    const postId = uniquePostId('idem');
    const body = aSubmission();
    const key = `visible-key-${crypto.randomUUID()}`;
    const before = Date.now();
    await submit(postId, body, key);

    const client = dynamoDbClient(stack.env);
    const scan = await client.scan({ TableName: stack.env.TABLE_NAME, FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': 'IDEMPOTENCY#' } });

    const items = scan.Items ?? [];
    const serialised = JSON.stringify(items);
    expect(serialised).not.toContain(key);
    expect(serialised).not.toContain(String(body.email));
    const mine = items.find((item) => item.answer?.postId === postId);
    expect(mine?.expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) + 86_400 - 5);
    expect(mine?.expiresAt).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 86_400);
  });
});
