/**
 * Beyond WordPress: IP and user agent live in their own item, which carries a TTL of
 * createdAt + PERSONAL_DATA_RETENTION_DAYS; once that moment has passed they are gone
 * for every reader, whether or not DynamoDB has deleted the item yet.
 */

import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import type { AppEnv } from '../../shared/adapters/http/app-deps.ts';
import { composeApp } from '../../shared/adapters/wiring.ts';
import { submitComment } from '../../shared/use-cases/submit-comment.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';

const DAY_MS = 86_400_000;
const IP = '198.51.100.200';
const USER_AGENT = 'Mozilla/5.0 (Retention test)';

let stack: TestStack;
let token: string;

beforeAll(async () => {
  stack = await createTestStack();
  token = await stack.token();
  // Several comments from one address in a row, one of them dated in the past: no flood check in the way.
  const settings = await stack.request('/moderation/settings', { method: 'PUT', json: { floodSeconds: 0, ratePerIpPerMinute: 0 }, headers: { authorization: `Bearer ${token}` } });
  expect(settings.status).toBe(200);
});

/** The same table and keys, read by an app whose clock says `at` (as if run that much later). */
function appAt(on: TestStack, at: Date): Hono<AppEnv> {
  return createApp(composeApp(on.env, { clock: { now: () => at }, clientIp: () => null }));
}

async function submit(on: TestStack): Promise<{ id: string; createdAt: string; postId: string }> {
  const postId = uniquePostId('retention');
  const response = await on.request(`/posts/${postId}/comments`, { json: aSubmission(), ip: IP, headers: { 'user-agent': USER_AGENT } });
  expect(response.status).toBe(202);
  const { comment } = (await response.json()) as { comment: { id: string; createdAt: string } };
  return { ...comment, postId };
}

type Seen = { ip: string | null; userAgent: string | null; email: string };

/** What a moderator sees, through the single view, the list and the export. */
async function moderatorSees(app: Hono<AppEnv>, comment: { id: string; postId: string }, email: string): Promise<Seen[]> {
  const headers = { authorization: `Bearer ${token}` };
  const one = (await (await app.request(`/moderation/comments/${comment.id}`, { headers })).json()) as { comment: Seen };
  const list = (await (await app.request(`/moderation/comments?status=pending&postId=${comment.postId}`, { headers })).json()) as { comments: Seen[] };
  const exported = await app.request('/privacy/export', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
  return [one.comment, list.comments[0]!, ((await exported.json()) as { comments: Seen[] }).comments[0]!];
}

async function requestItem(on: TestStack, id: string): Promise<Record<string, { S?: string; N?: string }> | undefined> {
  const client = new DynamoDBClient({ endpoint: on.env.DYNAMODB_ENDPOINT, region: on.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const result = await client.send(new GetItemCommand({ TableName: on.env.TABLE_NAME, Key: { pk: { S: `COMMENT#${id}` }, sk: { S: 'REQUEST' } }, ConsistentRead: true }));
    return result.Item as Record<string, { S?: string; N?: string }> | undefined;
  } finally {
    client.destroy();
  }
}

describe('Retention of IP and user agent (PERSONAL_DATA_RETENTION_DAYS, default 30)', () => {
  it('keeps them in a separate, encrypted item whose TTL attribute expiresAt is createdAt + 30 days', async () => {
    // Act
    const comment = await submit(stack);
    const item = await requestItem(stack, comment.id);
    const client = new DynamoDBClient({ endpoint: stack.env.DYNAMODB_ENDPOINT, region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: stack.env.TABLE_NAME }));
    client.destroy();

    // Assess
    expect(stack.env.PERSONAL_DATA_RETENTION_DAYS).toBe(30);
    expect(Number(item?.expiresAt?.N)).toBe(Math.floor(Date.parse(comment.createdAt) / 1000) + 30 * 86_400);
    expect(item?.ip?.S).toMatch(/^enc:v1:/);
    expect(item?.userAgent?.S).toMatch(/^enc:v1:/);
    expect(ttl.TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
  });

  it('shows them to moderators until the period ends, and never after', async () => {
    // Prepare
    const email = `kept.${Date.now()}@example.com`;
    const postId = uniquePostId('retention');
    const response = await stack.request(`/posts/${postId}/comments`, { json: aSubmission({ email }), ip: IP, headers: { 'user-agent': USER_AGENT } });
    const { comment } = (await response.json()) as { comment: { id: string; createdAt: string } };
    const created = Date.parse(comment.createdAt);

    // Act
    const now = await moderatorSees(stack.app, { id: comment.id, postId }, email);
    const lastDay = await moderatorSees(appAt(stack, new Date(created + 30 * DAY_MS - 60_000)), { id: comment.id, postId }, email);
    const after = await moderatorSees(appAt(stack, new Date(created + 30 * DAY_MS + 1_000)), { id: comment.id, postId }, email);

    // Assess
    for (const seen of [...now, ...lastDay]) expect(seen).toMatchObject({ ip: IP, userAgent: USER_AGENT, email });
    for (const seen of after) expect(seen).toMatchObject({ ip: null, userAgent: null, email });
  });

  it('drops them from a comment written longer ago than the period, and a later change does not bring them back', async () => {
    // Prepare: a comment written 31 days ago (the use case with a clock in the past).
    const past = new Date(Date.now() - 31 * DAY_MS);
    const old = await submitComment({ ...stack.deps, clock: { now: () => past } }, aSubmission(), { postId: uniquePostId('retention'), ip: IP, userAgent: USER_AGENT });
    const headers = { authorization: `Bearer ${token}` };

    // Act
    const seen = (await (await stack.request(`/moderation/comments/${old.id}`, { headers })).json()) as { comment: Seen };
    const approved = (await (await stack.request(`/moderation/comments/${old.id}/approve`, { method: 'POST', headers })).json()) as { comment: Seen };
    const item = await requestItem(stack, old.id);

    // Assess
    expect(seen.comment).toMatchObject({ ip: null, userAgent: null });
    expect(approved.comment).toMatchObject({ ip: null, userAgent: null });
    // The item (until DynamoDB's TTL sweep removes it) is still the old one, already expired.
    expect(Number(item?.expiresAt?.N)).toBeLessThan(Date.now() / 1000);
  });

  it('follows PERSONAL_DATA_RETENTION_DAYS when it is configured', async () => {
    // Prepare
    const shortLived = await createTestStack({ PERSONAL_DATA_RETENTION_DAYS: '7' });

    // Act
    const comment = await submit(shortLived);
    const item = await requestItem(shortLived, comment.id);
    const token7 = await shortLived.token();
    const at = (days: number) => appAt(shortLived, new Date(Date.parse(comment.createdAt) + days * DAY_MS));
    const view = async (app: Hono<AppEnv>) =>
      ((await (await app.request(`/moderation/comments/${comment.id}`, { headers: { authorization: `Bearer ${token7}` } })).json()) as { comment: Seen }).comment;

    // Assess
    expect(Number(item?.expiresAt?.N)).toBe(Math.floor(Date.parse(comment.createdAt) / 1000) + 7 * 86_400);
    expect(await view(at(6.9))).toMatchObject({ ip: IP, userAgent: USER_AGENT });
    expect(await view(at(7.1))).toMatchObject({ ip: null, userAgent: null });
  });
});
