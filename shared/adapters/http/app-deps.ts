import type { Context } from 'hono';
import type { PageSecurity } from './content-security-policy.ts';
import type { TokenVerifier } from '../../auth/token-verifier.ts';
import type { Actor, CommentServiceDeps, ExchangeDeps } from '../../use-cases/deps.ts';
import type { ModeratorSignIn } from './pages/moderator/moderator-page.ts';

/** What every route set is built from: the core's ports plus the edge's own needs. */
export interface HttpEdgeDeps extends CommentServiceDeps {
  /**
   * Checks moderator tokens: the moderators' routes, and the public submission, where a
   * moderator's token lifts the abuse limits.
   */
  verifier: TokenVerifier;
  /** Site origins allowed for redirects and CORS (the app's own origin always is). */
  siteOrigins: string[];
  /**
   * The app's public base URL (PUBLIC_URL): its origin is the app's own. Unset: the origin
   * the request reached, which on AWS is API Gateway's domain (locally it would be the Host header).
   */
  publicUrl?: string | null | undefined;
  /** The client's address from the runtime (API Gateway request context, or the socket). */
  clientIp: (c: Context) => string | null;
}

/** The visitors' routes (the public function). */
export interface PublicAppDeps extends HttpEdgeDeps {
  /** The built widget served at `/widget.js`, read on first use (a file beside the Lambda bundle, built at deploy time; built at start locally); absent: not built in. */
  widgetScript?: (() => string) | null | undefined;
  /** Serve the demo post at `/` (a showcase: on locally, off by default in production). */
  demoPost?: boolean;
  /** The OpenAPI document as JSON, built with the bundle and read on first use; absent: generated from the registered routes on first request. */
  openApiDocument?: (() => string) | null | undefined;
}

/** The moderators' routes (the moderators' function): the import store and the page's sign-in on top. */
export interface ModeratorAppDeps extends HttpEdgeDeps, ExchangeDeps {
  /** How the moderators' page signs in (default: a pasted or linked token). */
  signIn?: ModeratorSignIn;
}

/** Both route sets in one app: the local server and the tests. */
export type AppDeps = PublicAppDeps & ModeratorAppDeps;

/**
 * `returnTo`: the form's `redirect_to`, kept so a refused form post can link back to its page.
 * `pageSecurity`: what the HTML page being sent may load and run (./content-security-policy.ts).
 * `errorCode`: the error code of a refused request, for the request log line.
 */
export type AppEnv = { Variables: { actor: Actor; returnTo?: string; pageSecurity?: PageSecurity; errorCode?: string } };
