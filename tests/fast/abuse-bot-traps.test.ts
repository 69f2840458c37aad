/**
 * The honeypot and the minimum fill time: a trapped submission is answered exactly like a
 * person's (202, or 303 for the form), stored as spam with the reason, never queued, and
 * left alone by the worker and the sweeper. Absent trap fields punish nobody.
 */

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HONEYPOT_FIELD, MIN_FILL_MS, RENDERED_AT_FIELD } from '../../shared/domain/bot-traps.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';
import { sweepUnchecked } from '../../shared/use-cases/sweep-unchecked.ts';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
let auth: { authorization: string };

beforeAll(async () => {
  stack = await createMemoryStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, ratePerIpPerMinute: 0 });
});
beforeEach(async () => {
  await stack.receiveRaw();
});

type Submitted = { comment: { id: string; status: string } };
type Full = { id: string; status: string; previousStatus: string | null; moderation: { decidedBy: string | null; reasons: string[]; checkedAt: string | null } };

function formBody(fields: Record<string, string>): string {
  const n = Math.random().toString(36).slice(2, 10);
  return new URLSearchParams({ author: `Form ${n}`, email: `form-${n}@example.com`, comment: `Form comment ${n}`, redirect_to: 'https://blog.example/post', ...fields }).toString();
}

async function postForm(postId: string, fields: Record<string, string>): Promise<Response> {
  return stack.request(`/posts/${postId}/comments`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: formBody(fields) });
}

async function moderatorView(id: string): Promise<Full> {
  const res = await stack.request(`/moderation/comments/${id}`, { headers: auth });
  expect(res.status).toBe(200);
  return ((await res.json()) as { comment: Full }).comment;
}

function commentIdFrom(location: string | null): string {
  const match = /#comment-([0-9A-Z]{26})$/.exec(location ?? '');
  expect(match, String(location)).not.toBeNull();
  return match![1]!;
}

describe('The demo form', () => {
  it('carries a hidden honeypot and the server time it was rendered, inside the comment form', async () => {
    const before = Date.now();
    const page = await (await stack.request('/')).text();
    const form = page.slice(page.indexOf('<form'), page.indexOf('</form>'));

    const honeypot = new RegExp(`<input[^>]*name="${HONEYPOT_FIELD}"[^>]*>`).exec(form)?.[0] ?? '';
    expect(honeypot).toContain('tabindex="-1"');
    expect(honeypot).toContain('autocomplete="off"');
    expect(honeypot).toContain('value=""');
    // Off-screen by the page's stylesheet (the Content-Security-Policy allows no style attributes).
    expect(form).toMatch(/class="comment-form-hp" aria-hidden="true">/);
    expect(page).toMatch(/\.comment-form-hp\{position:absolute;left:-10000px/);
    const renderedAt = Number(new RegExp(`name="${RENDERED_AT_FIELD}" value="(\\d+)"`).exec(form)?.[1]);
    expect(renderedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(renderedAt).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe('Honeypot', () => {
  it('accepts a form post with the honeypot filled like any other (303 to the page) but stores it as spam, unqueued', async () => {
    // Prepare
    const postId = uniquePostId('trap');

    // Act
    const res = await postForm(postId, { [HONEYPOT_FIELD]: 'https://cheap-pills.example', [RENDERED_AT_FIELD]: String(Date.now() - 60_000) });

    // Assess
    expect(res.status).toBe(303);
    // Exactly like any other comment: the author's pending pass too (it shows nothing for spam).
    expect(res.headers.get('location')).toMatch(/^https:\/\/blog\.example\/post\?unapproved=[0-9A-Z]{26}&moderation-hash=[\w-]{43}#comment-/);
    const stored = await moderatorView(commentIdFrom(res.headers.get('location')));
    expect(stored).toMatchObject({ status: 'spam', previousStatus: 'pending', moderation: { decidedBy: 'rules', reasons: [expect.stringContaining(HONEYPOT_FIELD)] } });
    expect(stored.moderation.checkedAt).not.toBeNull();
    expect(await stack.receiveRaw()).toEqual([]);
  });

  it('answers a JSON bot exactly as a person: 202, status pending, the same fields', async () => {
    const postId = uniquePostId('trap');
    const person = await stack.request(`/posts/${postId}/comments`, { json: aSubmission() });
    const bot = await stack.request(`/posts/${postId}/comments`, { json: aSubmission({ [HONEYPOT_FIELD]: 'x' }) });

    expect(bot.status).toBe(person.status);
    const [personBody, botBody] = [(await person.json()) as Submitted, (await bot.json()) as Submitted];
    expect(Object.keys(botBody.comment).sort()).toEqual(Object.keys(personBody.comment).sort());
    expect(botBody.comment.status).toBe('pending');
    expect((await moderatorView(botBody.comment.id)).status).toBe('spam');
  });

  it('leaves an empty or absent honeypot alone', async () => {
    const postId = uniquePostId('trap');
    const empty = await postForm(postId, { [HONEYPOT_FIELD]: '' });
    const absent = await stack.request(`/posts/${postId}/comments`, { json: aSubmission() });

    expect((await moderatorView(commentIdFrom(empty.headers.get('location')))).status).toBe('pending');
    expect((await moderatorView(((await absent.json()) as Submitted).comment.id)).status).toBe('pending');
    expect(await stack.receiveRaw()).toHaveLength(2);
  });
});

describe('Minimum fill time', () => {
  it(`stores a form sent back less than ${MIN_FILL_MS / 1000} s after it was rendered as spam, with the reason`, async () => {
    const postId = uniquePostId('fast');
    const res = await postForm(postId, { [RENDERED_AT_FIELD]: String(Date.now() - 800) });

    expect(res.status).toBe(303);
    const stored = await moderatorView(commentIdFrom(res.headers.get('location')));
    expect(stored.status).toBe('spam');
    expect(stored.moderation.reasons).toEqual([expect.stringMatching(/^Sent 0\.\d s after the form was shown/)]);
  });

  it('accepts a form filled in at human speed, and render times in seconds (PHP time()) as well as milliseconds', async () => {
    const postId = uniquePostId('slow');
    const millis = await postForm(postId, { [RENDERED_AT_FIELD]: String(Date.now() - 12_000) });
    const seconds = await postForm(postId, { [RENDERED_AT_FIELD]: String(Math.floor(Date.now() / 1000) - 30) });
    const tooFastSeconds = await stack.request(`/posts/${postId}/comments`, { json: aSubmission({ [RENDERED_AT_FIELD]: Math.floor(Date.now() / 1000) }) });

    expect((await moderatorView(commentIdFrom(millis.headers.get('location')))).status).toBe('pending');
    expect((await moderatorView(commentIdFrom(seconds.headers.get('location')))).status).toBe('pending');
    expect((await moderatorView(((await tooFastSeconds.json()) as Submitted).comment.id)).status).toBe('spam');
  });

  it.each([
    ['absent', {}],
    ['not a number', { [RENDERED_AT_FIELD]: 'yesterday' }],
    ['negative', { [RENDERED_AT_FIELD]: -5 }],
    ['an object', { [RENDERED_AT_FIELD]: { at: 1 } }],
    ['days in the future', { [RENDERED_AT_FIELD]: Date.now() + 3 * 86_400_000 }],
  ])('does not punish a render time that is %s', async (_, fields) => {
    const res = await stack.request(`/posts/${uniquePostId('ignored')}/comments`, { json: aSubmission(fields) });

    expect(res.status).toBe(202);
    expect((await moderatorView(((await res.json()) as Submitted).comment.id)).status).toBe('pending');
  });
});

describe('A trapped comment after it is stored', () => {
  it('is left as it is by the worker and never re-queued by the sweeper; a moderator can still restore it', async () => {
    // Prepare
    const res = await stack.request(`/posts/${uniquePostId('trap')}/comments`, { json: aSubmission({ [HONEYPOT_FIELD]: 'bot', [RENDERED_AT_FIELD]: Date.now() }) });
    const { id } = ((await res.json()) as Submitted).comment;

    // Act
    const outcome = await moderateComment(stack.deps, id);
    const requeued = await sweepUnchecked({ backlog: stack.deps.backlog, telemetry: stack.deps.telemetry, queue: { enqueue: async (commentId) => void expect(commentId).not.toBe(id) }, now: new Date(), stuckAfterMs: 0 });
    const restored = await stack.request(`/moderation/comments/${id}/restore`, { method: 'POST', headers: auth });

    // Assess
    expect(outcome).toBe('already-decided');
    expect(requeued).toBeGreaterThanOrEqual(0);
    expect(restored.status).toBe(200);
    expect(((await restored.json()) as { comment: Full }).comment.status).toBe('pending');
  });

  it('counts as a duplicate, like any spam: the same comment again is refused with 409', async () => {
    const postId = uniquePostId('trap');
    const body = aSubmission({ [HONEYPOT_FIELD]: 'bot' });
    expect((await stack.request(`/posts/${postId}/comments`, { json: body })).status).toBe(202);

    expect((await stack.request(`/posts/${postId}/comments`, { json: body })).status).toBe(409);
  });
});
