import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_FILL_MS } from '../../shared/domain/bot-traps.ts';
import { DEMO_POST } from '../../shared/adapters/http/pages/seed-post.ts';
import { launchBrowser, postCommentForm, screenshot, seriousAccessibilityViolations } from '../support/browser.ts';
import { type RunningServer, serveOnLoopback } from '../support/http-server.ts';
import { AdjustableClock } from '../support/adjustable-clock.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let server: RunningServer;
let browser: Browser;
/** The server's clock: the minimum fill time passes on it, not in sleeps. */
const clock = new AdjustableClock();

beforeAll(async () => {
  [stack, browser] = await Promise.all([createTestStack({}, { clock }), launchBrowser()]);
  server = await serveOnLoopback(stack.app.fetch);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('The demo post in a real browser', () => {
  it('renders the Leave A Reply form with no serious accessibility violations', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/`);

    expect(await page.locator('#author').isVisible()).toBe(true);
    expect(await page.locator('#reply-title').textContent()).toMatch(/Leave a Reply/i);
    expect(await page.textContent('body')).toContain('Your email address will not be published.');
    await screenshot(page, 'demo-page-form');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });

  it('posts the form without JavaScript and comes back to the page at the new comment', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);

    const url = await postCommentForm(page, { author: 'Hanako', email: 'hanako-e2e@example.com', comment: 'Posted from a real browser.' }, clock);

    expect(url.origin).toBe(server.origin);
    expect(url.hash).toMatch(/^#comment-[0-9A-Z]{26}$/);
    expect(url.href).not.toContain('hanako-e2e');
    const id = url.hash.slice('#comment-'.length);
    const stored = await stack.deps.comments.get(id);
    expect(stored).toMatchObject({ postId: DEMO_POST.id, author: 'Hanako', status: 'pending' });
    await screenshot(page, 'demo-page-after-post');
    await context.close();
  });

  it('without JavaScript: the pending comment shows with the notice, after a reload too, then as a normal comment once approved; replies via ?replytocom', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await page.fill('#author', 'Kenji');
    await page.fill('#email', `kenji-${Date.now()}@example.com`);
    await page.fill('#comment', 'Waiting for a moderator, visibly.');
    clock.advance(MIN_FILL_MS + 100);
    await Promise.all([page.waitForURL(/#comment-/), page.click('#submit')]);

    const url = new URL(page.url());
    const id = url.searchParams.get('unapproved')!;
    expect(url.searchParams.get('moderation-hash')).toMatch(/^[\w-]{43}$/);
    const mine = page.locator(`#comment-${id}`);
    expect(await mine.locator('.comment-awaiting-moderation').textContent()).toBe('Your comment is awaiting moderation.');
    expect(await mine.locator('.comment-content').textContent()).toContain('Waiting for a moderator, visibly.');
    await screenshot(page, 'demo-nojs-1-pending-after-post');
    await page.reload();
    expect(await page.locator(`#comment-${id} .comment-awaiting-moderation`).count()).toBe(1);
    // Nobody else sees it.
    const stranger = await context.newPage();
    await stranger.goto(`${server.origin}/`);
    expect(await stranger.locator(`#comment-${id}`).count()).toBe(0);
    await stranger.close();

    const token = await stack.token();
    expect((await stack.request(`/moderation/comments/${id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await page.goto(`${server.origin}/`);
    expect(await page.locator(`#comment-${id}`).count()).toBe(1);
    expect(await page.locator(`#comment-${id} .comment-awaiting-moderation`).count()).toBe(0);
    await screenshot(page, 'demo-nojs-2-approved');

    // Reply without JavaScript: the link reloads the page with the form under the comment.
    await page.click(`#comment-${id} .comment-reply-link`);
    expect(new URL(page.url()).searchParams.get('replytocom')).toBe(id);
    expect(await page.locator(`#comment-${id} #respond #commentform`).count()).toBe(1);
    expect(await page.locator('#reply-title-text').textContent()).toBe('Reply to Kenji');
    await page.fill('#author', 'Mariko');
    await page.fill('#email', `mariko-${Date.now()}@example.com`);
    await page.fill('#comment', 'A reply, without any JavaScript.');
    await screenshot(page, 'demo-nojs-3-reply-form-under-comment');
    clock.advance(MIN_FILL_MS + 100);
    await Promise.all([page.waitForURL(/unapproved=/), page.click('#submit')]);
    const replyId = new URL(page.url()).searchParams.get('unapproved')!;
    expect(await page.locator(`#comment-${id} > ol.children > #comment-${replyId} .comment-awaiting-moderation`).count()).toBe(1);
    await screenshot(page, 'demo-nojs-4-pending-reply-nested');
    await context.close();
  });

  it('with JavaScript: dates in the visitor\'s language and time zone', async () => {
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    const times = page.locator('.comment-list time');
    expect(await times.count()).toBeGreaterThan(0);
    const datetime = await times.first().getAttribute('datetime');
    const expected = new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(new Date(datetime!));
    expect(await times.first().textContent()).toBe(expected);
    await screenshot(page, 'demo-js-localised-dates');
    await context.close();
  });

  it('a refused form post: the failure page goes back to the form with what was typed', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/`);
    await page.fill('#author', 'Yuki');
    // Valid for the browser's type=email check, not for WordPress's is_email (no dot in the domain).
    await page.fill('#email', 'yuki@localhost');
    await page.fill('#comment', 'Typed with care; must not be lost.');
    await Promise.all([page.waitForURL(/\/posts\//), page.click('#submit')]);
    expect(await page.locator('h1').textContent()).toBe('Comment Submission Failure');
    await screenshot(page, 'demo-failure-page');

    await Promise.all([page.waitForURL(`${server.origin}/`), page.click('#back-to-form')]);

    expect(await page.inputValue('#comment')).toBe('Typed with care; must not be lost.');
    expect(await page.inputValue('#author')).toBe('Yuki');
    await page.close();
  });
});
