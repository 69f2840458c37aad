/**
 * The HTML pages carry a strict Content-Security-Policy: nothing loads or runs but what the
 * page declares (its own inline script, by hash), forms post only to allowed origins, and
 * no other site may frame them. Checked in a real browser, which is what enforces it.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POST } from '../../shared/adapters/http/pages/seed-post.ts';
import { browserTestSuite, policyViolations, postCommentForm, screenshot } from '../support/browser.ts';
import { aSubmission } from '../support/test-stack.ts';

const suite = browserTestSuite();

beforeAll(async () => {
  // One approved comment, so that the page has a Reply link for its script to wire.
  const { stack } = suite;
  const res = await stack.request(`/posts/${DEMO_POST.id}/comments`, { json: aSubmission({ author: 'Csp Reader' }) });
  const { comment } = (await res.json()) as { comment: { id: string } };
  await stack.request(`/moderation/comments/${comment.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${await stack.token()}` } });
  await stack.receiveRaw();
});

const directives = (policy: string | null) =>
  new Map((policy ?? '').split(';').map((d) => d.trim()).filter(Boolean).map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1)] as const));

describe('Content-Security-Policy of the HTML pages', () => {
  it('is strict on the demo post: default-src none, the script by hash, forms to allowed origins, no framing', async () => {
    // Act
    const res = await suite.stack.request('/');

    // Assess
    const policy = directives(res.headers.get('content-security-policy'));
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual([expect.stringMatching(/^'sha256-[A-Za-z0-9+/]{43}='$/)]);
    expect(policy.get('form-action')).toEqual(expect.arrayContaining(['http://localhost', 'https://blog.example']));
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect([...policy.values()].flat().join(' ')).not.toMatch(/unsafe-eval|\*/);
  });

  it('is on the form failure page too', async () => {
    // Act
    const res = await suite.stack.request(`/posts/${DEMO_POST.id}/comments`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'comment=' });

    // Assess
    expect(res.status).toBe(400);
    expect(directives(res.headers.get('content-security-policy')).get('default-src')).toEqual(["'none'"]);
  });

  it("lets the page's own script run and blocks any other inline script (the one violation reported)", async () => {
    // Prepare: a script slipped into the page (as an injection would be) must not run.
    const context = await suite.browser.newContext();
    const page = await context.newPage();
    const refused = policyViolations(page);
    await page.route(`${suite.server.origin}/`, async (route) => {
      const response = await route.fetch();
      const body = (await response.text()).replace('</body>', '<script>document.title = "injected";</script></body>');
      await route.fulfill({ response, body });
    });

    // Act
    await page.goto(`${suite.server.origin}/`);
    await page.click('.comment-reply-link');

    // Assess
    expect(await page.title()).not.toBe('injected');
    expect(await page.locator('#reply-title-text').textContent()).toBe('Reply to Csp Reader');
    expect(refused).toHaveLength(1);
    await screenshot(page, 'csp-demo-page-reply');
    await context.close();
  });

  it('lets the form post with scripts on, and the browser follow the answer back to the page', async () => {
    // Prepare
    const page = await suite.browser.newPage();
    const refused = policyViolations(page);
    await page.goto(`${suite.server.origin}/`);

    // Act
    const url = await postCommentForm(page, { author: 'Scripted Reader', email: 'scripted-e2e@example.com', comment: 'Posted with scripts on, under a strict policy.' }, suite.clock);

    // Assess
    expect(url.origin).toBe(suite.server.origin);
    expect(refused).toEqual([]);
    await page.close();
  });
});
