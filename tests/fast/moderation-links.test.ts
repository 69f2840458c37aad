/**
 * The one-click links in a held-comment notification, through the real path: submit,
 * the worker holds and notifies, then the links as a browser without JavaScript uses them.
 */

import { beforeEach, describe, expect, it } from 'vitest';
import { heldCommentMessage } from '../../shared/adapters/notify/notifiers.ts';
import { LINK_LIFETIME_MS } from '../../shared/domain/moderation-link.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { LINK_REQUESTS_PER_MINUTE } from '../../shared/use-cases/moderation-links.ts';
import { aSubmission, moderationTestSuite, randomIp, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

const suite = moderationTestSuite({ sub: 'mod-ana', makeStack: createMemoryStack });
beforeEach(async () => {
  // Every comment is held, so every test has a notification with links.
  await suite.stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, manualModeration: true });
});

/** Submits, lets the worker hold it, and answers the id and the notice's link tokens. */
async function heldComment(overrides: Record<string, unknown> = {}): Promise<{ id: string; links: { approve: string; spam: string; trash: string }; email: string }> {
  const submission = aSubmission(overrides);
  const res = await suite.stack.request(`/posts/${uniquePostId('links')}/comments`, { json: submission });
  expect(res.status).toBe(202);
  const id = ((await res.json()) as { comment: { id: string } }).comment.id;
  await suite.stack.drainQueue();
  const notice = suite.stack.notifier.notices.find((n) => n.commentId === id);
  expect(notice, 'a notice for the held comment').toBeDefined();
  return { id, links: notice!.links, email: String(submission.email) };
}

const link = (token: string, init: RequestInit & { ip?: string } = {}) => suite.stack.request(`/moderation-links/${token}`, { ip: randomIp(), ...init });
const post = (token: string) => link(token, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' });
const statusOf = async (id: string) => (await suite.stack.deps.comments.get(id))!.status;

describe('GET|POST /moderation-links/{token}', () => {
  it('the notification names post, author, excerpt, reasons, the three links and the page, never the email', async () => {
    const { id, links, email } = await heldComment({ author: 'Hanako', content: 'Links from the mail, please.' });
    const notice = suite.stack.notifier.notices.find((n) => n.commentId === id)!;

    const { body } = heldCommentMessage(notice, 'https://comments.example/');

    expect(body).toContain('Author: Hanako');
    expect(body).toContain('Links from the mail, please.');
    expect(body).toContain('Why it was held: Every comment must be approved manually.');
    expect(body).toContain(`Approve it: https://comments.example/moderation-links/${links.approve}`);
    expect(body).toContain(`Mark it as spam: https://comments.example/moderation-links/${links.spam}`);
    expect(body).toContain(`Move it to the trash: https://comments.example/moderation-links/${links.trash}`);
    expect(body).toContain('https://comments.example/moderate');
    expect(body).not.toContain(email);
    expect(JSON.stringify(notice.links)).not.toMatch(/@|example/);
  });

  it('GET shows a confirmation page (author, content, reasons, the action) and changes nothing', async () => {
    const { id, links } = await heldComment({ author: 'Kenji', content: 'Confirm before acting.' });

    const res = await link(links.approve);

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await res.text();
    expect(page).toContain('Approve this comment?');
    expect(page).toContain('Kenji');
    expect(page).toContain('Confirm before acting.');
    expect(page).toContain('Every comment must be approved manually.');
    expect(page).toMatch(/<form method="post">/);
    expect(await statusOf(id)).toBe('pending');
    // A mail scanner following it twice changes nothing either.
    expect((await link(links.approve)).status).toBe(200);
    expect(await statusOf(id)).toBe('pending');
  });

  it('POST acts once; the second POST answers 409 naming the current status', async () => {
    const { id, links } = await heldComment();

    const first = await post(links.approve);
    const second = await post(links.approve);

    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Approved.');
    expect(await statusOf(id)).toBe('approved');
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('it is now approved');
    expect((await link(links.approve)).status).toBe(409);
  });

  it('a sibling link is outdated once another one was used (spam after approve → 409)', async () => {
    const { id, links } = await heldComment();

    expect((await post(links.spam)).status).toBe(200);
    const res = await post(links.trash);

    expect(res.status).toBe(409);
    expect(await res.text()).toContain('it is now spam');
    expect(await statusOf(id)).toBe('spam');
  });

  it('a link is outdated when a moderator changed the comment since the notification (409)', async () => {
    const { id, links } = await heldComment();
    const edited = await suite.stack.request(`/moderation/comments/${id}`, { method: 'PATCH', headers: suite.auth, json: { content: 'Edited meanwhile.' } });
    expect(edited.status).toBe(200);

    const res = await post(links.approve);

    expect(res.status).toBe(409);
    expect(await statusOf(id)).toBe('pending');
  });

  it('an expired link answers 410 and changes nothing', async () => {
    const { id } = await heldComment();
    const comment = (await suite.stack.deps.comments.get(id))!;
    const expired = await suite.stack.deps.links.sign({ commentId: id, action: 'approve', version: comment.version, expiresAt: new Date(Date.now() - 1000) });

    const res = await post(expired);

    expect(res.status).toBe(410);
    expect(await res.text()).toContain('expired');
    expect(await statusOf(id)).toBe('pending');
  });

  it('a tampered, forged or malformed link answers 404 (as a page, never a 5xx)', async () => {
    const { id, links } = await heldComment();
    const tampered = links.approve.replace(/^(\w{26})a/, '$1s');
    const forged = `${id}a9.zzzzzz.${'A'.repeat(22)}`;

    for (const token of [tampered, forged, 'nope', 'a%00b', '.x', 'x'.repeat(300)]) {
      const [get, act] = [await link(token), await post(token)];
      expect([get.status, act.status], token).toEqual([404, 404]);
      expect(get.headers.get('content-type')).toMatch(/^text\/html/);
    }
    expect(await statusOf(id)).toBe('pending');
  });

  it('the links work for 7 days', async () => {
    const { links } = await heldComment();
    const claim = await suite.stack.deps.links.read(links.approve, new Date());

    expect(claim.expiresAt.getTime() - Date.now()).toBeGreaterThan(LINK_LIFETIME_MS - 60_000);
    expect(claim.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(LINK_LIFETIME_MS);
  });

  it('is rate limited per IP (429 with Retry-After), other addresses unaffected', async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i <= LINK_REQUESTS_PER_MINUTE; i++) statuses.push((await link('not-a-token', { ip })).status);

    expect(statuses.slice(0, LINK_REQUESTS_PER_MINUTE).every((s) => s === 404)).toBe(true);
    const limited = await link('not-a-token', { ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await link('not-a-token')).status).toBe(404);
  });

  it('needs no moderator token and ignores a bad one (public route)', async () => {
    const { links } = await heldComment();

    const res = await link(links.approve, { headers: { authorization: 'Bearer forged' } });

    expect(res.status).toBe(200);
  });
});
