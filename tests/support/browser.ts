/**
 * Real Chromium for page tests, from the `@sparticuz/chromium` npm package (so `npm ci`
 * alone installs it) driven by playwright-core.
 */

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import chromium from '@sparticuz/chromium';
import { type Browser, type Page, chromium as playwright } from 'playwright-core';
import { MIN_FILL_MS } from '../../shared/domain/bot-traps.ts';
import { afterAll, beforeAll } from 'vitest';
import { AdjustableClock } from './adjustable-clock.ts';
import { type RunningServer, serveOnLoopback } from './http-server.ts';
import { createTestStack, type TestStack } from './test-stack.ts';

/** Flags of the package's defaults that would hide real failures, or cost CPU for nothing here. */
const DROPPED_FLAGS = new Set([
  // Turns CORS checks off: a cross-origin widget would pass with broken CORS.
  '--disable-web-security',
  // The browser exits when its last page closes.
  '--single-process',
  // WebGL through SwiftShader (software GL) in the browser process: these pages draw no WebGL, and
  // compositing every frame through it cost the e2e files ~40% more CPU than software compositing.
  '--ignore-gpu-blocklist',
  '--in-process-gpu',
  '--use-gl=angle',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
]);

/** Software compositing (what a machine without a GPU does anyway), instead of the flags dropped above. */
const ADDED_FLAGS = ['--disable-gpu'];

export const ARTIFACTS_DIR = join(import.meta.dirname, '..', '..', 'artifacts');

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await chromium.executablePath();
  const args = [...chromium.args.filter((flag) => !DROPPED_FLAGS.has(flag)), ...ADDED_FLAGS];
  return playwright.launch({ executablePath, args, headless: true });
}

/** Writes a full-page screenshot to `artifacts/<name>.png` (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated rather than added as a <script>: the pages' Content-Security-Policy refuses any script it did not declare.
  await page.evaluate(readFileSync(axeSource, 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: { run: () => Promise<{ violations: AxeViolation[] }> } }).axe.run();
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Fills the demo post's comment form and posts it once the minimum fill time has passed
 * (the form is stamped with its render time; sooner is treated as a bot). Resolves with
 * the address the browser comes back to, at `#comment-{id}`.
 */
export async function postCommentForm(page: Page, fields: { author: string; email: string; comment: string }, clock: AdjustableClock): Promise<URL> {
  await page.fill('#author', fields.author);
  await page.fill('#email', fields.email);
  await page.fill('#comment', fields.comment);
  // The server's clock moves on instead of the test sleeping: the form is as old as a person's would be.
  clock.advance(MIN_FILL_MS + 100);
  await Promise.all([page.waitForURL(/#comment-/), page.click('#submit')]);
  return new URL(page.url());
}

/** Collects what the page's Content-Security-Policy refused, as the browser reports it. */
export function policyViolations(page: Page): string[] {
  const refused: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
  });
  return refused;
}

/**
 * Hooks for a page test file: a test stack served on loopback and one Chromium, closed
 * after the file. Read `suite.stack`, `suite.server`, `suite.browser` and `suite.clock` (the server's) inside tests.
 */
export function browserTestSuite(): { stack: TestStack; server: RunningServer; browser: Browser; clock: AdjustableClock } {
  const suite = { clock: new AdjustableClock() } as { stack: TestStack; server: RunningServer; browser: Browser; clock: AdjustableClock };
  beforeAll(async () => {
    [suite.stack, suite.browser] = await Promise.all([createTestStack({}, { clock: suite.clock }), launchBrowser()]);
    suite.server = await serveOnLoopback(suite.stack.app.fetch);
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
