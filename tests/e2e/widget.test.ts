/**
 * The widget embedded in a blog on another origin (a second server on another port, listed
 * in SITE_ORIGINS), against the real API: CORS, the pending comment, replies, consent.
 * The blog page has a strict CSP, as careful sites do.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_FILL_MS } from '../../shared/domain/bot-traps.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from '../support/browser.ts';
import { type RunningServer, serveOnLoopback, staticSite } from '../support/http-server.ts';
import { AdjustableClock } from '../support/adjustable-clock.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';

let stack: TestStack;
let api: RunningServer;
let site: RunningServer;
let browser: Browser;
let auth: { authorization: string };
const pages: Record<string, string> = {};
const postId = uniquePostId('widget');
const pagedPostId = uniquePostId('paged');
const twoPendingPostId = uniquePostId('two-pending');

function blogPage(post: string, attributes = ''): string {
  const csp = `default-src 'none'; script-src ${api.origin}; connect-src ${api.origin}; style-src 'none'; img-src 'none'`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>A blog on another origin</title></head>
<body><main><h1>A post on someone's blog</h1><p>The comments below come from the comment API on another origin.</p>
<div id="leave-a-reply" data-post-id="${post}" ${attributes}></div></main>
<script src="${api.origin}/widget.js" async></script></body></html>`;
}

/** The server's clock: the minimum fill time passes on it, not in sleeps. */
const clock = new AdjustableClock();

beforeAll(async () => {
  [site, browser] = await Promise.all([serveOnLoopback(staticSite(pages)), launchBrowser()]);
  stack = await createTestStack({ SITE_ORIGINS: site.origin }, { clock });
  api = await serveOnLoopback(stack.app.fetch);
  auth = { authorization: `Bearer ${await stack.token()}` };
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
  pages['/post/'] = blogPage(postId);
  pages['/two-pending/'] = blogPage(twoPendingPostId);
  pages['/paged/'] = blogPage(pagedPostId, `data-page-size="2" data-strings='{"postComment":"Kommentar senden","loadMore":"Mehr laden"}'`);
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  await site?.close();
});

async function approve(id: string): Promise<void> {
  const res = await stack.request(`/moderation/comments/${id}/approve`, { method: 'POST', headers: auth });
  expect(res.status, `${id}: ${await res.text()}`).toBe(200);
}

async function openPost(page: Page, path = '/post/'): Promise<void> {
  await page.goto(`${site.origin}${path}`);
  // Loaded: the title no longer says so (it is hidden when only the author's pending comment is there).
  await expect.poll(() => page.locator('.comments-title').textContent(), { timeout: 10_000 }).toMatch(/^(?!Loading)./);
}

/** Evaluated in the page (strings: this project type-checks without the DOM library). */
const focusedId = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');
/** The identicon's squares (the placeholder is one grey square and no group). */
const identiconSquares = (page: Page, id: string) => page.locator(`#comment-${id} .avatar g rect`).count();
const submitBackground = (page: Page) => page.evaluate<string>("getComputedStyle(document.querySelector('#submit')).backgroundColor");

async function pendingOf(post: string): Promise<string[]> {
  return (await stack.deps.comments.list({ status: 'pending', postId: post }, { limit: 100 })).items.map((c) => c.id);
}

describe('The widget on a page of another origin', () => {
  let page: Page;
  let commentId: string;
  const errors: string[] = [];

  beforeAll(async () => {
    page = await (await browser.newContext({ locale: 'en-GB', timezoneId: 'Asia/Tokyo' })).newPage();
    page.on('console', (message) => {
      // The browser logs the 400 and 429 answers the tests provoke; anything else is a fault.
      if (message.type() === 'error' && !/Failed to load resource: the server responded with a status of (400|429)/.test(message.text())) errors.push(message.text());
    });
  });

  it('renders the count and the Leave A Reply form with WordPress ids, under a strict CSP, with no serious accessibility violations', async () => {
    await openPost(page);

    expect(await page.locator('.comments-title').textContent()).toBe('No comments yet.');
    for (const id of ['#author', '#email', '#url', '#comment', '#wp-comment-cookies-consent', '#submit']) expect(await page.locator(id).count(), id).toBe(1);
    expect(await page.locator('#submit').textContent()).toBe('Post Comment');
    expect(await page.textContent('#leave-a-reply')).toContain('Your email address will not be published.');
    expect(await page.locator('label[for=email]').textContent()).toContain('Email');
    // The scoped styles applied despite style-src 'none' (a constructed stylesheet).
    expect(await submitBackground(page)).toBe('rgb(31, 95, 191)');
    await screenshot(page, 'widget-1-empty');
    expect(errors).toEqual([]);
    // axe-core is injected as an inline script, which the page's CSP (rightly) refuses: checked in a twin without it.
    const twin = await (await browser.newContext({ bypassCSP: true })).newPage();
    await openPost(twin);
    expect(await seriousAccessibilityViolations(twin)).toEqual([]);
    await twin.context().close();
  });

  it('shows each field error next to its field', async () => {
    await page.fill('#author', 'Sakura');
    await page.fill('#email', 'not-an-email');
    await page.fill('#comment', 'Hello from another origin.');
    await page.click('#submit');

    await page.locator('#email-error').waitFor();
    expect(await page.locator('#email-error').textContent()).toMatch(/valid email/i);
    expect(await page.getAttribute('#email', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#email', 'aria-describedby')).toContain('email-error');
    expect(await focusedId(page)).toBe('email');
    expect(await page.locator('[role=status]').textContent()).toMatch(/correct/i);
    await screenshot(page, 'widget-2-field-error');
    expect(await pendingOf(postId)).toEqual([]);
    // Consent not ticked: nothing of the visitor is kept in the browser.
    expect(await page.evaluate<string | null>("localStorage.getItem('leave-a-reply:author')")).toBeNull();
  });

  it('posts once on a double click and shows the pending comment with the notice', async () => {
    await page.fill('#email', `sakura-${Date.now()}@example.com`);
    await page.check('#wp-comment-cookies-consent');
    clock.advance(MIN_FILL_MS + 100);
    await page.dblclick('#submit');

    await page.locator('.comment-awaiting-moderation').waitFor();
    expect(await page.locator('[role=status]').textContent()).toBe('Thank you. Your comment is awaiting moderation.');
    expect(await page.locator('#email-error').count()).toBe(0);
    const stored = await pendingOf(postId);
    expect(stored).toHaveLength(1);
    expect(JSON.parse((await page.evaluate<string | null>("localStorage.getItem('leave-a-reply:author')"))!)).toMatchObject({ author: 'Sakura' });
    commentId = stored[0]!;
    expect(await page.locator(`#comment-${commentId} .comment-awaiting-moderation`).textContent()).toBe('Your comment is awaiting moderation.');
    // The author's identicon at once, not a grey placeholder: the 202 answer carries the public seed.
    expect(await identiconSquares(page, commentId)).toBeGreaterThan(0);
    await screenshot(page, 'widget-3-pending');
  });

  it('still shows it after a reload, with the name remembered (consent ticked), dates in the visitor\'s locale', async () => {
    await openPost(page);

    expect(await page.locator(`#comment-${commentId} .comment-awaiting-moderation`).count()).toBe(1);
    expect(await identiconSquares(page, commentId)).toBeGreaterThan(0);
    expect(await page.locator('.comments-title').isHidden()).toBe(true);
    expect(await page.inputValue('#author')).toBe('Sakura');
    expect(await page.isChecked('#wp-comment-cookies-consent')).toBe(true);
    const time = page.locator(`#comment-${commentId} time`);
    const expected = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Tokyo' }).format(new Date((await time.getAttribute('datetime'))!));
    expect(await time.textContent()).toBe(expected);
    await screenshot(page, 'widget-4-pending-after-reload');

    // Another visitor does not see it.
    const stranger = await browser.newPage();
    await openPost(stranger);
    expect(await stranger.locator(`#comment-${commentId}`).count()).toBe(0);
    await stranger.close();
  });

  it('shows it as a normal comment once approved, and a reply nests under it once approved', async () => {
    await approve(commentId);
    await openPost(page);
    expect(await page.locator('.comments-title').textContent()).toBe('1 Comment');
    expect(await page.locator(`#comment-${commentId} .comment-awaiting-moderation`).count()).toBe(0);

    await page.click(`#comment-${commentId} .comment-reply-link`);
    expect(await page.locator(`#comment-${commentId} #respond`).count()).toBe(1);
    expect(await focusedId(page)).toBe('comment');
    await page.keyboard.type('A reply, typed with the keyboard only.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('submit');
    await screenshot(page, 'widget-5-reply-form-focus');
    // Quicker than a person types would be the fill-time bot trap (stored as spam).
    clock.advance(MIN_FILL_MS);
    await page.keyboard.press('Enter');
    await page.locator(`#comment-${commentId} .children .comment-awaiting-moderation`).waitFor();
    const replyId = (await pendingOf(postId))[0]!;
    await approve(replyId);

    await openPost(page);
    expect(await page.locator(`#comment-${commentId} > ol.children > #comment-${replyId}`).count()).toBe(1);
    expect(await page.locator('.comment-awaiting-moderation').count()).toBe(0);
    expect(await page.locator('.comments-title').textContent()).toBe('2 Comments');
    await screenshot(page, 'widget-6-reply-nested');
  });

  it('says how long to wait on 429 as people say it, in the visitor\'s locale', async () => {
    // Flood marks are written while the check is on: the first comment sets it, the next is too soon.
    await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 600 });
    await page.fill('#comment', 'One more thought.');
    await page.click('#submit');
    await page.locator('[role=status]', { hasText: 'Thank you' }).waitFor();
    await page.fill('#comment', 'And another, too soon.');
    await page.click('#submit');

    // Retry-After: 600 (or 599 a second later) reads "in 10 minutes", not "600 seconds".
    await page.locator('[role=status]', { hasText: 'You are posting too quickly. Please try again in 10 minutes.' }).waitFor();
    expect(await page.inputValue('#comment')).toBe('And another, too soon.');
    await screenshot(page, 'widget-7-wait');
    await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
  });

  it('follows the dark colour scheme', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await submitBackground(page)).toBe('rgb(138, 180, 248)');
    await screenshot(page, 'widget-8-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(errors).toEqual([]);
  });
});

describe('The widget: several pending comments of one visitor', () => {
  it('still shows an earlier pending comment after a later one, and forgets each once approved', async () => {
    const page = await browser.newPage();
    await openPost(page, '/two-pending/');
    await page.fill('#author', 'Kenji');
    await page.fill('#email', `kenji-${Date.now()}@example.com`);
    for (const [i, text] of ['My first thought.', 'My second thought.'].entries()) {
      await page.fill('#comment', text);
      clock.advance(MIN_FILL_MS + 100);
      await page.click('#submit');
      await expect.poll(() => page.locator('.comment-awaiting-moderation').count()).toBe(i + 1);
    }
    const [first, second] = (await pendingOf(twoPendingPostId)).sort();

    await openPost(page, '/two-pending/');
    for (const id of [first, second]) expect(await page.locator(`#comment-${id} .comment-awaiting-moderation`).count(), id).toBe(1);
    await screenshot(page, 'widget-10-two-pending-after-reload');

    await approve(first!);
    await openPost(page, '/two-pending/');
    expect(await page.locator('.comments-title').textContent()).toBe('1 Comment');
    expect(await page.locator(`#comment-${first} .comment-awaiting-moderation`).count()).toBe(0);
    expect(await page.locator(`#comment-${second} .comment-awaiting-moderation`).count()).toBe(1);
    const kept = JSON.parse((await page.evaluate<string | null>(`localStorage.getItem(${JSON.stringify(`leave-a-reply:pending:${api.origin}:${twoPendingPostId}`)})`))!) as Array<{ id: string }>;
    expect(kept.map((p) => p.id)).toEqual([second]);
    await page.close();
  });
});

describe('The widget: paging and strings', () => {
  it('loads further pages with "Load more", with strings from data-strings', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await stack.request(`/posts/${pagedPostId}/comments`, { json: aSubmission({ content: `Paged comment ${i}.` }) });
      await approve(((await res.json()) as { comment: { id: string } }).comment.id);
    }
    const page = await browser.newPage();
    await openPost(page, '/paged/');

    expect(await page.locator('.comment-list > li').count()).toBe(2);
    expect(await page.locator('#submit').textContent()).toBe('Kommentar senden');
    await page.click('text=Mehr laden');
    await page.locator('.comment-list > li').nth(2).waitFor();
    expect(await page.locator('.comment-list > li').count()).toBe(3);
    expect(await page.locator('.lar-more').isHidden()).toBe(true);
    await screenshot(page, 'widget-9-load-more');
    await page.close();
  });
});
