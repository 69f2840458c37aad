import type { Context } from 'hono';
import type { PageSecurity } from './content-security-policy.ts';
import type { TokenVerifier } from '../../auth/token-verifier.ts';
import type { Actor, CommentServiceDeps } from '../../use-cases/deps.ts';
import type { ModeratorSignIn } from './pages/moderator/moderator-page.ts';

/** What the HTTP app is built from: the core's ports plus the edge's own needs. */
export interface AppDeps extends CommentServiceDeps {
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
  /** How the moderators' page signs in (default: a pasted or linked token). */
  signIn?: ModeratorSignIn;
  /** The built widget served at `/widget.js` (built at deploy time for Lambda, at start locally); absent: not built in. */
  widgetScript?: string | null | undefined;
  /** Serve the demo post at `/` (a showcase: on locally, off by default in production). */
  demoPost?: boolean;
}

/**
 * `returnTo`: the form's `redirect_to`, kept so a refused form post can link back to its page.
 * `pageSecurity`: what the HTML page being sent may load and run (./content-security-policy.ts).
 * `errorCode`: the error code of a refused request, for the request log line.
 */
export type AppEnv = { Variables: { actor: Actor; returnTo?: string; pageSecurity?: PageSecurity; errorCode?: string } };
