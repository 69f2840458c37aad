import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIN_FILL_MS } from '../../shared/domain/bot-traps.ts';
import { DEMO_POST } from '../../shared/adapters/http/pages/seed-post.ts';
import { launchBrowser, screenshot, seriousAccessibilityViolations } from '../support/browser.ts';
import { type RunningServer, serveOnLoopback } from '../support/http-server.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([createTestStack(), launchBrowser()]);
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
    await page.fill('#author', 'Hanako');
    await page.fill('#email', 'hanako-e2e@example.com');
    await page.fill('#comment', 'Posted from a real browser.');
    // The form is stamped with its render time; sooner than this is treated as a bot.
    await page.waitForTimeout(MIN_FILL_MS + 100);

    await Promise.all([page.waitForURL(/#comment-/), page.click('#submit')]);

    const url = new URL(page.url());
    expect(url.origin).toBe(server.origin);
    expect(url.hash).toMatch(/^#comment-[0-9A-Z]{26}$/);
    expect(url.href).not.toContain('hanako-e2e');
    const id = url.hash.slice('#comment-'.length);
    const stored = await stack.deps.comments.get(id);
    expect(stored).toMatchObject({ postId: DEMO_POST.id, author: 'Hanako', status: 'pending' });
    await screenshot(page, 'demo-page-after-post');
    await context.close();
  });
});
