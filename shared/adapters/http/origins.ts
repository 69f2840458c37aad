import type { Context } from 'hono';

/**
 * Which origins the app trusts for redirects, back links and CORS: its own and the
 * configured site origins, built once from configuration.
 */
export interface OriginPolicy {
  /** The app's own origin: the configured public URL's; without one, the origin the request reached (API Gateway's domain). */
  own(c: Context): string;
  allowed(c: Context): Set<string>;
  /**
   * `candidate` as an absolute http(s) URL on an allowed origin, without username and
   * password, or null. `relative`: a path is resolved against the app's own origin.
   */
  allowedUrl(c: Context, candidate: string | undefined, options?: { relative?: boolean }): URL | null;
}

/**
 * @param publicUrl The app's public base URL (PUBLIC_URL). The local Node server builds the
 *   request URL from the Host header, which any client writes: there it must be configured.
 */
export function originPolicy(siteOrigins: string[], publicUrl?: string | null): OriginPolicy {
  const sites = siteOrigins.map(normaliseOrigin).filter((o): o is string => o !== null);
  const configured = publicUrl ? normaliseOrigin(publicUrl) : null;
  const own = (c: Context) => configured ?? new URL(c.req.url).origin;
  const allowed = (c: Context) => new Set([own(c), ...sites]);
  return {
    own,
    allowed,
    allowedUrl(c, candidate, options = {}) {
      // Only a whole http(s) address unless relative ones are asked for (a link shows it as it is).
      if (!candidate || (!options.relative && !/^https?:\/\//i.test(candidate))) return null;
      let url: URL;
      try {
        url = new URL(candidate, own(c));
      } catch {
        return null;
      }
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !allowed(c).has(url.origin)) return null;
      // `https://evil@blog.example/` is on the allowed origin, but shows somebody else's name first.
      url.username = '';
      url.password = '';
      return url;
    },
  };
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
  origins: OriginPolicy,
  redirectTo: string | undefined,
  commentId: string,
  query: Record<string, string> = {},
): string | null {
  for (const candidate of [redirectTo, c.req.header('referer')]) {
    const url = origins.allowedUrl(c, candidate, { relative: true });
    if (url) {
      for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
      url.hash = `comment-${commentId}`;
      return url.href;
    }
  }
  return null;
}
