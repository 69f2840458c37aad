/**
 * "Your email address will not be published": every route is driven with its own
 * canary address, then every place an address could escape to is searched for it —
 * public bodies and headers, log lines, queue messages, notifications and the raw
 * table. Moderators are the one audience that sees addresses, by design.
 */

import { createHash, randomBytes } from 'node:crypto';
import { type AttributeValue, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POST } from '../../shared/adapters/http/pages/seed-post.ts';
import { type RegisteredRoute, routeTable } from '../../shared/adapters/http/route-table.ts';
import { heldCommentMessage, LogModeratorNotifier } from '../../shared/adapters/notify/notifiers.ts';
import type { HeldCommentNotice, ModeratorNotifier } from '../../shared/domain/ports.ts';
import { logger } from '../../shared/observability/logger.ts';
import { ModerationMessage, submissionFactsOf } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';
import { captureLogs, type LogCapture } from '../support/log-capture.ts';
import { createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';

// ---------------------------------------------------------------- canaries

interface Canary {
  label: string;
  email: string;
  /** Unique letters inside the address: finds it however it is cased or encoded. */
  token: string;
  /** Accepted and stored, so a moderator view must show it. */
  stored: boolean;
}

const RUN = randomBytes(4).toString('hex');
const canaries: Canary[] = [];

function canary(label: string, stored: boolean, shape: (token: string) => string = (t) => `${t}.Reader@Leak-Test.Example`): Canary {
  const token = `Cnry${RUN}q${canaries.length}z`;
  const entry = { label, email: shape(token), token, stored };
  canaries.push(entry);
  return entry;
}

/** A syntactically valid address of 101 characters: too long, so it must be refused without being echoed. */
const tooLong = (token: string) => {
  const domain = '@leak-test.example';
  return `${token}${'a'.repeat(101 - token.length - domain.length)}${domain}`;
};

const digests = (value: string) =>
  ['md5', 'sha1', 'sha256'].flatMap((algorithm) => {
    const digest = createHash(algorithm).update(value).digest();
    return [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')];
  });

/** What must not be found: the address in any case or encoding, and its unkeyed hashes (as Gravatar uses). */
function needles(c: Canary): string[] {
  const normalised = c.email.trim().toLowerCase();
  return [c.token, c.email, normalised, ...digests(normalised), ...digests(c.email)].map((n) => n.toLowerCase());
}

const needleCache = new Map<Canary, string[]>();

/** The labels of the canaries found in a text. */
function canariesIn(text: string): string[] {
  const haystack = text.toLowerCase();
  return canaries
    .filter((c) => {
      if (!needleCache.has(c)) needleCache.set(c, needles(c));
      return needleCache.get(c)!.some((n) => haystack.includes(n));
    })
    .map((c) => c.label);
}

// ---------------------------------------------------------------- the run

interface Observation {
  label: string;
  route: string;
  /** Moderator-only answers (authorised, successful) may show addresses; everything else is public. */
  surface: 'public' | 'moderator';
  expected: number[];
  status: number;
  headers: Array<[string, string]>;
  body: string;
}

let stack: TestStack;
let logs: LogCapture;
let token: string;
const observed: Observation[] = [];
const queueBodies: string[] = [];
const notices: HeldCommentNotice[] = [];
const notificationTexts: string[] = [];
let rawItems: Array<Record<string, AttributeValue>> = [];

const SITE_PAGE = 'https://blog.example/2026/11/a-post/';
// `/moderation-links/…` is public (a notification's links): it must show no address either.
const isModeratorRoute = (path: string) => path.startsWith('/moderation/') || path.startsWith('/privacy/');

async function call(label: string, expected: number | number[], path: string, init: RequestInit & { json?: unknown; ip?: string } = {}): Promise<Response> {
  const response = await stack.request(path, init);
  const body = await response.clone().text();
  observed.push({
    label,
    route: `${init.method ?? (init.json !== undefined ? 'POST' : 'GET')} ${path}`,
    surface: isModeratorRoute(path) && response.status < 400 ? 'moderator' : 'public',
    expected: [expected].flat(),
    status: response.status,
    headers: [...response.headers.entries()],
    body,
  });
  return response;
}

const auth = (bearer: string) => ({ authorization: `Bearer ${bearer}` });
const formHeaders = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/x-www-form-urlencoded', ...extra });

function submission(c: Canary, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { author: `Author ${c.label}`, email: c.email, url: 'https://reader.example', content: `Comment for ${c.label}.`, ...extra };
}

function form(c: Canary, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    author: `Author ${c.label}`,
    email: c.email,
    url: 'https://reader.example',
    comment: `Form comment for ${c.label}.`,
    comment_post_ID: 'ignored',
    comment_parent: '0',
    'wp-comment-cookies-consent': 'yes',
    ...extra,
  }).toString();
}

async function submittedId(response: Response): Promise<string> {
  return ((await response.clone().json()) as { comment: { id: string } }).comment.id;
}

/** What the worker does, but the raw message bodies are kept, and held comments also go through the log notifier. */
async function runWorker(): Promise<void> {
  const logNotifier = new LogModeratorNotifier('https://moderate.example');
  const notifier: ModeratorNotifier = {
    commentHeld: async (notice) => {
      notices.push(notice);
      notificationTexts.push(Object.values(heldCommentMessage(notice, 'https://moderate.example')).join('\n'));
      await stack.notifier.commentHeld(notice);
      await logNotifier.commentHeld(notice);
    },
  };
  for (const body of await stack.receiveRaw()) {
    queueBodies.push(body);
    const message = ModerationMessage.parse(JSON.parse(body));
    await moderateComment({ ...stack.deps, notifier }, message.commentId, submissionFactsOf(message));
  }
}

async function scanTable(): Promise<Array<Record<string, AttributeValue>>> {
  const client = new DynamoDBClient({ endpoint: stack.env.DYNAMODB_ENDPOINT, region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: stack.env.TABLE_NAME, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  client.destroy();
  return items;
}

/** Every string an item holds, attribute names included, however deeply nested. */
function stringsOf(value: AttributeValue | Record<string, AttributeValue>): string[] {
  const v = value as Partial<Record<string, unknown>>;
  if (typeof v.S === 'string') return [v.S];
  if (typeof v.N === 'string') return [v.N];
  if (v.B instanceof Uint8Array) return [Buffer.from(v.B).toString('utf8'), Buffer.from(v.B).toString('hex'), Buffer.from(v.B).toString('base64')];
  if (Array.isArray(v.SS)) return v.SS as string[];
  if (Array.isArray(v.NS)) return v.NS as string[];
  if (Array.isArray(v.BS)) return (v.BS as Uint8Array[]).flatMap((b) => stringsOf({ B: b }));
  if (Array.isArray(v.L)) return (v.L as AttributeValue[]).flatMap(stringsOf);
  if (v.M && typeof v.M === 'object') return stringsOf(v.M as Record<string, AttributeValue>);
  if ('BOOL' in v || 'NULL' in v) return [];
  // A plain map of attributes (an item, or the content of M).
  return Object.entries(value as Record<string, AttributeValue>).flatMap(([name, inner]) => [name, ...stringsOf(inner)]);
}

// ---------------------------------------------------------------- scenarios

async function publicJsonRoutes(postId: string, closedPostId: string): Promise<string> {
  const path = `/posts/${postId}/comments`;

  const ok = canary('json-ok', true);
  const first = await call('json-ok', 202, path, { json: submission(ok), headers: { 'idempotency-key': `leak-${RUN}`, 'user-agent': 'LeakBrowser/1.0' } });
  const pendingId = await submittedId(first);
  // A retry with the same key: the first answer again (or, without idempotency support, a duplicate).
  await call('json-idempotent-retry', [202, 409], path, { json: submission(ok), headers: { 'idempotency-key': `leak-${RUN}` } });

  const demo = canary('json-demo-post', true);
  await call('json-demo-post', 202, `/posts/${DEMO_POST.id}/comments`, { json: submission(demo) });

  await call('json-email-101-chars', 400, path, { json: submission(canary('json-email-101-chars', false, tooLong)) });
  await call('json-email-double-at', 400, path, { json: submission(canary('json-email-double-at', false, (t) => `${t}@@leak-test.example`)) });
  await call('json-email-not-text', 400, path, { json: submission(canary('json-email-not-text', false), { email: [canaries.at(-1)!.email] }) });
  await call('json-other-fields-invalid', 400, path, { json: submission(canary('json-other-fields-invalid', false), { content: '  ', url: 'javascript:alert(1)', author: '' }) });

  const broken = canary('json-invalid-json', false);
  await call('json-invalid-json', 400, path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"email":"${broken.email}","content":` });
  const big = canary('json-413', false);
  await call('json-413', 413, path, { json: submission(big, { content: 'x'.repeat(140 * 1024) }) });
  const plain = canary('json-415', false);
  await call('json-415', 415, path, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: `email=${plain.email}` });

  const duplicate = canary('json-duplicate', true);
  await call('json-duplicate:first', 202, path, { json: submission(duplicate) });
  await call('json-duplicate', 409, path, { json: submission(duplicate) });

  const flood = canary('json-flood', true);
  await call('json-flood:first', 202, path, { json: submission(flood) });
  await call('json-flood', 429, path, { json: submission(flood, { content: 'Something else entirely.' }) });

  await call('json-parent-not-approved', 403, path, { json: submission(canary('json-parent-not-approved', false), { parentId: pendingId }) });
  await call('json-comments-closed', 403, `/posts/${closedPostId}/comments`, { json: submission(canary('json-comments-closed', false)) });
  await call('json-bad-post-id', 404, '/posts/-not!a!post/comments', { json: submission(canary('json-bad-post-id', false)) });
  return pendingId;
}

async function publicFormRoutes(postId: string, closedPostId: string, pendingId: string): Promise<void> {
  const path = `/posts/${postId}/comments`;
  const post = (label: string, expected: number, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    call(label, expected, path, { method: 'POST', headers: formHeaders(headers), body });

  await post('form-redirect-to', 303, form(canary('form-redirect-to', true), { redirect_to: SITE_PAGE }));
  await post('form-referer', 303, form(canary('form-referer', true)), { referer: SITE_PAGE });
  await post('form-no-allowed-page', 200, form(canary('form-no-allowed-page', true), { redirect_to: 'https://elsewhere.example/' }));
  await post('form-accept-json', 202, form(canary('form-accept-json', true)), { accept: 'application/json' });

  await post('form-email-101-chars', 400, form(canary('form-email-101-chars', false, tooLong)), { referer: SITE_PAGE });
  await post('form-email-double-at', 400, form(canary('form-email-double-at', false, (t) => `${t}@@leak-test.example`)));
  await post('form-other-fields-invalid', 400, form(canary('form-other-fields-invalid', false), { comment: '', url: 'data:text/html,hi' }));
  const broken = canary('form-invalid-utf8', false);
  await post('form-invalid-utf8', 400, Buffer.concat([Buffer.from(form(broken)), Buffer.from('&x=%'), Buffer.from([0xff, 0xfe, 0xfd])]));
  await post('form-413', 413, form(canary('form-413', false), { comment: 'y'.repeat(140 * 1024) }));

  const duplicate = canary('form-duplicate', true);
  await post('form-duplicate:first', 303, form(duplicate, { redirect_to: SITE_PAGE }));
  await post('form-duplicate', 409, form(duplicate, { redirect_to: SITE_PAGE }));
  const flood = canary('form-flood', true);
  await post('form-flood:first', 303, form(flood, { redirect_to: SITE_PAGE }));
  await post('form-flood', 429, form(flood, { comment: 'Another thought.', redirect_to: SITE_PAGE }));

  await post('form-parent-not-approved', 403, form(canary('form-parent-not-approved', false), { comment_parent: pendingId }));
  await call('form-comments-closed', 403, `/posts/${closedPostId}/comments`, { method: 'POST', headers: formHeaders(), body: form(canary('form-comments-closed', false)) });
}

async function moderatorRoutes(postId: string, ids: { pendingId: string }): Promise<void> {
  const headers = auth(token);
  const pending = await call('moderation-list', 200, '/moderation/comments?status=pending&limit=100', { headers });
  await call('moderation-list-post', 200, `/moderation/comments?status=pending&postId=${postId}&limit=100`, { headers });
  const queue = ((await pending.json()) as { comments: Array<{ id: string; postId: string }> }).comments;
  const others = queue.filter((c) => c.id !== ids.pendingId && c.postId === postId).map((c) => c.id);
  const demoId = queue.find((c) => c.postId === DEMO_POST.id)!.id;

  const id = ids.pendingId;
  await call('moderation-get', 200, `/moderation/comments/${id}`, { headers });
  await call('moderation-history', 200, `/moderation/comments/${id}/history`, { headers });
  await call('moderation-approve', 200, `/moderation/comments/${id}/approve`, { method: 'POST', headers });
  await call('moderation-unapprove', 200, `/moderation/comments/${id}/unapprove`, { method: 'POST', headers });
  await call('moderation-approve-again', 200, `/moderation/comments/${id}/approve`, { method: 'POST', headers });
  await call('moderation-approve-demo', 200, `/moderation/comments/${demoId}/approve`, { method: 'POST', headers });
  await call('moderation-spam', 200, `/moderation/comments/${others[0]}/spam`, { method: 'POST', headers });
  await call('moderation-restore-spam', 200, `/moderation/comments/${others[0]}/restore`, { method: 'POST', headers });
  await call('moderation-trash', 200, `/moderation/comments/${others[1]}/trash`, { method: 'POST', headers });
  await call('moderation-restore-trash', 200, `/moderation/comments/${others[1]}/restore`, { method: 'POST', headers });
  await call('moderation-invalid-transition', 409, `/moderation/comments/${others[1]}/restore`, { method: 'POST', headers });
  await call('moderation-edit', 200, `/moderation/comments/${id}`, { method: 'PATCH', headers, json: { author: 'Alice B.', url: 'https://alice.example' } });
  const editEmail = canary('moderation-edit-email', false);
  await call('moderation-edit-email', 400, `/moderation/comments/${id}`, { method: 'PATCH', headers, json: { email: editEmail.email } });

  // The moderator's own address (from the token) is on the reply: moderators see it, the public does not.
  const editor = canary('moderator-reply', true);
  const editorToken = await stack.token({ sub: 'editor-1', name: 'The Editor', email: editor.email });
  await call('moderation-reply', 201, `/moderation/comments/${id}/reply`, { headers: auth(editorToken), json: { content: 'Thanks for writing.' } });

  await call('moderation-batch', 200, '/moderation/batch', { headers, json: { action: 'approve', ids: [others[2], others[3], 'not-an-id'] } });
  await call('moderation-delete', 204, `/moderation/comments/${others[4]}`, { method: 'DELETE', headers });
  await call('moderation-not-found', 404, '/moderation/comments/01ARZ3NDEKTSV4RRFFQ69G5FAV', { headers });
  await call('moderation-settings', 200, '/moderation/settings', { headers });
  await call('moderation-settings-put', 200, '/moderation/settings', { method: 'PUT', headers, json: { maxLinks: 3 } });
  await call('moderation-settings-bad', 400, '/moderation/settings', { method: 'PUT', headers, json: { maxLinks: -1 } });
  await call('moderation-post', 200, `/moderation/posts/${postId}`, { method: 'PUT', headers, json: { commentsOpen: true } });

  const noToken = canary('moderation-401', false);
  await call('moderation-401', 401, `/moderation/comments/${id}`, { method: 'PATCH', json: { author: noToken.email } });
  const reader = await stack.token({ sub: 'reader', groups: ['readers'], email: canary('moderation-403-token', false).email });
  await call('moderation-403', 403, '/moderation/comments?status=pending', { headers: auth(reader) });
}

async function privacyRoutes(): Promise<void> {
  const headers = auth(token);
  const exported = canaries.find((c) => c.label === 'json-ok')!;
  await call('privacy-export', 200, '/privacy/export', { headers, json: { email: exported.email.toUpperCase() } });
  const erased = canaries.find((c) => c.label === 'json-duplicate')!;
  await call('privacy-erase', 200, '/privacy/erase', { headers, json: { email: erased.email } });
  const heldByKey = canaries.find((c) => c.label === 'json-email-as-moderation-key')!;
  await call('privacy-erase-held-by-key', 200, '/privacy/erase', { headers, json: { email: heldByKey.email } });
  await call('privacy-export-after-erase', 200, '/privacy/export', { headers, json: { email: erased.email } });
  await call('privacy-export-invalid', 400, '/privacy/export', { headers, json: { email: canary('privacy-export-invalid', false, (t) => `${t}@@leak-test.example`).email } });
  await call('privacy-erase-too-long', 400, '/privacy/erase', { headers, json: { email: canary('privacy-erase-too-long', false, tooLong).email } });
  await call('privacy-erase-not-json', 415, '/privacy/erase', { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: canary('privacy-erase-not-json', false).email });
  await call('privacy-401', 401, '/privacy/export', { json: { email: canary('privacy-401', false).email } });
  const reader = await stack.token({ sub: 'reader', groups: [] });
  await call('privacy-403', 403, '/privacy/erase', { headers: auth(reader), json: { email: canary('privacy-403', false).email } });
}

/** Import and export: stored addresses reach moderators only; a refused one is named by its record, never echoed. */
async function importExportRoutes(postId: string): Promise<void> {
  const headers = auth(token);
  const record = (c: Canary, extra: Record<string, unknown> = {}) => ({
    externalId: `leak:${c.label}`,
    postId,
    author: `Author ${c.label}`,
    email: c.email,
    content: `Imported for ${c.label}.`,
    status: 'approved',
    createdAt: '2019-01-01T00:00:00Z',
    ip: '203.0.113.44',
    ...extra,
  });
  const imported = canary('import-ok', true);
  const pendingImport = canary('import-pending', true);
  await call('import', 200, '/moderation/import', {
    headers,
    json: {
      comments: [
        record(imported),
        record(pendingImport, { status: 'pending', parentExternalId: `leak:${imported.label}` }),
        record(canary('import-email-double-at', false, (t) => `${t}@@leak-test.example`)),
        record(canary('import-email-101-chars', false, tooLong)),
        record(canary('import-bad-status', false), { status: 'published' }),
      ],
    },
  });
  await call('import-again', 200, '/moderation/import', { headers, json: { comments: [record(imported)] } });
  await call('import-not-a-list', 400, '/moderation/import', { headers, json: { comments: canary('import-not-a-list', false).email } });
  await call('import-401', 401, '/moderation/import', { json: { comments: [record(canary('import-401', false))] } });
  await call('export', 200, `/moderation/export?postId=${postId}&limit=100`, { headers });
  await call('export-all', 200, '/moderation/export?limit=100', { headers });
  await call('export-bad-cursor', 400, '/moderation/export?cursor=bm9wZQ', { headers });
}

/** Pending comments whose authors keep their `unapproved` + `moderation-hash` pair (held: first-time authors). */
const ownPending: string[] = [];
async function ownPendingSubmissions(postId: string): Promise<void> {
  for (const [label, post] of [['json-own-pending', postId], ['json-demo-own-pending', DEMO_POST.id]] as const) {
    const answer = await call(label, 202, `/posts/${post}/comments`, { json: submission(canary(label, true)) });
    const { comment, moderationHash } = (await answer.json()) as { comment: { id: string }; moderationHash: string };
    ownPending.push(`unapproved=${comment.id}&moderation-hash=${moderationHash}`);
  }
}

async function publicReads(postId: string): Promise<void> {
  const first = await call('public-list', 200, `/posts/${postId}/comments?limit=1`);
  const { nextCursor } = (await first.json()) as { nextCursor: string | null };
  await call('public-list-next', 200, `/posts/${postId}/comments?limit=100&cursor=${nextCursor ?? ''}`);
  await call('public-list-demo', 200, `/posts/${DEMO_POST.id}/comments`);
  await call('public-list-bad-limit', 400, `/posts/${postId}/comments?limit=0`);
  await call('public-list-bad-cursor', 400, `/posts/${postId}/comments?cursor=bm90LWEtY3Vyc29y`);
  await call('demo-page', 200, '/');
  // The author's own pending comment, by its moderation hash: shown, and still no address.
  const [own, demoOwn] = ownPending;
  await call('public-list-own-pending', 200, `/posts/${postId}/comments?${own}`);
  await call('fragment', 200, `/posts/${postId}/comments.html`);
  await call('fragment-own-pending', 200, `/posts/${postId}/comments.html?${own}`);
  await call('fragment-bad-limit', 400, `/posts/${postId}/comments.html?limit=0`);
  await call('demo-page-own-pending', 200, `/?${demoOwn}`);
  await call('demo-page-replytocom', 200, `/?replytocom=${new URLSearchParams(own).get('unapproved')}`);
  await call('widget', 200, '/widget.js');
  await call('openapi', 200, '/openapi.json');
  await call('health', 200, '/health');
  await call('unknown-route', 404, '/wp-admin/');
  // The request log names the path: an address typed into one must not reach the log line.
  const inPath = canary('email-in-path', false);
  await call('email-in-path', 404, `/posts/${encodeURIComponent(inPath.email)}/comments`);
  await call('email-in-route', 404, `/${inPath.email}`);
  await call('cors-preflight', 204, `/posts/${postId}/comments`, { method: 'OPTIONS', headers: { origin: 'https://blog.example', 'access-control-request-method': 'POST' } });
}

/** The public pages of a notification's links, and the moderators' page before sign-in. */
async function moderationLinkPages(): Promise<void> {
  const held = notices.at(-1)!;
  await call('link-confirm', [200, 409], `/moderation-links/${held.links.trash}`);
  await call('link-act', [200, 409], `/moderation-links/${held.links.trash}`, { method: 'POST', headers: formHeaders(), body: '' });
  await call('link-used', 409, `/moderation-links/${held.links.trash}`, { method: 'POST', headers: formHeaders(), body: '' });
  await call('link-forged', 404, `/moderation-links/${held.commentId}a1.zzzzzz.${'A'.repeat(22)}`);
  await call('moderate-page', 200, '/moderate');
  await call('moderate-script', 200, '/moderate.js');
  await call('moderate-style', 200, '/moderate.css');
}

/** The per-IP rate limit (when there is one) answers without echoing the address either. */
async function rateLimit(postId: string): Promise<void> {
  await call('settings-for-rate-limit', 200, '/moderation/settings', { method: 'PUT', headers: auth(token), json: { ratePerIpPerMinute: 1, floodSeconds: 0 } });
  for (let i = 0; i < 3; i++) {
    await call(`rate-limit-${i}`, [202, 429], `/posts/${postId}/comments`, { json: submission(canary(`rate-limit-${i}`, false)), ip: '198.51.100.23' });
  }
}

/**
 * Moderators often list whole addresses as keys. The worker's reasons must name the rule,
 * not quote the key: else the address sits in clear in the stored reasons (and survives erase).
 */
async function emailsAsModerationKeys(): Promise<void> {
  // A post of their own: the moderator scenarios act on whatever else is pending.
  const path = `/posts/${uniquePostId('keys')}/comments`;
  const held = canary('json-email-as-moderation-key', true);
  const disallowed = canary('json-email-as-disallowed-key', true);
  // Set before the submissions: the worker decides with the settings a submission read (or newer ones).
  await call('settings-email-keys', 200, '/moderation/settings', { method: 'PUT', headers: auth(token), json: { moderationKeys: ['casino', held.email], disallowedKeys: [disallowed.email] } });
  await call('json-email-as-moderation-key', 202, path, { json: submission(held) });
  await call('json-email-as-disallowed-key', 202, path, { json: submission(disallowed) });
}

/** An author a moderator approved comes back: the queue message says so as a yes/no, and nothing else about them. */
async function returningAuthor(postId: string): Promise<void> {
  const returning = canary('json-returning-author', true);
  const path = `/posts/${postId}/comments`;
  const first = await call('json-returning-author', 202, path, { json: submission(returning) });
  await call('moderation-approve-returning', 200, `/moderation/comments/${await submittedId(first)}/approve`, { method: 'POST', headers: auth(token) });
  await call('json-returning-author-again', 202, path, { json: submission(returning, { content: 'Back again.' }) });
}

/** The moderator takes the addresses off the lists again: what stays in the table is the worker's doing. */
async function clearModerationKeys(): Promise<void> {
  await call('settings-keys-cleared', 200, '/moderation/settings', { method: 'PUT', headers: auth(token), json: { moderationKeys: [], disallowedKeys: [] } });
}

/** Code that hands personal data to the logger anyway: the redactor must catch it. */
function loggerProbes(): void {
  const probe = canary('logger-probe', false);
  logger.info('Probe with personal fields', { email: probe.email, request: { userAgent: 'LeakBrowser/1.0', ip: '203.0.113.9' }, note: `write to ${probe.email}` });
  logger.error('Probe with an error', { error: new Error(`Could not process ${probe.email}`) });
  logger.warn(`Probe in the message: ${probe.email}`);
}

beforeAll(async () => {
  logs = captureLogs();
  stack = await createTestStack();
  token = await stack.token();
  const postId = uniquePostId('leak');
  const closedPostId = uniquePostId('closed');
  await call('close-post', 200, `/moderation/posts/${closedPostId}`, { method: 'PUT', headers: auth(token), json: { commentsOpen: false } });

  const pendingId = await publicJsonRoutes(postId, closedPostId);
  await publicFormRoutes(postId, closedPostId, pendingId);
  await emailsAsModerationKeys();
  await runWorker();
  await clearModerationKeys();
  await ownPendingSubmissions(postId);
  await moderatorRoutes(postId, { pendingId });
  await privacyRoutes();
  await importExportRoutes(uniquePostId('leak-import'));
  await publicReads(postId);
  await moderationLinkPages();
  await rateLimit(postId);
  await returningAuthor(postId);
  loggerProbes();
  await runWorker();
  rawItems = await scanTable();
}, 120_000);

afterAll(() => logs?.stop());

// ---------------------------------------------------------------- assertions

describe('Leak test: canary addresses through every route', () => {
  it('drove every registered route, public and moderator (a new route needs its scenario here)', () => {
    const table = routeTable();
    const driven = observed.map((o) => o.route.split('?')[0]!);
    const matches = (route: RegisteredRoute) => {
      const pattern = new RegExp(`^${route.method.toUpperCase()} ${route.path.replace(/\{\w+\}/g, '[^/]+').replaceAll('.', '\\.')}$`);
      return driven.some((call) => pattern.test(call));
    };
    const notDriven = [...table.public, ...table.moderators].filter((route) => !matches(route)).map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(notDriven).toEqual([]);
  });

  it('drove every scenario to the answer it was meant to get', () => {
    const unexpected = observed.filter((o) => !o.expected.includes(o.status)).map((o) => `${o.label}: ${o.status} (${o.route}) ${o.body.slice(0, 200)}`);
    expect(unexpected).toEqual([]);
    expect(observed.length).toBeGreaterThan(60);
  });

  it('shows no canary in any public response body (pages, JSON, errors, redirects)', () => {
    const leaks = observed.filter((o) => o.surface === 'public').flatMap((o) => canariesIn(o.body).map((c) => `${o.label}: ${c}`));
    expect(leaks).toEqual([]);
  });

  it('shows no canary in any response header, Location of form redirects included', () => {
    const redirects = observed.filter((o) => o.status === 303).map((o) => new Map(o.headers).get('location'));
    expect(redirects.length).toBeGreaterThanOrEqual(3);
    for (const location of redirects) {
      expect(location).toMatch(/^https:\/\/blog\.example\/2026\/11\/a-post\/\?unapproved=([0-9A-Z]{26})&moderation-hash=[\w-]{43}#comment-\1$/);
    }
    const leaks = observed.flatMap((o) => o.headers.flatMap(([name, value]) => canariesIn(`${name}: ${value}`).map((c) => `${o.label} ${name}: ${c}`)));
    expect(leaks).toEqual([]);
  });

  it('shows stored addresses to moderators, and never one that was refused', () => {
    const moderatorText = observed.filter((o) => o.surface === 'moderator').map((o) => o.body).join('\n');
    const seen = new Set(canariesIn(moderatorText));
    expect(canaries.filter((c) => c.stored && !seen.has(c.label)).map((c) => c.label)).toEqual([]);
    expect(canaries.filter((c) => !c.stored && seen.has(c.label)).map((c) => c.label)).toEqual([]);
    // The export names the address it was asked for, exactly as stored.
    const exported = observed.find((o) => o.label === 'privacy-export')!;
    expect(exported.body).toContain(canaries.find((c) => c.label === 'json-ok')!.email);
  });

  it('writes no canary to any log line, while the run did log', () => {
    const lines = logs.lines();
    expect(lines.some((l) => l.includes('Comment moderated'))).toBe(true);
    expect(lines.some((l) => l.includes('Please moderate'))).toBe(true);
    expect(lines.some((l) => l.includes('Probe with an error'))).toBe(true);
    const leaks = lines.flatMap((line) => canariesIn(line).map((c) => `${c}: ${line.slice(0, 300)}`));
    expect(leaks).toEqual([]);
  });

  it('queues the comment id, a settings version and a yes/no, and nothing else: no address, no keyed lookup of one', async () => {
    expect(queueBodies.length).toBeGreaterThanOrEqual(10);
    for (const body of queueBodies) {
      expect(Object.keys(JSON.parse(body) as object)).toEqual(['commentId', 'settingsVersion', 'authorPreviouslyApproved']);
      expect(body).toMatch(/^\{"commentId":"[0-9A-Z]{26}","settingsVersion":\d+,"authorPreviouslyApproved":(true|false)\}$/);
    }
    // The returning author's second comment says yes: the field was exercised both ways.
    expect(new Set(queueBodies.map((body) => (JSON.parse(body) as { authorPreviouslyApproved: boolean }).authorPreviouslyApproved))).toEqual(new Set([true, false]));
    expect(queueBodies.flatMap(canariesIn)).toEqual([]);
    const emailKeys = await Promise.all(canaries.map((c) => stack.deps.hasher.emailKey(c.email.trim())));
    expect(emailKeys.filter((key) => queueBodies.some((body) => body.includes(key)))).toEqual([]);
  });

  it('notifies moderators of held comments without any address', () => {
    expect(notices.length).toBeGreaterThan(0);
    expect(stack.notifier.notices).toEqual(notices);
    expect(canariesIn(JSON.stringify(notices))).toEqual([]);
    expect(notificationTexts.flatMap(canariesIn)).toEqual([]);
  });

  it('stores no canary in the raw table: no plaintext in any case, no unkeyed md5/sha1/sha256 of it', () => {
    const strings = rawItems.flatMap((item) => stringsOf(item));
    // The search does find what is stored in clear (public author names), so a miss means something.
    expect(strings.some((s) => s.includes('Author json-ok'))).toBe(true);
    expect(strings.some((s) => s.startsWith('enc:v1:'))).toBe(true);
    // The addresses used as keys did match: the reasons name the rule and the field instead.
    expect(strings.some((s) => /^Moderation key 2 matched in the email\.$/.test(s))).toBe(true);
    expect(strings.some((s) => /^Disallowed key 1 matched in the email\.$/.test(s))).toBe(true);
    const leaks = rawItems.flatMap((item) => canariesIn(stringsOf(item).join('\n')).map((c) => `${c} in ${item.pk?.S} ${item.sk?.S}`));
    expect(leaks).toEqual([]);
  });
});
