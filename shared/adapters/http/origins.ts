import type { Context } from 'hono';

/** The app's own origin plus the configured site origins. */
export function allowedOrigins(c: Context, siteOrigins: string[]): Set<string> {
  const own = new URL(c.req.url).origin;
  return new Set([own, ...siteOrigins.map(normaliseOrigin).filter((o): o is string => o !== null)]);
}

function normaliseOrigin(value: string): string | null {
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * Where a successful form post sends the browser: `redirect_to`, else the Referer,
 * only when on an allowed origin (no open redirect), with `query` (the author's
 * `unapproved` + `moderation-hash` pass) added and `#comment-{id}` appended.
 */
export function commentRedirect(
  c: Context,
  siteOrigins: string[],
  redirectTo: string | undefined,
  commentId: string,
  query: Record<string, string> = {},
): string | null {
  const allowed = allowedOrigins(c, siteOrigins);
  for (const candidate of [redirectTo, c.req.header('referer')]) {
    if (!candidate) continue;
    let url: URL;
    try {
      url = new URL(candidate, new URL(c.req.url).origin);
    } catch {
      continue;
    }
    if ((url.protocol === 'http:' || url.protocol === 'https:') && allowed.has(url.origin)) {
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      url.hash = `comment-${commentId}`;
      return url.href;
    }
  }
  return null;
}
