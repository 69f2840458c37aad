import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import { signedInPageLink } from '../../shared/adapters/http/pages/moderator/moderator-page.ts';
import { composeApp } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { browserTestSuite, screenshot, seriousAccessibilityViolations } from '../support/browser.ts';
import { serveOnLoopback } from '../support/http-server.ts';
import { aSubmission, uniquePostId } from '../support/test-stack.ts';

/** The moderators' page in a real browser, on the local stack's app and emulators. */
const suite = browserTestSuite();
beforeAll(async () => {
  await suite.stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
});

async function submit(postId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await suite.stack.request(`/posts/${postId}/comments`, { json: aSubmission(overrides) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

const statusOf = async (id: string) => (await suite.stack.deps.comments.get(id))?.status;

/** Console errors (CSP violations among them) and uncaught exceptions fail the test. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    // Refused requests (a 400 the page then shows) are the page's business; CSP violations are not.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

describe('The moderators’ page (/moderate) in a real browser', () => {
  it('signs in with the printed link, shows held comments with reasons, approves with the keyboard, bulk-spams two, edits a setting that takes effect', async () => {
    // Prepare: three first-time authors, held by "previously approved".
    const postId = uniquePostId('moderate');
    const first = await submit(postId, { author: 'Akiko First', email: 'akiko-e2e@example.com', content: 'Held, then approved with the a key.' });
    const second = await submit(postId, { author: 'Bob Second', content: 'Cheap pills, second.' });
    const third = await submit(postId, { author: 'Chris Third', content: 'Cheap pills, third.' });
    await suite.stack.drainQueue();
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);

    // Act: the link npm start prints.
    await page.goto(signedInPageLink(suite.server.origin, await suite.stack.token()));
    await page.locator(`tr[data-id="${first}"]`).waitFor();

    // Assess: signed in, the token gone from the address bar, the held comment with its personal data and reasons.
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.locator('#who').textContent()).toContain('Local Moderator');
    const row = page.locator(`tr[data-id="${first}"]`);
    expect(await row.textContent()).toContain('akiko-e2e@example.com');
    expect(await row.textContent()).toContain('The author has no previously approved comment.');
    expect(await row.textContent()).toContain(postId);
    const ids = await page.locator('#rows tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-id')));
    expect(ids.filter((id) => [first, second, third].includes(id!))).toEqual([first, second, third]);
    await screenshot(page, 'moderate-queue');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // Act: j/k to the first of ours, then "a".
    while ((await page.locator('tr.current').getAttribute('data-id')) !== first) await page.keyboard.press('j');
    await page.keyboard.press('k');
    await page.keyboard.press('j');
    if ((await page.locator('tr.current').getAttribute('data-id')) !== first) await page.keyboard.press('k');
    expect(await page.locator('tr.current').getAttribute('data-id')).toBe(first);
    await page.keyboard.press('a');
    await page.locator(`tr[data-id="${first}"]`).waitFor({ state: 'detached' });
    expect(await page.locator('#notice').textContent()).toContain('Approved');
    expect(await statusOf(first)).toBe('approved');

    // Act: bulk spam two.
    await page.locator(`tr[data-id="${second}"] input.pick`).check();
    await page.locator(`tr[data-id="${third}"] input.pick`).check();
    await page.selectOption('#bulk-action', 'spam');
    await page.click('#bulk button[type=submit]');
    await page.locator(`tr[data-id="${third}"]`).waitFor({ state: 'detached' });
    expect(await page.locator('#notice').textContent()).toContain('Marked as spam: 2 of 2');
    expect([await statusOf(second), await statusOf(third)]).toEqual(['spam', 'spam']);

    // Act: a disallowed word in the settings form.
    await page.fill('#setting-disallowedKeys', 'zeppelin-e2e');
    await page.click('#settings-form button[type=submit]');
    await page.locator('#notice', { hasText: 'Settings saved' }).waitFor();
    const next = await submit(postId, { content: 'A zeppelin-e2e flew by.' });
    await suite.stack.drainQueue();
    expect(await statusOf(next)).toBe('spam');

    // The history of the approved comment, per comment on the page.
    await page.click('.tabs [data-status="approved"]');
    await page.locator(`tr[data-id="${first}"] button[data-action="history"]`).click();
    const history = page.locator(`tr[data-id="${first}"] .history`);
    await history.waitFor();
    expect(await history.textContent()).toMatch(/submit by visitor[\s\S]*hold by worker[\s\S]*approve by moderator:local-moderator/);
    await screenshot(page, 'moderate-history');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('edits and replies from the keyboard (e, r), and shows a refused edit instead of swallowing it', async () => {
    const postId = uniquePostId('moderate-edit');
    const id = await submit(postId, { author: 'Dana Edit', content: 'Please fix my typo.' });
    await suite.stack.drainQueue();
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchErrors(page);
    await page.goto(signedInPageLink(suite.server.origin, await suite.stack.token()));
    await page.locator('#queue:not([hidden])').waitFor();
    await page.fill('#post-filter', postId);
    // The filtered list is answered and shown (the first, unfiltered one may still be on its way).
    await page.click('#filter button[type=submit]');
    await page.locator('table.comments[aria-busy="false"]').waitFor();
    await page.locator(`tr[data-id="${id}"]`).waitFor();
    expect(await page.locator('#rows tr').count()).toBe(1);

    await page.keyboard.press('e');
    await page.fill(`#edit-${id}-content`, '');
    await page.click(`tr[data-id="${id}"] .editor button[type=submit]`);
    await page.locator('#alert:not([hidden])').waitFor();
    expect(await page.locator('#alert').textContent()).toMatch(/content/i);

    await page.fill(`#edit-${id}-content`, 'Please fix my typo (fixed).');
    await page.click(`tr[data-id="${id}"] .editor button[type=submit]`);
    await page.locator('#notice', { hasText: 'Comment updated' }).waitFor();
    expect((await suite.stack.deps.comments.get(id))!.content).toContain('(fixed)');

    await page.keyboard.press('r');
    await page.fill(`#reply-${id}`, 'Thanks, fixed it for you.');
    await page.click(`tr[data-id="${id}"] .editor button[type=submit]`);
    await page.locator('#notice', { hasText: 'Reply published' }).waitFor();
    expect(await statusOf(id)).toBe('approved');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('without a token shows sign-in; a 401 sends the moderator back to it', async () => {
    const page = await suite.browser.newPage();
    await page.goto(`${suite.server.origin}/moderate`);
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.locator('#queue').isVisible()).toBe(false);

    await page.fill('#token-input', 'not-a-valid-token');
    await page.click('#token-form button[type=submit]');
    await page.locator('#alert:not([hidden])').waitFor();

    expect(await page.locator('#alert').textContent()).toContain('sign in again');
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(await page.evaluate("sessionStorage.getItem('moderator-token')")).toBeNull();
    await screenshot(page, 'moderate-sign-in-after-401');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('Notification links without JavaScript', () => {
  it('GET confirms and changes nothing, POST acts, the second POST is 409, an expired one 410, a tampered one 404', async () => {
    await suite.stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, manualModeration: true });
    const id = await submit(uniquePostId('links'), { author: 'Emi Link', content: 'Approve me from the mail.' });
    await suite.stack.drainQueue();
    await suite.stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
    const { links } = suite.stack.notifier.notices.find((n) => n.commentId === id)!;
    const context = await suite.browser.newContext({ javaScriptEnabled: false });
    const [mail, otherMail] = [await context.newPage(), await context.newPage()];
    const url = `${suite.server.origin}/moderation-links/${links.approve}`;

    // GET: the confirmation page, in two tabs (a double click from the mail).
    const confirm = await mail.goto(url);
    await otherMail.goto(url);
    expect(confirm!.status()).toBe(200);
    expect(await mail.locator('h1').textContent()).toBe('Approve this comment?');
    expect(await mail.textContent('body')).toContain('Approve me from the mail.');
    expect(await statusOf(id)).toBe('pending');
    await screenshot(mail, 'link-confirm');

    // POST: acts.
    const [done] = await Promise.all([mail.waitForNavigation(), mail.click('#confirm')]);
    expect(done!.status()).toBe(200);
    expect(await mail.locator('h1').textContent()).toContain('Approved.');
    expect(await statusOf(id)).toBe('approved');
    await screenshot(mail, 'link-done');

    // The second POST: 409 with the current status.
    const [again] = await Promise.all([otherMail.waitForNavigation(), otherMail.click('#confirm')]);
    expect(again!.status()).toBe(409);
    expect(await otherMail.textContent('body')).toContain('it is now approved');
    await screenshot(otherMail, 'link-used-409');

    // Expired: 410.
    const current = (await suite.stack.deps.comments.get(id))!;
    const expired = await suite.stack.deps.links.sign({ commentId: id, action: 'trash', version: current.version, expiresAt: new Date(Date.now() - 1000) });
    const gone = await mail.goto(`${suite.server.origin}/moderation-links/${expired}`);
    expect(gone!.status()).toBe(410);
    expect(await mail.locator('h1').textContent()).toBe('This link has expired');
    await screenshot(mail, 'link-expired-410');

    // Tampered: 404.
    const tampered = links.approve.replace(/^(\w{26})a/, '$1t');
    const forged = await mail.goto(`${suite.server.origin}/moderation-links/${tampered}`);
    expect(forged!.status()).toBe(404);
    expect(await mail.locator('h1').textContent()).toBe('This link is not valid');
    await screenshot(mail, 'link-tampered-404');
    expect(await statusOf(id)).toBe('approved');
    await context.close();

    // The pages' accessibility (axe needs JavaScript; the pages themselves do not).
    const checker = await suite.browser.newPage();
    for (const token of [links.spam, tampered]) {
      await checker.goto(`${suite.server.origin}/moderation-links/${token}`);
      expect(await seriousAccessibilityViolations(checker), token).toEqual([]);
    }
    await checker.close();
  });
});

/**
 * A stand-in for Cognito's managed login on loopback: it checks what the page sends
 * (authorization code flow, PKCE S256, state, redirect URI) the way Cognito does.
 */
function fakeManagedLogin(idToken: string) {
  const seen: { authorize?: URLSearchParams; token?: URLSearchParams; logout?: URLSearchParams } = {};
  const cors = (origin: string | null) => ({ 'access-control-allow-origin': origin ?? '*' });
  const fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (url.pathname === '/oauth2/authorize') {
      seen.authorize = url.searchParams;
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code: 'the-code', state: url.searchParams.get('state')! }).toString();
      return Response.redirect(back.href, 302);
    }
    if (url.pathname === '/oauth2/token' && request.method === 'POST') {
      const form = new URLSearchParams(await request.text());
      seen.token = form;
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      const valid = form.get('code') === 'the-code' && challenge === seen.authorize?.get('code_challenge') && form.get('redirect_uri') === seen.authorize?.get('redirect_uri');
      return valid
        ? Response.json({ id_token: idToken, access_token: 'unused', token_type: 'Bearer', expires_in: 3600 }, { headers: cors(request.headers.get('origin')) })
        : Response.json({ error: 'invalid_grant' }, { status: 400, headers: cors(request.headers.get('origin')) });
    }
    if (url.pathname === '/logout') {
      seen.logout = url.searchParams;
      return Response.redirect(url.searchParams.get('logout_uri')!, 302);
    }
    return new Response('not found', { status: 404 });
  };
  return { fetch, seen };
}

describe('The moderators’ page with Cognito managed login (authorization code + PKCE)', () => {
  it('signs in through the login domain, keeps no code in the address, and signs out there', async () => {
    const login = fakeManagedLogin(await suite.stack.token({ sub: 'cognito-mod', name: 'Cognito Moderator' }));
    const loginServer = await serveOnLoopback(login.fetch);
    const app = createApp({
      ...composeApp(suite.stack.env, { clientIp: () => '127.0.0.1' }),
      signIn: { kind: 'cognito', loginDomain: loginServer.origin, clientId: 'client-123' },
    });
    const pageServer = await serveOnLoopback(app.fetch);
    const page = await suite.browser.newPage();
    const errors = watchErrors(page);
    try {
      await page.goto(`${pageServer.origin}/moderate`);
      await Promise.all([page.waitForURL(`${pageServer.origin}/moderate`), page.click('#sign-in-cognito')]);
      await page.locator('#queue:not([hidden])').waitFor();

      expect(login.seen.authorize?.get('response_type')).toBe('code');
      expect(login.seen.authorize?.get('client_id')).toBe('client-123');
      expect(login.seen.authorize?.get('code_challenge_method')).toBe('S256');
      expect(login.seen.authorize?.get('redirect_uri')).toBe(`${pageServer.origin}/moderate`);
      expect(login.seen.token?.get('grant_type')).toBe('authorization_code');
      expect(page.url()).toBe(`${pageServer.origin}/moderate`);
      expect(await page.locator('#who').textContent()).toContain('Cognito Moderator');
      await screenshot(page, 'moderate-cognito-signed-in');

      await Promise.all([page.waitForURL(`${pageServer.origin}/moderate`), page.click('#sign-out')]);
      await page.locator('#sign-in:not([hidden])').waitFor();
      expect(login.seen.logout?.get('logout_uri')).toBe(`${pageServer.origin}/moderate`);
      expect(await page.evaluate("sessionStorage.getItem('moderator-token')")).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await page.close();
      await pageServer.close();
      await loginServer.close();
    }
  });
});
