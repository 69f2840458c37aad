import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { AppEnv } from './app-deps.ts';
import type { OriginPolicy } from './origins.ts';

/** An inline `<script>` or `<style>` body and its CSP hash source (`'sha256-…'`). */
export interface InlineSource {
  readonly source: string;
  readonly hash: string;
}

function inlineSource(source: string): InlineSource {
  return { source, hash: `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'` };
}

/** Declare a page's inline script once, at module level: its hash is computed from the very text the page embeds. */
export const inlineScript = inlineSource;
export const inlineStyle = inlineSource;

/** What a page may load or run beyond nothing at all. */
export interface PageSecurity {
  /** Inline scripts the page embeds (rendered by the layout, allowed by hash). */
  scripts?: readonly InlineSource[];
  /** Inline `<style>` elements the page embeds. Style attributes are never allowed. */
  styles?: readonly InlineSource[];
  /** Extra sources, e.g. `'self'` for a page loading /widget.js or calling the API with fetch. */
  scriptSrc?: readonly string[];
  connectSrc?: readonly string[];
  imgSrc?: readonly string[];
}

/** An HTML page and what its policy must allow. */
export interface Page {
  html: HtmlEscapedString | Promise<HtmlEscapedString>;
  security: PageSecurity;
}

/**
 * The policy of an HTML page: `default-src 'none'`, then exactly what the page declared;
 * forms may post to the allowed origins only (the app's own and the sites', where the
 * 303 after a post leads), and no other site may frame the page.
 */
export function pagePolicy(security: PageSecurity, formTargets: Iterable<string>): string {
  const list = (...sources: Array<readonly string[] | undefined>) => sources.flatMap((s) => s ?? []);
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'none'"]],
    ['script-src', list(security.scripts?.map((s) => s.hash), security.scriptSrc)],
    ['style-src', list(security.styles?.map((s) => s.hash))],
    ['connect-src', list(security.connectSrc)],
    ['img-src', list(security.imgSrc)],
    ['form-action', [...formTargets]],
    ['frame-ancestors', ["'none'"]],
    ['base-uri', ["'none'"]],
  ];
  // An empty directive would read as "no restriction" to nobody, but says nothing: leave it to default-src.
  return directives
    .filter(([, sources]) => sources.length > 0)
    .map(([name, sources]) => `${name} ${[...new Set(sources)].join(' ')}`)
    .join('; ');
}

/** Anything that is not a page (JSON, errors) may load nothing and be framed by nobody. */
const NON_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'";

/**
 * Sets Content-Security-Policy on every response: the policy a page declared through
 * `sendPage`; else the route's own, if it wrote one; else the non-page one — so an HTML
 * answer that neither declares nor writes its policy fails loudly (no script, no style).
 */
export const contentSecurityPolicy = (origins: OriginPolicy): MiddlewareHandler<AppEnv> =>
  async function contentSecurityPolicy(c, next) {
    await next();
    const security = c.get('pageSecurity');
    if (security) c.res.headers.set('Content-Security-Policy', pagePolicy(security, origins.allowed(c)));
    // A route that writes its own policy (a page loading its own script and style files) keeps it.
    else if (!c.res.headers.has('Content-Security-Policy')) c.res.headers.set('Content-Security-Policy', NON_PAGE_POLICY);
  };

/**
 * Answers with an HTML page (at the status already set) under its own policy.
 *
 * @example
 * const SCRIPT = inlineScript(`document.body.dataset.ready = '1';`);
 * app.get('/demo', (c) => sendPage(c, page('Demo', html`<h1>Demo</h1>`, { scripts: [SCRIPT] })));
 */
export function sendPage(c: Context<AppEnv>, page: Page): Response | Promise<Response> {
  c.set('pageSecurity', page.security);
  return c.html(page.html);
}
