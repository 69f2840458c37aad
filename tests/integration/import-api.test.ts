/**
 * `POST /moderation/import` and `GET /moderation/export` on the real app and emulators:
 * threading in and across requests, statuses, counts, idempotency, personal data at rest,
 * and the WordPress rules behaving afterwards as if the comments had been submitted.
 */

import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createImportStore, dynamoDbClient, keyringFrom } from '../../shared/adapters/wiring.ts';
import { importComments } from '../../shared/use-cases/import-comments.ts';
import type { ExchangeRecord } from '../../shared/domain/exchange-record.ts';
import { createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { startWireProxy } from '../support/wire-proxy.ts';

let stack: TestStack;
let auth: { authorization: string };

beforeAll(async () => {
  stack = await createTestStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
});

const record = (overrides: Partial<ExchangeRecord> & Pick<ExchangeRecord, 'externalId' | 'postId'>): ExchangeRecord => ({
  author: 'Hanako',
  email: 'hanako@example.com',
  content: `Comment ${overrides.externalId}`,
  status: 'approved',
  createdAt: '2019-05-01T10:00:00Z',
  ...overrides,
});

async function importRecords(comments: unknown[]) {
  const response = await stack.request('/moderation/import', { json: { comments }, headers: auth });
  return { status: response.status, body: (await response.json()) as { imported: number; unchanged: number; skipped: Array<{ externalId: string | null; reason: string }> } };
}

async function publicList(postId: string) {
  const response = await stack.request(`/posts/${postId}/comments?limit=100`);
  return (await response.json()) as { count: number; comments: Array<{ id: string; parentId: string | null; author: string; content: string; createdAt: string }> };
}

async function exportAll(query = '') {
  const records: ExchangeRecord[] = [];
  let cursor: string | null = null;
  do {
    const response = await stack.request(`/moderation/export?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
    expect(response.status).toBe(200);
    const page = (await response.json()) as { comments: ExchangeRecord[]; nextCursor: string | null };
    records.push(...page.comments);
    cursor = page.nextCursor;
  } while (cursor);
  return records;
}

describe('POST /moderation/import', () => {
  it('threads replies in one request whatever their order, keeps dates, statuses and order by createdAt', async () => {
    const postId = uniquePostId('thread');
    const { status, body } = await importRecords([
      record({ externalId: 'x:3', postId, parentExternalId: 'x:2', createdAt: '2019-05-01T12:00:00Z', author: 'Третий' }),
      record({ externalId: 'x:2', postId, parentExternalId: 'x:1', createdAt: '2019-05-01T11:00:00Z', author: '次郎' }),
      record({ externalId: 'x:1', postId, createdAt: '2019-05-01T10:00:00Z', author: 'Zoë' }),
      record({ externalId: 'x:4', postId, status: 'pending', createdAt: '2019-05-01T13:00:00Z' }),
      record({ externalId: 'x:5', postId, status: 'spam', createdAt: '2019-05-01T14:00:00Z' }),
      record({ externalId: 'x:6', postId, status: 'trash', createdAt: '2019-05-01T15:00:00Z' }),
    ]);
    expect(status).toBe(200);
    expect(body).toEqual({ imported: 6, unchanged: 0, skipped: [] });

    const list = await publicList(postId);
    expect(list.count).toBe(3);
    expect(list.comments.map((c) => c.author)).toEqual(['Zoë', '次郎', 'Третий']);
    expect(list.comments.map((c) => c.createdAt)).toEqual(['2019-05-01T10:00:00.000Z', '2019-05-01T11:00:00.000Z', '2019-05-01T12:00:00.000Z']);
    expect(list.comments[1]!.parentId).toBe(list.comments[0]!.id);
    expect(list.comments[2]!.parentId).toBe(list.comments[1]!.id);

    for (const status of ['pending', 'spam', 'trash'] as const) {
      const response = await stack.request(`/moderation/comments?status=${status}&postId=${postId}`, { headers: auth });
      const { comments } = (await response.json()) as { comments: Array<{ externalId: string; moderation: { checkedAt: string | null } }> };
      expect(comments.map((c) => c.externalId)).toEqual([{ pending: 'x:4', spam: 'x:5', trash: 'x:6' }[status]]);
    }
    // Nothing imported is queued for the worker, nor left for the sweeper.
    expect(await stack.receiveRaw()).toEqual([]);
    expect((await stack.deps.backlog.listUnchecked(new Date(), { limit: 100 })).items).toEqual([]);
  });

  it('a second import of the same records changes nothing; each imported comment\'s history starts with one import event', async () => {
    const postId = uniquePostId('again');
    const records = [record({ externalId: 'a:1', postId }), record({ externalId: 'a:2', postId, parentExternalId: 'a:1', status: 'spam' })];
    expect((await importRecords(records)).body).toEqual({ imported: 2, unchanged: 0, skipped: [] });
    const before = await publicList(postId);
    expect((await importRecords(records)).body).toEqual({ imported: 0, unchanged: 2, skipped: [] });
    expect(await publicList(postId)).toEqual(before);
    expect(before.count).toBe(1);

    const spam = (await stack.deps.comments.list({ status: 'spam', postId }, { limit: 10 })).items[0]!;
    for (const [id, to] of [[before.comments[0]!.id, 'approved'], [spam.id, 'spam']] as const) {
      const response = await stack.request(`/moderation/comments/${id}/history`, { headers: auth });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { events: unknown[] }).events).toEqual([
        { at: expect.any(String), actor: 'import', action: 'import', from: null, to, reasons: [expect.stringMatching(/^Imported with this status\. Source: a:[12]; by moderator:local-moderator\.$/)] },
      ]);
    }
  });

  it('links a reply sent before its parent in an earlier request, and the depth of its own replies follows', async () => {
    const postId = uniquePostId('later');
    await importRecords([record({ externalId: 'l:3', postId, parentExternalId: 'l:2', createdAt: '2020-01-01T03:00:00Z' })]);
    await importRecords([record({ externalId: 'l:4', postId, parentExternalId: 'l:3', createdAt: '2020-01-01T04:00:00Z' })]);
    await importRecords([record({ externalId: 'l:1', postId, createdAt: '2020-01-01T01:00:00Z' })]);
    const waiting = await publicList(postId);
    expect(waiting.comments.map((c) => c.parentId === null)).toEqual([true, true, false]);

    expect((await importRecords([record({ externalId: 'l:2', postId, parentExternalId: 'l:1', createdAt: '2020-01-01T02:00:00Z' })])).body.imported).toBe(1);
    const { comments } = await publicList(postId);
    const [one, two, three, four] = comments;
    expect([two!.parentId, three!.parentId, four!.parentId]).toEqual([one!.id, two!.id, three!.id]);
    const depths = await Promise.all(comments.map(async (c) => (await stack.deps.comments.get(c.id))!.depth));
    expect(depths).toEqual([1, 2, 3, 4]);
    expect((await stack.deps.comments.get(three!.id))!.awaitingParent).toBeUndefined();
  });

  it('an import that failed midway: what was stored is complete and counted, and sending the batch again completes it', async () => {
    // Prepare: a store whose transactions for one of the two posts never get through.
    const [postA, postB] = [uniquePostId('half-a'), uniquePostId('half-b')];
    // At the wire (the marshalled body: { pk: { S: … } }), the connection drops on each of post B's transactions.
    const proxy = await startWireProxy(inject('dynamoDbEndpoint'), ({ operation, body }) => (operation === 'TransactWriteItems' && body.includes(`"POST#${postB}"`) ? 'hang up' : undefined));
    const client = dynamoDbClient({ ...stack.env, DYNAMODB_ENDPOINT: proxy.endpoint });
    const failing = createImportStore(stack.env, keyringFrom(stack.env), client);
    // More than one transaction holds (≈ 25 comments each): post A's go first, post B's after.
    const onA = Array.from({ length: 30 }, (_, i) =>
      record({ externalId: `h:${i}`, postId: postA, createdAt: `2020-01-01T01:${String(i).padStart(2, '0')}:00Z`, author: `Reader ${i}`, email: `r${i}@example.com`, ...(i === 3 ? { status: 'pending' as const } : {}), ...(i === 2 ? { parentExternalId: 'h:1' } : {}) }),
    );
    const records = [
      ...onA,
      record({ externalId: 'h:b1', postId: postB, createdAt: '2020-01-02T04:00:00Z' }),
      record({ externalId: 'h:b2', postId: postB, parentExternalId: 'h:b1', createdAt: '2020-01-02T05:00:00Z' }),
    ];
    await expect(importComments({ ...stack.deps, imports: failing }, { comments: records }, { sub: 'importer', name: 'I', email: null })).rejects.toThrow('socket hang up');
    await proxy.close();
    const halfDone = await publicList(postA);
    expect(halfDone.comments.length).toBeGreaterThan(0);
    expect(halfDone.count).toBe(halfDone.comments.length);
    expect(await publicList(postB)).toMatchObject({ count: 0, comments: [] });
    const storedBefore = (await stack.deps.comments.list({ status: 'pending', postId: postA }, { limit: 10 })).items.length + halfDone.comments.length;
    // A moderator approves post A's pending comment in between (it sorts early, so it was stored).
    const pending = (await stack.deps.comments.list({ status: 'pending', postId: postA }, { limit: 10 })).items[0]!;
    expect(pending.externalId).toBe('h:3');
    await stack.request(`/moderation/comments/${pending.id}/approve`, { method: 'POST', headers: auth });

    // Act
    const again = await importRecords(records);

    // Assess
    expect(again.body).toEqual({ imported: records.length - storedBefore, unchanged: storedBefore, skipped: [] });
    expect(storedBefore).toBeLessThan(onA.length);
    const a = await publicList(postA);
    expect(a.count).toBe(30);
    expect(a.comments).toHaveLength(30);
    expect(a.comments[2]!.parentId).toBe(a.comments[1]!.id);
    expect((await stack.deps.comments.get(pending.id))!.status).toBe('approved');
    const b = await publicList(postB);
    expect(b.count).toBe(2);
    expect(b.comments[1]!.parentId).toBe(b.comments[0]!.id);
  });

  it('skips each record that breaks the rules with its reason, and imports the rest', async () => {
    const postId = uniquePostId('bad');
    const { status, body } = await importRecords([
      record({ externalId: 'b:1', postId, email: 'not an address' }),
      record({ externalId: 'b:2', postId, content: '   ' }),
      record({ externalId: 'b:3', postId, status: 'published' as never }),
      record({ externalId: 'b:4', postId, createdAt: 'yesterday' }),
      { postId, author: 'No id', content: 'x', status: 'approved', createdAt: '2020-01-01T00:00:00Z' },
      'not a record',
      record({ externalId: 'b:5', postId: '../etc' }),
      record({ externalId: 'b:6', postId, parentExternalId: 'b:6' }),
      record({ externalId: 'b:7', postId }),
      record({ externalId: 'b:7', postId }),
    ]);
    expect(status).toBe(200);
    expect(body.imported).toBe(1);
    const reasons = Object.fromEntries(body.skipped.map((s) => [s.externalId ?? 'none', s.reason]));
    expect(reasons['b:1']).toMatch(/^email: Please enter a valid email address/);
    expect(reasons['b:2']).toMatch(/^content: /);
    expect(reasons['b:3']).toMatch(/^status: status must be one of/);
    expect(reasons['b:4']).toMatch(/^createdAt: /);
    expect(reasons['b:5']).toMatch(/^postId: /);
    expect(reasons['b:6']).toMatch(/cycle/);
    expect(reasons['b:7']).toMatch(/more than once/);
    expect(body.skipped.filter((s) => s.externalId === null).map((s) => s.reason)).toEqual(['externalId: externalId must be text.', 'record: must be an object.']);
    expect(JSON.stringify(body)).not.toContain('not an address');
  });

  it('refuses a malformed request as a whole: not a list, or more than 500 records', async () => {
    expect((await importRecords('nope' as never)).status).toBe(400);
    const tooMany = await importRecords(Array.from({ length: 501 }, (_, i) => ({ externalId: `m:${i}` })));
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('At most 500');
    const anonymous = await stack.request('/moderation/import', { json: { comments: [] } });
    expect(anonymous.status).toBe(401);
  });

  it('encrypts and keys personal data like a submission; WordPress rules then see the imported comments', async () => {
    const postId = uniquePostId('rules');
    const email = 'Previously.Approved@Example.com';
    await importRecords([record({ externalId: 'r:1', postId, email, author: 'Kenji', ip: '203.0.113.9', userAgent: 'Old Browser/1.0', content: 'Kept as it was.' })]);
    const [imported] = (await publicList(postId)).comments;

    const raw = await dynamoDbClient(stack.env).get({ TableName: stack.env.TABLE_NAME, Key: { pk: `COMMENT#${imported!.id}`, sk: 'COMMENT' } });
    expect(raw.Item!.email).toMatch(/^enc:v1:/);
    expect(JSON.stringify(raw.Item)).not.toMatch(/previously\.approved/i);
    const partition = await dynamoDbClient(stack.env).query({ TableName: stack.env.TABLE_NAME, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `COMMENT#${imported!.id}` } });
    expect(JSON.stringify(partition.Items)).not.toMatch(/203\.0\.113\.9|Old Browser/);
    const full = await stack.deps.comments.get(imported!.id);
    expect(full).toMatchObject({ email, ip: '203.0.113.9', userAgent: 'Old Browser/1.0' });

    // The duplicate check knows the imported comment …
    const duplicate = await stack.request(`/posts/${postId}/comments`, { json: { author: 'Kenji', email, content: 'Kept as it was.' } });
    expect(duplicate.status).toBe(409);
    // … and "previously approved" approves the same author's next comment.
    const next = await stack.request(`/posts/${postId}/comments`, { json: { author: 'Kenji', email, content: 'Here again.' } });
    expect(next.status).toBe(202);
    await stack.drainQueue();
    expect((await publicList(postId)).count).toBe(2);
  });
});

describe('GET /moderation/export', () => {
  it('gives every status, oldest first, page by page, as records that import back unchanged', async () => {
    const postId = uniquePostId('export');
    const source = [
      record({ externalId: 'e:1', postId, createdAt: '2018-01-01T00:00:00Z', content: 'First line\nsecond line\n\nNew paragraph with <b>bold</b> & <a href="https://example.org">a link</a>' }),
      record({ externalId: 'e:2', postId, parentExternalId: 'e:1', createdAt: '2018-01-02T00:00:00Z', status: 'pending', email: '' as never, ip: '2001:db8::1' }),
      record({ externalId: 'e:3', postId, createdAt: '2018-01-03T00:00:00Z', status: 'spam', url: 'https://spam.example' }),
      record({ externalId: 'e:4', postId, createdAt: '2018-01-04T00:00:00Z', status: 'trash' }),
      record({ externalId: 'e:5', postId, parentExternalId: 'e:1', createdAt: '2018-01-05T00:00:00Z' }),
    ];
    await importRecords(source);
    const exported = await exportAll(`&postId=${postId}`);
    expect(exported.map((r) => [r.externalId, r.status, r.parentExternalId ?? null])).toEqual([
      ['e:1', 'approved', null],
      ['e:2', 'pending', 'e:1'],
      ['e:3', 'spam', null],
      ['e:4', 'trash', null],
      ['e:5', 'approved', 'e:1'],
    ]);
    expect(exported[0]!.content).toBe('First line\nsecond line\n\nNew paragraph with <b>bold</b> &amp; <a href="https://example.org" rel="nofollow ugc">a link</a>');
    expect(exported[1]).toMatchObject({ ip: '2001:db8::1' });
    expect(exported[1]!.email).toBeUndefined();
    expect((await importRecords(exported)).body).toEqual({ imported: 0, unchanged: 5, skipped: [] });
  });

  it('names submitted comments by their id, so that importing the export into the same stack changes nothing', async () => {
    const postId = uniquePostId('native');
    const submitted = await stack.request(`/posts/${postId}/comments`, { json: { author: 'Aiko', email: 'aiko@example.com', content: 'Native.' } });
    const { comment } = (await submitted.json()) as { comment: { id: string } };
    const exported = await exportAll(`&postId=${postId}`);
    expect(exported).toEqual([expect.objectContaining({ externalId: comment.id, status: 'pending', email: 'aiko@example.com' })]);
    expect((await importRecords(exported)).body).toEqual({ imported: 0, unchanged: 1, skipped: [] });
  });

  it('refuses a cursor it did not issue for this query', async () => {
    const response = await stack.request('/moderation/export?cursor=bm9wZQ', { headers: auth });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'validation_failed', fields: { cursor: expect.any(String) } } });
  });
});
