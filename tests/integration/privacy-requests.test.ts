import { randomBytes, randomUUID } from 'node:crypto';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { BatchWriteInput } from '../../shared/adapters/dynamodb/document-calls.ts';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommentItemMapper } from '../../shared/adapters/dynamodb/comment-item.ts';
import { dynamoDbClient, keyringFrom } from '../../shared/adapters/wiring.ts';
import { signLocalToken } from '../../shared/auth/local-token.ts';
import type { Comment } from '../../shared/domain/comment.ts';
import { FieldCipher } from '../../shared/privacy/field-cipher.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';

interface FullComment {
  id: string;
  postId: string;
  author: string;
  email: string;
  url: string | null;
  ip: string | null;
  userAgent: string | null;
  content: string;
  createdAt: string;
  avatar: string | null;
  status: string;
  moderation: { reasons: string[] };
}
type Exported = Pick<FullComment, 'id' | 'postId' | 'author' | 'email' | 'url' | 'ip' | 'userAgent' | 'createdAt' | 'content' | 'status'> & { link: string };

let stack: TestStack;
let token: string;

beforeAll(async () => {
  stack = await createTestStack();
  token = await stack.token();
});

const auth = () => ({ authorization: `Bearer ${token}` });
const asModerator = (path: string, json?: unknown) => stack.request(path, json === undefined ? { headers: auth() } : { json, headers: auth() });

async function submit(postId: string, body: Record<string, unknown>, init: { ip?: string; headers?: Record<string, string> } = {}): Promise<string> {
  const response = await stack.request(`/posts/${postId}/comments`, { json: body, ...init });
  expect(response.status).toBe(202);
  return ((await response.json()) as { comment: { id: string } }).comment.id;
}

async function moderatorView(id: string): Promise<FullComment> {
  const response = await asModerator(`/moderation/comments/${id}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { comment: FullComment }).comment;
}

async function exportOf(email: string): Promise<Exported[]> {
  const response = await asModerator('/privacy/export', { email });
  expect(response.status).toBe(200);
  return ((await response.json()) as { comments: Exported[] }).comments;
}

/** Every raw item, unmarshalled, as JSON text: what a table dump would show. */
async function rawItems(): Promise<string[]> {
  const client = new DynamoDBClient({ endpoint: stack.env.DYNAMODB_ENDPOINT, region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const items: string[] = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: stack.env.TABLE_NAME, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []).map((item) => JSON.stringify(unmarshall(item as Parameters<typeof unmarshall>[0]))));
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return items;
}

/**
 * A fixture loader: pending comments written as the stores would write them (same
 * mapper, same encryption, same keyed lookups), 25 items per BatchWrite.
 */
async function fileComments(count: number, make: (index: number) => Pick<Comment, 'postId' | 'author' | 'email' | 'url' | 'content' | 'ip' | 'userAgent'>): Promise<string[]> {
  const { deps, env } = stack;
  const mapper = new CommentItemMapper(new FieldCipher(keyringFrom(env)), env.PERSONAL_DATA_RETENTION_DAYS);
  const now = new Date();
  const ids: string[] = [];
  const items: object[] = [];
  for (let i = 0; i < count; i++) {
    const fields = make(i);
    const id = deps.ids.next(now);
    const emailKey = await deps.hasher.emailKey(fields.email);
    const comment: Comment = {
      ...fields,
      id,
      parentId: null,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      status: 'pending',
      previousStatus: null,
      avatar: await deps.hasher.avatarSeed(fields.email),
      moderation: { decidedBy: null, reasons: [], decidedAt: null, checkedAt: null, moderator: null },
      depth: 1,
      emailKey,
      duplicateKey: await deps.hasher.digest(fields.postId, '', fields.author, emailKey, fields.content),
      version: 1,
    };
    ids.push(id);
    items.push(await mapper.toItem(comment), (await mapper.toRequestDataItem(comment))!);
  }
  const client = dynamoDbClient(env);
  for (let start = 0; start < items.length; start += 25) {
    let pending: BatchWriteInput['RequestItems'] = { [env.TABLE_NAME]: items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } })) };
    while (pending && Object.keys(pending).length > 0) pending = (await client.batchWrite({ RequestItems: pending })).UnprocessedItems;
  }
  return ids;
}

describe('Privacy requests: who may ask', () => {
  it.each(['/privacy/export', '/privacy/erase'])('%s needs a moderator token (401 without or with a forged one, 403 outside the group)', async (path) => {
    const json = { email: 'someone@example.com' };
    expect((await stack.request(path, { json })).status).toBe(401);
    const forged = await signLocalToken(randomBytes(32).toString('base64url'));
    expect((await stack.request(path, { json, headers: { authorization: `Bearer ${forged}` } })).status).toBe(401);
    const reader = await stack.token({ sub: 'reader', groups: ['readers'] });
    const refused = await stack.request(path, { json, headers: { authorization: `Bearer ${reader}` } });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'forbidden' } });
  });

  it.each(['/privacy/export', '/privacy/erase'])('%s refuses a missing or invalid address with 400', async (path) => {
    for (const body of [{}, { email: '' }, { email: 'not-an-address' }, { email: 42 }]) {
      const response = await asModerator(path, body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'validation_failed', fields: { email: expect.any(String) } } });
    }
  });
});

describe('Privacy requests: export and erase, as WordPress does them', () => {
  // One author writing from IPv4 and IPv6, 105 comments on two posts (more than one page), one bystander.
  const email = `Erin.${randomUUID().slice(0, 8)}@Example.COM`;
  const userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Erin/1.0';
  const erin = (content: string) => aSubmission({ author: 'Erin', email, url: 'https://erin.example', content });
  const [postA, postB] = [uniquePostId('gdpr-a'), uniquePostId('gdpr-b')];
  const bystander = aSubmission();
  let v4Id: string;
  let v6Id: string;
  let bulkIds: string[];
  let bystanderId: string;
  let emailKey: string;
  let v4Before: FullComment;
  let keyedBefore: string[];
  let exported: Exported[];
  let erased: { status: number; body: unknown };

  beforeAll(async () => {
    // Prepare
    v4Id = await submit(postA, erin('First, from IPv4.'), { ip: '203.0.113.77', headers: { 'user-agent': userAgent } });
    expect((await asModerator(`/moderation/comments/${v4Id}/approve`, {})).status).toBe(200);
    expect((await stack.request('/moderation/settings', { method: 'PUT', json: { floodSeconds: 0, ratePerIpPerMinute: 0 }, headers: auth() })).status).toBe(200);
    v6Id = await submit(postB, erin('Second, from IPv6.'), { ip: '2001:db8:85a3:1234:5678:8a2e:370:7334', headers: { 'user-agent': userAgent } });
    // The same name and address have an approved comment: the worker approves it (WordPress's "previously approved").
    expect(await moderateComment(stack.deps, v6Id)).toBe('approved');
    // The other 103 are filed straight into the table (the HTTP path is the one above; this is just fast).
    bulkIds = await fileComments(103, (i) => ({ postId: i % 2 ? postA : postB, author: 'Erin', email, url: 'https://erin.example', content: `<p>Comment number ${i}.</p>`, ip: '198.51.100.7', userAgent }));
    bystanderId = await submit(postA, bystander);
    expect((await asModerator(`/moderation/comments/${bystanderId}/approve`, {})).status).toBe(200);
    v4Before = await moderatorView(v4Id);
    emailKey = await stack.deps.hasher.emailKey(email);
    keyedBefore = (await rawItems()).filter((item) => item.includes(emailKey));

    // Act: export (the address typed differently: WordPress compares case-insensitively), then erase.
    exported = await exportOf(`  ${email.toLowerCase()} `);
    const response = await asModerator('/privacy/erase', { email: email.toUpperCase() });
    erased = { status: response.status, body: await response.json() };
  }, 120_000);

  it('exports every comment of the address, across posts and pages, with its personal data', () => {
    expect(exported.map((c) => c.id).sort()).toEqual([v4Id, v6Id, ...bulkIds].sort());
    expect(new Set(exported.map((c) => c.postId))).toEqual(new Set([postA, postB]));
    expect(exported.find((c) => c.id === v4Id)).toEqual({
      id: v4Id,
      postId: postA,
      author: 'Erin',
      email,
      url: 'https://erin.example',
      ip: '203.0.113.77',
      userAgent,
      createdAt: v4Before.createdAt,
      content: '<p>First, from IPv4.</p>',
      status: 'approved',
      link: expect.stringMatching(new RegExp(`/posts/${postA}/comments#comment-${v4Id}$`)),
    });
    expect(exported.find((c) => c.id === v6Id)).toMatchObject({ ip: '2001:db8:85a3:1234:5678:8a2e:370:7334', postId: postB });
  });

  it('answers { erased: n } and anonymises as WordPress does: IPv4 last octet 0, IPv6 /64, content and date kept', async () => {
    expect(erased).toEqual({ status: 200, body: { erased: 2 + bulkIds.length } });
    expect(await moderatorView(v4Id)).toMatchObject({
      author: 'Anonymous',
      email: '',
      url: null,
      userAgent: null,
      ip: '203.0.113.0',
      avatar: null,
      content: '<p>First, from IPv4.</p>',
      createdAt: v4Before.createdAt,
      status: 'approved',
    });
    expect(await moderatorView(v6Id)).toMatchObject({ author: 'Anonymous', email: '', url: null, ip: '2001:db8:85a3:1234::', userAgent: null });
    expect(await moderatorView(bulkIds[7]!)).toMatchObject({ author: 'Anonymous', email: '', url: null, ip: '198.51.100.0', userAgent: null, content: '<p>Comment number 7.</p>' });
  });

  it('leaves nothing keyed by the address: export is empty, no approved-author record, flood mark or index entry', async () => {
    // The checks below mean something: before the erase, those items were there.
    expect(keyedBefore.some((item) => item.includes(`"pk":"AUTHOR#${emailKey}"`))).toBe(true);
    expect(keyedBefore.some((item) => item.includes(`"pk":"FLOOD#email:${emailKey}"`))).toBe(true);
    expect(keyedBefore.some((item) => item.includes(`"gsi3pk":"AUTHOR#${emailKey}"`))).toBe(true);

    expect(await exportOf(email)).toEqual([]);
    expect((await rawItems()).filter((item) => item.includes(emailKey))).toEqual([]);
  });

  it('still publishes the anonymised comments, and leaves other authors alone', async () => {
    const listed = (await (await stack.request(`/posts/${postA}/comments?limit=100`)).json()) as { count: number; comments: FullComment[] };
    expect(listed.count).toBe(2);
    expect(listed.comments.find((c) => c.id === v4Id)).toEqual({ id: v4Id, parentId: null, author: 'Anonymous', url: null, content: '<p>First, from IPv4.</p>', createdAt: v4Before.createdAt, avatar: null });
    expect(await moderatorView(bystanderId)).toMatchObject({ author: bystander.author, email: bystander.email, url: bystander.url });
    expect(await exportOf(String(bystander.email))).toHaveLength(1);
  });

  it('no longer counts the erased author as previously approved, and can be repeated', async () => {
    const again = await submit(postA, erin('Back again.'));
    expect(await moderateComment(stack.deps, again)).toBe('held');
    expect((await moderatorView(again)).moderation.reasons).toEqual(['The author has no previously approved comment.']);

    // Erasing again counts only what is new.
    expect(await (await asModerator('/privacy/erase', { email })).json()).toEqual({ erased: 1 });
    expect(await (await asModerator('/privacy/erase', { email })).json()).toEqual({ erased: 0 });
  });
});

describe('Privacy requests: erase and idempotency records', () => {
  it('removes the stored first answer of an Idempotency-Key submission along with the address', async () => {
    // Prepare
    const postId = uniquePostId('idem');
    const email = `idem.${Date.now()}@erase.example`;
    const author = `Idem Author ${Date.now()}`;
    const key = `retry-${Date.now()}`;
    const first = await stack.request(`/posts/${postId}/comments`, { json: aSubmission({ author, email }), headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(202);
    expect((await rawItems()).some((item) => item.includes('IDEMPOTENCY') && item.includes(author))).toBe(true);

    // Act
    const erased = await asModerator('/privacy/erase', { email });

    // Assess
    expect(await erased.json()).toEqual({ erased: 1 });
    expect((await rawItems()).filter((item) => item.includes(author))).toEqual([]);
  });
});

describe('Privacy requests: erase and moderation reasons', () => {
  it('scrubs stored reasons that quote personal data (written before reasons named only the rule)', async () => {
    // Prepare: a comment whose reasons quote the address and the name, as the worker once wrote them.
    const email = `quoted.${Date.now()}@reasons.example`;
    const author = `Quoted Author ${Date.now()}`;
    const id = await submit(uniquePostId('reasons'), aSubmission({ author, email }));
    const before = await stack.deps.comments.get(id);
    const reasons = [`Contains a moderation word: "${email}".`, `Contains a disallowed word: "${author}".`, 'The author has no previously approved comment.'];
    expect(await stack.deps.comments.save(before!, { ...before!, moderation: { ...before!.moderation, decidedBy: 'rules', reasons } })).toBe(true);
    expect((await rawItems()).some((item) => item.includes(email))).toBe(true);

    // Act
    const erased = await asModerator('/privacy/erase', { email });

    // Assess
    expect(await erased.json()).toEqual({ erased: 1 });
    const raw = (await rawItems()).join('\n').toLowerCase();
    expect(raw).not.toContain(email.toLowerCase());
    expect(raw).not.toContain(author.toLowerCase());
    expect((await moderatorView(id)).moderation.reasons).toEqual(['Contains a moderation word: [removed].', 'Contains a disallowed word: [removed].', 'The author has no previously approved comment.']);
  });
});
