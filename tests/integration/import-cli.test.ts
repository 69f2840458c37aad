/**
 * `npm run import` / `npm run export` against the real app on a loopback HTTP server and the
 * emulators, with generated WordPress and Disqus exports: non-ASCII, threads four deep,
 * every status, pingbacks, a reply before its parent, HTML to sanitise.
 */

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiTarget } from '../../scripts/migrate/api-client.ts';
import { runExport } from '../../scripts/migrate/run-export.ts';
import { ImportStoppedError, runImport } from '../../scripts/migrate/run-import.ts';
import { dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { type DisqusPost, disqusDocument, type WxrComment, wxrDocument } from '../support/source-files.ts';
import { createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';

interface Served {
  stack: TestStack;
  target: ApiTarget;
  close(): Promise<void>;
}

async function served(): Promise<Served> {
  const stack = await createTestStack();
  const server = serve({ fetch: stack.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return { stack, target: { api: `http://127.0.0.1:${port}`, token: await stack.token() }, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const silent = { write: () => true };
const FAST_RETRY = { attempts: 2, baseMs: 10 };

let a: Served;
beforeAll(async () => {
  a = await served();
});
afterAll(async () => {
  await a.close();
});

type PublicList = { count: number; comments: Array<{ id: string; parentId: string | null; author: string; content: string; createdAt: string; avatar?: string | null }> };
async function publicList(stack: TestStack, postId: string): Promise<PublicList> {
  return (await (await stack.request(`/posts/${postId}/comments?limit=100`)).json()) as PublicList;
}
async function statusList(stack: TestStack, status: string, postId: string) {
  const response = await stack.request(`/moderation/comments?status=${status}&postId=${postId}&limit=100`, { headers: { authorization: `Bearer ${await stack.token()}` } });
  return ((await response.json()) as { comments: Array<{ externalId?: string; email: string; ip: string | null }> }).comments;
}

/** A WordPress post: a thread four deep whose deepest reply comes first in the file, every status, pingbacks, HTML. */
function wordpressComments(idOffset = 0): WxrComment[] {
  const base = { email: 'yuki@example.jp', ip: '203.0.113.7' };
  const comments: WxrComment[] = [
    { ...base, id: 14, parent: 13, author: 'Ольга', dateGmt: '2019-03-01 10:04:00', content: 'Четвёртый уровень.', approved: '1' },
    { ...base, id: 11, author: '雪', dateGmt: '2019-03-01 10:01:00', content: '最初のコメント 🎌\nSecond line.\n\nSecond paragraph.', approved: '1' },
    { ...base, id: 12, parent: 11, author: 'Zoë <b>Bold</b>', email: 'zoe@example.fr', dateGmt: '2019-03-01 10:02:00', content: 'Hi <script>alert(1)</script><a href="javascript:alert(2)" onclick="x()">click</a> <strong>ok</strong>', approved: '1' },
    { ...base, id: 13, parent: 12, author: 'Third', dateGmt: '2019-03-01 10:03:00', content: 'Level three.', approved: '1' },
    { ...base, id: 15, author: 'Pending Person', dateGmt: '2019-03-01 10:05:00', content: 'Waiting.', approved: '0' },
    { ...base, id: 16, author: 'Spammer', dateGmt: '2019-03-01 10:06:00', content: 'Buy now', approved: 'spam' },
    { ...base, id: 17, author: 'Trashed', dateGmt: '2019-03-01 10:07:00', content: 'Gone.', approved: 'trash' },
    { ...base, id: 18, author: 'Other blog', dateGmt: '2019-03-01 10:08:00', content: 'Linked to you', approved: '1', type: 'pingback' },
    { ...base, id: 19, author: 'Old blog', dateGmt: '2019-03-01 10:09:00', content: 'Tracked you', approved: '1', type: 'trackback' },
    { ...base, id: 20, author: 'Bad Email', email: 'not-an-email', dateGmt: '2019-03-01 10:10:00', content: 'Hello', approved: '1' },
    { ...base, id: 21, author: 'Silent', dateGmt: '2019-03-01 10:11:00', content: '   ', approved: '1' },
  ];
  return comments.map((c) => ({ ...c, id: c.id + idOffset, ...(c.parent ? { parent: c.parent + idOffset } : {}) }));
}

describe('npm run import: a WordPress export', () => {
  const postId = uniquePostId('wp');
  const other = uniquePostId('wp-other');
  const wxr = () =>
    file(
      `${postId}.xml`,
      wxrDocument([
        { id: 1, slug: postId, title: 'Ein Beitrag über Япония', comments: wordpressComments() },
        { id: 2, slug: other, title: 'Other', comments: [{ id: 31, author: 'Solo', email: 'solo@example.com', dateGmt: '2020-01-01 00:00:00', content: 'Only one.', approved: '1' }] },
      ]),
    );

  it('imports comments, threads, statuses and counts, skipping pingbacks and bad records with their reasons and lines', async () => {
    const reportFile = join(dir, 'wp-report.json');
    const lines: string[] = [];
    const summary = await runImport({ file: wxr(), target: a.target, reportFile, batchSize: 3 }, { write: (text: string) => lines.push(text) });
    expect(summary).toMatchObject({ format: 'wxr', total: 12, imported: 8, unchanged: 0 });
    expect(summary.skipped.map((s) => s.externalId).sort()).toEqual(['wxr:18', 'wxr:19', 'wxr:20', 'wxr:21']);
    expect(lines.at(-1)).toMatch(/^import: 12\/12 records \(100%\), [\d,]+\/s, ETA \S+; imported 8, unchanged 0, skipped 4\n$/);

    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as { skipped: Array<{ externalId: string; line: number; reason: string }> };
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.externalId, s]));
    expect(reasons['wxr:18']!.reason).toMatch(/^pingback/);
    expect(reasons['wxr:19']!.reason).toMatch(/^trackback/);
    expect(reasons['wxr:20']!.reason).toMatch(/^email: /);
    expect(reasons['wxr:21']!.reason).toMatch(/^content: /);
    for (const skip of report.skipped) expect(skip.line).toBeGreaterThan(20);

    const list = await publicList(a.stack, postId);
    expect(list.count).toBe(4);
    expect(list.comments.map((c) => c.author)).toEqual(['雪', 'Zoë Bold', 'Third', 'Ольга']);
    const [first, second, third, fourth] = list.comments;
    expect([first!.parentId, second!.parentId, third!.parentId, fourth!.parentId]).toEqual([null, first!.id, second!.id, third!.id]);
    expect(first!.content).toBe('<p>最初のコメント 🎌<br>\nSecond line.</p>\n<p>Second paragraph.</p>');
    expect(second!.content).not.toMatch(/script|javascript|onclick|alert\(1\)/);
    expect(second!.content).toContain('<strong>ok</strong>');
    expect(first!.createdAt).toBe('2019-03-01T10:01:00.000Z');
    expect((await publicList(a.stack, other)).count).toBe(1);

    expect((await statusList(a.stack, 'pending', postId)).map((c) => c.externalId)).toEqual(['wxr:15']);
    expect((await statusList(a.stack, 'spam', postId)).map((c) => c.externalId)).toEqual(['wxr:16']);
    expect((await statusList(a.stack, 'trash', postId)).map((c) => c.externalId)).toEqual(['wxr:17']);
    expect((await statusList(a.stack, 'approved', postId))[0]).toMatchObject({ email: 'yuki@example.jp', ip: '203.0.113.7' });
  });

  it('keeps email addresses encrypted at rest: nowhere in the table in clear', async () => {
    const items = await dynamoDbClient(a.stack.env).scan({ TableName: a.stack.env.TABLE_NAME });
    const dump = JSON.stringify(items.Items).toLowerCase();
    for (const email of ['yuki@example.jp', 'zoe@example.fr', 'solo@example.com']) expect(dump).not.toContain(email);
    expect(dump).not.toContain('203.0.113.7');
  });

  it('a second run changes nothing', async () => {
    const before = await publicList(a.stack, postId);
    const summary = await runImport({ file: wxr(), target: a.target, reportFile: join(dir, 'wp-again.json') }, silent);
    expect(summary).toMatchObject({ imported: 0, unchanged: 8 });
    expect(summary.skipped).toHaveLength(4);
    expect(await publicList(a.stack, postId)).toEqual(before);
  });
});

describe('npm run import: a Disqus export', () => {
  it('maps threads to posts, isSpam/isDeleted to statuses, and links a reply that comes before its parent', async () => {
    const byIdentifier = uniquePostId('dq');
    const byLink = uniquePostId('dq-link');
    const posts: DisqusPost[] = [
      { dsqId: '904', thread: 't1', parent: '903', author: 'Четвёртый', email: 'four@example.ru', message: '<p>Deepest, first in the file.</p>', createdAt: '2021-06-01T10:04:00Z' },
      { dsqId: '901', thread: 't1', author: 'Ana María', email: 'ana@example.es', ip: '2001:db8::7', message: '<p>¡Hola!</p><p>Dos párrafos<br>y una línea.</p>', createdAt: '2021-06-01T10:01:00Z' },
      { dsqId: '902', thread: 't1', parent: '901', author: 'Guest', message: '<p>Anonymous reply <img src=x onerror=alert(1)></p>', createdAt: '2021-06-01T10:02:00Z' },
      { dsqId: '903', thread: 't1', parent: '902', author: '三番目', email: 'three@example.jp', message: '<p>Third.</p>', createdAt: '2021-06-01T10:03:00Z' },
      { dsqId: '905', thread: 't1', author: 'Spam Bot', email: 'bot@example.com', message: '<p>cheap</p>', createdAt: '2021-06-01T10:05:00Z', isSpam: true },
      { dsqId: '906', thread: 't1', author: 'Deleted', email: 'del@example.com', message: '<p>removed</p>', createdAt: '2021-06-01T10:06:00Z', isDeleted: true },
      { dsqId: '907', thread: 't2', author: 'Linker', email: 'link@example.com', message: '<p>On the link thread.</p>', createdAt: '2021-06-02T00:00:00Z' },
      { dsqId: '908', thread: 't-missing', author: 'Lost', email: 'lost@example.com', message: '<p>Where?</p>', createdAt: '2021-06-02T00:00:00Z' },
    ];
    const path = file(
      `${byIdentifier}.xml`,
      disqusDocument(
        [
          { dsqId: 't1', identifier: byIdentifier, link: 'https://blog.example/ignored/', title: 'Thread one' },
          { dsqId: 't2', link: `https://blog.example/2021/${byLink}/`, title: 'Thread two' },
        ],
        posts,
      ),
    );
    const summary = await runImport({ file: path, target: a.target, reportFile: join(dir, 'dq-report.json'), batchSize: 2 }, silent);
    expect(summary).toMatchObject({ format: 'disqus', total: 8, imported: 7, unchanged: 0 });
    expect(summary.skipped).toEqual([expect.objectContaining({ externalId: 'disqus:908', reason: expect.stringMatching(/unknown thread/) })]);

    const list = await publicList(a.stack, byIdentifier);
    expect(list.count).toBe(4);
    expect(list.comments.map((c) => c.author)).toEqual(['Ana María', 'Guest', '三番目', 'Четвёртый']);
    const [one, two, three, four] = list.comments;
    expect([two!.parentId, three!.parentId, four!.parentId]).toEqual([one!.id, two!.id, three!.id]);
    expect(one!.content).toBe('<p>¡Hola!</p>\n<p>Dos párrafos<br>\ny una línea.</p>');
    expect(two!.content).not.toMatch(/onerror|img/);
    expect((await statusList(a.stack, 'spam', byIdentifier)).map((c) => c.externalId)).toEqual(['disqus:905']);
    expect((await statusList(a.stack, 'trash', byIdentifier)).map((c) => c.externalId)).toEqual(['disqus:906']);
    expect((await publicList(a.stack, byLink)).count).toBe(1);

    const again = await runImport({ file: path, target: a.target, reportFile: join(dir, 'dq-again.json') }, silent);
    expect(again).toMatchObject({ imported: 0, unchanged: 7 });
  });
});

describe('npm run import: bad input', () => {
  const sample = () => wxrDocument([{ id: 1, slug: uniquePostId('bad'), title: 'T', comments: wordpressComments().slice(1, 4) }]);

  it('--dry-run parses and validates only: nothing is sent, the report lists the reasons', async () => {
    const postId = uniquePostId('dry');
    const path = file('dry.xml', wxrDocument([{ id: 1, slug: postId, title: 'T', comments: wordpressComments() }]));
    const unreachable: ApiTarget = { api: 'http://127.0.0.1:9', token: 'x', fetch: () => Promise.reject(new Error('no request may be sent')) };
    const summary = await runImport({ file: path, target: unreachable, dryRun: true, reportFile: join(dir, 'dry.json') }, silent);
    expect(summary).toMatchObject({ total: 11, imported: 0 });
    expect(summary.skipped.map((s) => s.externalId).sort()).toEqual(['wxr:18', 'wxr:19', 'wxr:20', 'wxr:21']);
    expect((await publicList(a.stack, postId)).count).toBe(0);
  });

  it('a truncated file is refused before anything is sent, naming the line', async () => {
    const text = sample();
    const path = file('truncated.xml', text.slice(0, Math.floor(text.length * 0.7)));
    const error = await runImport({ file: path, target: a.target, reportFile: join(dir, 't.json') }, silent).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/truncated\.xml:\d+:\d+: unclosed tag: .*\(the file looks truncated\)/);
  });

  it('a malformed file is refused, naming the line and column', async () => {
    const text = sample().replace('</wp:comment_author>', '</wp:comment_autor>');
    const line = text.slice(0, text.indexOf('</wp:comment_autor>')).split('\n').length;
    const error = await runImport({ file: file('malformed.xml', text), target: a.target, reportFile: join(dir, 'm.json') }, silent).catch((e: Error) => e);
    expect((error as Error).message).toMatch(new RegExp(`malformed\\.xml:${line}:\\d+: `));
  });

  it('an unknown format is named as such', async () => {
    const path = file('feed.xml', '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom"></feed>');
    await expect(runImport({ file: path, target: a.target, reportFile: join(dir, 'u.json') }, silent)).rejects.toThrow(/unknown format: its root element <feed>/);
    await expect(runImport({ file: file('empty.json', 'not json'), target: a.target, reportFile: join(dir, 'u.json') }, silent)).rejects.toThrow(/unknown format/);
  });

  it('an interrupted import reports what was done, and running it again completes it', async () => {
    const postId = uniquePostId('resume');
    const comments: WxrComment[] = Array.from({ length: 9 }, (_, i) => ({ id: 100 + i, ...(i > 0 ? { parent: 99 + i } : {}), author: `R${i}`, email: `r${i}@example.com`, dateGmt: `2020-02-02 10:0${i}:00`, content: `Reply ${i}`, approved: '1' }));
    const path = file('resume.xml', wxrDocument([{ id: 1, slug: postId, title: 'T', comments }]));
    let calls = 0;
    const flaky: ApiTarget = { ...a.target, fetch: (input, init) => (++calls > 2 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init)) };
    const reportFile = join(dir, 'resume.json');
    const error = await runImport({ file: path, target: flaky, reportFile, batchSize: 3, retry: FAST_RETRY }, silent).catch((e: Error) => e);
    expect(error).toBeInstanceOf(ImportStoppedError);
    expect((error as Error).message).toMatch(/Stopped after 6 of 9 records: .*\nSo far: imported 6, unchanged 0, skipped 0\. Run the same command again/);
    expect(JSON.parse(readFileSync(reportFile, 'utf8'))).toMatchObject({ imported: 6, stoppedBy: expect.stringContaining('fetch failed') });

    const summary = await runImport({ file: path, target: a.target, reportFile }, silent);
    expect(summary).toMatchObject({ imported: 3, unchanged: 6, skipped: [] });
    const list = await publicList(a.stack, postId);
    expect(list.count).toBe(9);
    expect(list.comments.every((c, i) => i === 0 || c.parentId === list.comments[i - 1]!.id)).toBe(true);
  });
});

describe('the commands themselves', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  const run = (script: string, args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      // As npm runs it: from the project root, with INIT_CWD where the command was typed.
      execFile(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', script), ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: dir } }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('npm run import ends with one line on stdout, progress and the report on stderr; npm run export writes the file', async () => {
    const postId = uniquePostId('cmd');
    // Other comment ids than the WordPress test's: external ids are unique per stack.
    file('cmd.xml', wxrDocument([{ id: 1, slug: postId, title: 'T', comments: wordpressComments(1000) }]));
    const target = ['--api', a.target.api, '--token', a.target.token];

    const imported = await run('import.ts', ['cmd.xml', ...target]);
    expect(imported).toMatchObject({ code: 0, stdout: 'imported 7, unchanged 0, skipped 4\n' });
    expect(imported.stderr).toMatch(/^import: 0\/11 records/m);
    expect(imported.stderr).toContain(`wxr file, 11 comments. Skipped: 1 pingback, 1 trackback, 1 email, 1 content. Report: ${join(dir, 'cmd.xml.import-report.json')}`);

    const exported = await run('export.ts', ['cmd.json', ...target, '--post', postId]);
    expect(exported).toMatchObject({ code: 0, stdout: `exported 7 comments to ${join(dir, 'cmd.json')}\n` });
    expect((JSON.parse(readFileSync(join(dir, 'cmd.json'), 'utf8')) as { comments: unknown[] }).comments).toHaveLength(7);
  });

  it('exits 1 with a message naming the problem: unknown format, no file, a refused token', async () => {
    file('notes.txt', 'just some notes');
    expect(await run('import.ts', ['notes.txt', '--dry-run'])).toMatchObject({ code: 1, stdout: '', stderr: expect.stringMatching(/^import: .*notes\.txt: unknown format: it is neither XML nor JSON\.\n$/) });
    expect(await run('import.ts', [])).toMatchObject({ code: 1, stderr: expect.stringContaining('Usage: npm run import -- FILE') });
    file('one.json', JSON.stringify({ comments: [{ externalId: 'j:1', postId: 'p', author: 'A', content: 'x', status: 'approved', createdAt: '2020-01-01T00:00:00Z' }] }));
    const badToken = await run('import.ts', ['one.json', '--api', a.target.api, '--token', 'not-a-token']);
    expect(badToken).toMatchObject({ code: 1, stderr: expect.stringContaining('The API refused the token (401') });
  });
});

describe('npm run export', () => {
  it('round trip: an export imported into an empty stack gives the same public lists and counts', async () => {
    const exported = join(dir, 'export.json');
    const count = await runExport({ file: exported, target: a.target }, silent);
    const records = (JSON.parse(readFileSync(exported, 'utf8')) as { comments: Array<{ postId: string; status: string }> }).comments;
    expect(records.length).toBe(count);
    expect(count).toBeGreaterThan(20);

    const b = await served();
    try {
      const summary = await runImport({ file: exported, target: b.target, reportFile: join(dir, 'rt.json') }, silent);
      expect(summary).toMatchObject({ format: 'json', imported: count, unchanged: 0, skipped: [] });
      // Ids and avatars are keyed with each stack's own secret: compare by position instead.
      const shape = (list: PublicList) => {
        const position = new Map(list.comments.map((c, i) => [c.id, i]));
        return { count: list.count, comments: list.comments.map(({ id: _id, avatar: _avatar, parentId, ...rest }) => ({ ...rest, parent: parentId === null ? null : (position.get(parentId) ?? 'elsewhere') })) };
      };
      for (const postId of [...new Set(records.map((r) => r.postId))]) {
        expect(shape(await publicList(b.stack, postId))).toEqual(shape(await publicList(a.stack, postId)));
        for (const status of ['pending', 'spam', 'trash']) {
          expect((await statusList(b.stack, status, postId)).length).toBe((await statusList(a.stack, status, postId)).length);
        }
      }
      expect((await runImport({ file: exported, target: a.target, reportFile: join(dir, 'rt2.json') }, silent)).imported).toBe(0);
    } finally {
      await b.close();
    }
  });
});
