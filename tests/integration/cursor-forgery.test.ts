/**
 * A page cursor is client input: whatever it holds, the answer is a page or a 400,
 * never a 5xx (which would also page the 5xx alarm).
 */

import fc from 'fast-check';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import { composeApp, dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { startWireProxy } from '../support/wire-proxy.ts';

let stack: TestStack;
let auth: { authorization: string };
const postId = uniquePostId('cursor');
const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

beforeAll(async () => {
  stack = await createTestStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
  for (let i = 0; i < 3; i++) {
    const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission() });
    const { comment } = (await res.json()) as { comment: { id: string } };
    await stack.request(`/moderation/comments/${comment.id}/approve`, { method: 'POST', headers: auth });
  }
  await stack.receiveRaw();
});

/** The public list and the two moderation lists, each with the cursor. */
const listings = (cursor: string) => {
  const q = encodeURIComponent(cursor);
  return [
    stack.request(`/posts/${postId}/comments?limit=1&cursor=${q}`),
    stack.request(`/moderation/comments?status=approved&limit=1&cursor=${q}`, { headers: auth }),
    stack.request(`/moderation/comments?status=approved&postId=${postId}&limit=1&cursor=${q}`, { headers: auth }),
  ];
};

async function statuses(cursor: string): Promise<number[]> {
  return Promise.all(listings(cursor).map(async (res) => (await res).status));
}

describe('Forged page cursors', () => {
  it('a real cursor still pages', async () => {
    // Prepare
    const first = (await (await stack.request(`/posts/${postId}/comments?limit=1`)).json()) as { nextCursor: string };

    // Act
    const second = await stack.request(`/posts/${postId}/comments?limit=1&cursor=${first.nextCursor}`);

    // Assess
    expect(second.status).toBe(200);
  });

  it.each([
    ['an empty key', {}],
    ['only the partition', { gsi1pk: `POST#${postId}#approved` }],
    ['the index keys without the table keys', { gsi1pk: `POST#${postId}#approved`, gsi1sk: 'x' }],
    ['empty key values', { pk: '', sk: '', gsi1pk: `POST#${postId}#approved`, gsi1sk: '' }],
    ['a table key outside the item', { pk: 'COMMENT#x', sk: 'SETTINGS', gsi1pk: `POST#${postId}#approved`, gsi1sk: 'zzz' }],
  ])('answers 400 validation_failed for %s, never 5xx', async (_why, key) => {
    // Act
    const answers = await Promise.all(listings(encode(key)));

    // Assess
    for (const res of answers) {
      expect(res.status).toBeLessThan(500);
      if (res.status !== 200) expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', fields: { cursor: expect.any(String) } } });
    }
    expect(answers[0]!.status).toBe(400);
  });

  it('never answers 5xx to an arbitrary cursor string', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), async (cursor) => {
        for (const status of await statuses(cursor)) expect(status).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('never answers 5xx to an arbitrary JSON object as the cursor', async () => {
    const names = fc.constantFrom('pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'x');
    const values = fc.oneof(fc.string({ maxLength: 40 }), fc.constant(`POST#${postId}#approved`), fc.constant('STATUS#approved'), fc.integer(), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(names, values, { maxKeys: 6 }), async (key) => {
        for (const status of await statuses(encode(key))) expect(status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('answers 400 when DynamoDB itself refuses the start key', async () => {
    // Prepare: DynamoDB refuses every ExclusiveStartKey, as it does for a key outside the index (answered at the wire).
    const proxy = await startWireProxy(inject('dynamoDbEndpoint'), ({ body }) =>
      JSON.parse(body).ExclusiveStartKey ? { status: 400, error: { __type: 'com.amazon.coral.validate#ValidationException', message: 'The provided starting key is invalid' } } : undefined,
    );
    const client = dynamoDbClient({ ...stack.env, DYNAMODB_ENDPOINT: proxy.endpoint });
    const app = createApp(composeApp(stack.env, { dynamoDb: client, clientIp: () => null }));
    const first = (await (await app.request(`/posts/${postId}/comments?limit=1`)).json()) as { nextCursor: string };

    // Act
    const res = await app.request(`/posts/${postId}/comments?limit=1&cursor=${first.nextCursor}`);

    // Assess
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'validation_failed', fields: { cursor: expect.any(String) } } });
    await proxy.close();
  });
});
