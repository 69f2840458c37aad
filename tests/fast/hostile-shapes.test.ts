/**
 * Property-based: arbitrary JSON shapes, arbitrary submissions, arbitrary bytes (invalid
 * UTF-8), arbitrary forms, and huge and deeply nested bodies, at both routes. Every answer is
 * 202/303 or a structured 4xx — never 5xx — and what is accepted carries nothing executable.
 */

import fc from 'fast-check';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import type { AppEnv } from '../../shared/adapters/http/app-deps.ts';
import { composeApp } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { withFixedReads } from '../support/fixed-submission-reads.ts';
import { type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
let app: Hono<AppEnv>;
let postId: string;
let sequence = 0;

beforeAll(async () => {
  stack = await createMemoryStack();
  const settings = { ...DEFAULT_SETTINGS, floodSeconds: 0, ratePerIpPerMinute: 0, requireNameEmail: false };
  await stack.deps.settings.save(settings);
  // Settings and the post do not depend on the input: not read per request (tests/support/fixed-submission-reads.ts).
  const submissions = withFixedReads(stack.deps.submissions, settings);
  app = createApp(composeApp(stack.env, { ...stack.wiring, stores: { ...stack.wiring.stores, submissions }, clientIp: () => '198.51.100.2' }));
  postId = uniquePostId('shapes');
});

const API_CODES = new Set(['validation_failed', 'invalid_json', 'comments_closed', 'parent_not_approved', 'not_found', 'duplicate_comment', 'payload_too_large', 'unsupported_media_type', 'flood', 'rate_limited']);
const ALLOWED_TAGS = /^(a|abbr|acronym|b|blockquote|br|cite|code|del|em|i|p|q|s|strike|strong)$/i;

type Stored = { id: string; author: string; url: string | null; content: string };

/** Compact inertness check: allow-listed tags only, no handlers, no style, only http(s)/mailto links. */
function expectInert(comment: Stored, context: string): void {
  for (const [tag] of comment.content.matchAll(/<[^>]*>?/g)) {
    const name = /^<\/?([^\s>/]+)/.exec(tag)?.[1] ?? '';
    expect(ALLOWED_TAGS.test(name), `${context}: tag ${tag}`).toBe(true);
    expect(tag, context).not.toMatch(/\son[a-z]*\s*=|\sstyle\s*=/i);
    for (const [, url] of tag.matchAll(/\s(?:href|cite)="([^"]*)"/g)) expect(url, context).toMatch(/^(https?:\/\/|mailto:)/i);
  }
  expect(comment.author, context).not.toMatch(/[<>]/);
  if (comment.url !== null) expect(comment.url, context).toMatch(/^https?:\/\//i);
}

async function expectStructured(res: Response, context: string): Promise<number> {
  const text = await res.text();
  expect(res.status, `${context} → ${res.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.headers.get('content-type'), context).toMatch(/^application\/json/);
  const body = JSON.parse(text) as { comment?: Stored; error?: { code: string; message: string; fields?: Record<string, unknown> } };
  if (res.status === 202) {
    expectInert(body.comment!, context);
  } else {
    expect(res.status, context).toBeGreaterThanOrEqual(400);
    expect(API_CODES.has(body.error?.code ?? ''), `${context} → ${text.slice(0, 200)}`).toBe(true);
    expect(typeof body.error?.message, context).toBe('string');
    for (const message of Object.values(body.error?.fields ?? {})) expect(typeof message, context).toBe('string');
  }
  return res.status;
}

function post(body: string | Uint8Array, contentType: string | null, path = `/posts/${postId}/comments`): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (contentType !== null) headers['content-type'] = contentType;
  return Promise.resolve(app.request(path, { method: 'POST', headers, body }));
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';
const unique = () => `${++sequence}-${Math.random().toString(36).slice(2, 8)}`;

/** Fragments that XSS payloads are made of, recombined at random. */
const markup = fc
  .array(
    fc.constantFrom('<', '>', '</', '/>', 'script', 'img', 'svg', 'a', 'b', ' href=', ' src=', ' onerror=', ' onclick=', ' style=', '"', "'", '`', '=',
      'javascript:', 'data:', 'vbscript:', '&#x6A;', '&#106', '&colon;', '\t', '\n', '\u0000', 'alert(1)', 'expression(', 'url(', '<!--', '-->', '<![CDATA[', 'x'),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: 'grapheme', maxLength: 300 }), markup);
const anyValue = fc.oneof({ weight: 4, arbitrary: anyText }, { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: fc.constantFrom(null, true, 0, -1, 1e308, '', ' ') });

describe('Arbitrary JSON', () => {
  it('any JSON document as the body: a structured answer, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        await expectStructured(await post(JSON.stringify(value) ?? 'null', JSON_TYPE), `json ${JSON.stringify(value)?.slice(0, 200)}`);
      }),
      { numRuns: 150 },
    );
  });

  it('any values in the submission fields (and the bot-trap fields): accepted ones are stored inert', async () => {
    // Each field is hostile a third of the time and acceptable otherwise, so that many submissions reach storage.
    const or = (...acceptable: unknown[]) => fc.oneof({ arbitrary: anyValue, weight: 1 }, { arbitrary: fc.constantFrom(...acceptable), weight: 2 });
    const submission = fc.record(
      {
        author: or('Reader', 'Ünïcödé ✓ name'),
        email: or('', null, 'reader@example.com'),
        url: or(null, '', 'https://ok.example/page', 'ok.example'),
        content: fc.oneof(anyText, anyValue),
        parentId: or(null, ''),
        consent: or(true, false),
        hp_website: anyValue,
        form_rendered_at: anyValue,
      },
      { requiredKeys: [] },
    );
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(submission, async (fields) => {
        // A unique prefix to most string contents, so that they are not duplicates of each other.
        const body = typeof fields.content === 'string' && sequence++ % 4 !== 0 ? { ...fields, content: `${unique()} ${fields.content}` } : fields;
        if ((await expectStructured(await post(JSON.stringify(body), JSON_TYPE), `fields ${JSON.stringify(body).slice(0, 200)}`)) === 202) accepted++;
      }),
      { numRuns: 200 },
    );
    // About one in five passes every field (40–55 of 200 measured): a floor of 10 is not missed by chance.
    expect(accepted).toBeGreaterThan(10);
  });

  it('any markup soup as the content: stored inert', async () => {
    await fc.assert(
      fc.asyncProperty(markup, markup, async (content, author) => {
        await expectStructured(await post(JSON.stringify({ author, email: '', content: `${unique()} ${content}` }), JSON_TYPE), `markup ${JSON.stringify(content)}`);
      }),
      { numRuns: 150 },
    );
  });

  it('JSON with prototype keys, duplicate keys and odd numbers cannot change what is stored', async () => {
    const bodies = [
      `{"content":"proto ${unique()}","__proto__":{"status":"approved","moderation":{"decidedBy":"moderator"}}}`,
      `{"content":"constructor ${unique()}","constructor":{"prototype":{"status":"approved"}},"status":"approved","id":"01ARZ3NDEKTSV4RRFFQ69G5FAV"}`,
      `{"content":"first","content":"second ${unique()}","email":"","email":"a@example.com"}`,
      `{"content":"numbers ${unique()}","consent":1e400,"parentId":-0}`,
    ];
    for (const body of bodies) {
      const status = await expectStructured(await post(body, JSON_TYPE), body);
      if (status === 202) {
        const stored = await stack.deps.comments.list({ status: 'pending', postId }, { limit: 100 });
        expect(stored.items.every((c) => c.status === 'pending' && c.moderation.decidedBy === null)).toBe(true);
      }
    }
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });
});

describe('Arbitrary bytes and forms', () => {
  it('any bytes as a JSON or a form body (mostly invalid UTF-8): 400 invalid_json or another structured answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 400 }), fc.constantFrom(JSON_TYPE, FORM_TYPE), async (bytes, type) => {
        await expectStructured(await post(bytes, type), `${type} bytes ${Buffer.from(bytes).toString('hex').slice(0, 120)}`);
      }),
      { numRuns: 150 },
    );
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xc3]],
    ['an overlong slash', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['0xFF', [0xff]],
  ])('refuses %s inside a JSON string or a form value with 400 invalid_json', async (_, bad) => {
    const json = Buffer.concat([Buffer.from('{"author":"A","email":"","content":"x'), Buffer.from(bad), Buffer.from('"}')]);
    const form = Buffer.concat([Buffer.from('author=A&comment=x'), Buffer.from(bad)]);
    for (const [body, type] of [
      [json, JSON_TYPE],
      [form, FORM_TYPE],
    ] as const) {
      const res = await post(new Uint8Array(body), type);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
    }
  });

  it('percent-encoded invalid UTF-8 in a form is read as replacement characters, not an error', async () => {
    const status = await expectStructured(await post(`author=%FF%FE&email=&comment=${unique()}%C0%AF%ED%A0%80`, FORM_TYPE), 'percent-encoded');
    expect(status).toBe(202);
  });

  it('any form fields (names and values): a structured answer, never 5xx', async () => {
    const field = fc.oneof(fc.constantFrom('author', 'email', 'url', 'comment', 'comment_parent', 'comment_post_ID', 'wp-comment-cookies-consent', 'redirect_to', 'hp_website', 'form_rendered_at', '__proto__', 'constructor'), fc.string({ maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(field, anyText, { maxKeys: 12 }), async (fields) => {
        const form = new URLSearchParams(Object.entries(fields)).toString();
        await expectStructured(await post(form, FORM_TYPE), `form ${form.slice(0, 200)}`);
      }),
      { numRuns: 150 },
    );
  });
});

describe('Huge and deeply nested bodies', () => {
  /** Name, body, expected status: refused as a whole (400), or accepted with the hostile part sanitised (202). */
  const cases: Array<[string, () => string, number]> = [
    ['a 10 000-deep array', () => `${'['.repeat(10_000)}${']'.repeat(10_000)}`, 400],
    ['a 60 000-deep array (just under 128 KiB)', () => `${'['.repeat(60_000)}${']'.repeat(60_000)}`, 400],
    ['a 10 000-deep object', () => `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, 400],
    ['a 10 000-deep array as the content', () => `{"content":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 400],
    ['a 10 000-deep array as the parent', () => `{"content":"x","parentId":${'['.repeat(10_000)}${']'.repeat(10_000)}}`, 403],
    ['an object with 10 000 keys', () => JSON.stringify(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]))), 400],
    ['an array of 20 000 numbers', () => JSON.stringify(Array.from({ length: 20_000 }, (_, i) => i)), 400],
    ['a content of 65 526 characters (one too many)', () => JSON.stringify({ author: 'Long', email: '', content: 'x'.repeat(65_526) }), 400],
    ['a content of 12 000 nested <b> tags, a quarter closed', () => JSON.stringify({ email: '', content: `${unique()} ${'<b>'.repeat(12_000)}deep${'</b>'.repeat(3_000)}` }), 202],
    ['a content of 60 000 "<"', () => JSON.stringify({ email: '', content: `${unique()} ${'<'.repeat(60_000)}` }), 202],
    ['a content of 10 000 unclosed <svg', () => JSON.stringify({ email: '', content: `${unique()} ${'<svg '.repeat(10_000)}` }), 202],
    ['a content of 30 000 unclosed attributes', () => JSON.stringify({ email: '', content: `${unique()} <a href="${'x"'.repeat(30_000)}` }), 202],
    ['a content of 30 000 astral characters', () => JSON.stringify({ email: '', content: `${unique()} ${'😀'.repeat(30_000)}` }), 202],
  ];

  it.each(cases)('%s: a structured answer, never 5xx', async (name, body, expected) => {
    expect(await expectStructured(await post(body(), JSON_TYPE), name)).toBe(expected);
  });

  it('refuses a body over 128 KiB with 413 payload_too_large, at both routes', async () => {
    for (const [body, type] of [
      [JSON.stringify({ content: 'x'.repeat(131_072) }), JSON_TYPE],
      [`comment=${'x'.repeat(131_072)}`, FORM_TYPE],
    ]) {
      const res = await post(body!, type!);
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ error: { code: 'payload_too_large', message: expect.any(String) } });
    }
  });

  it('accepts the longest allowed content (65 525 characters)', async () => {
    expect(await expectStructured(await post(JSON.stringify({ email: '', content: `${unique()} ${'y'.repeat(65_500)}`.slice(0, 65_525) }), JSON_TYPE), 'longest')).toBe(202);
  });

  it.each([
    ['no content type', null],
    ['text/plain', 'text/plain'],
    ['multipart/form-data', 'multipart/form-data; boundary=x'],
    ['a garbage content type', ';;;==='],
  ])('answers %s with 415 unsupported_media_type', async (_, type) => {
    const res = await post('{"content":"x"}', type);
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unsupported_media_type');
  });

  it('answers an unusable post id with 404 in the error shape', async () => {
    for (const path of ['/posts/%00/comments', `/posts/${'p'.repeat(200)}/comments`, '/posts/-x/comments', '/posts/..%2F..%2Fetc/comments']) {
      const res = await post('{"content":"x"}', JSON_TYPE, path);
      expect(res.status, path).toBe(404);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});
