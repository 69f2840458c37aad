import type { Hono } from 'hono';
import type { AppEnv, ModeratorAppDeps } from './app-deps.ts';
import { createEdgeApp, type RouteSet } from './edge-app.ts';
import { moderatorAuth } from './moderator-auth.ts';
import { MAX_IMPORT_BODY_BYTES } from './request-body.ts';
import { IMPORT_PATH, registerExchangeRoutes } from './routes/exchange-routes.ts';
import { registerModerationLinkRoutes } from './routes/moderation-link-routes.ts';
import { registerModerationRoutes } from './routes/moderation-routes.ts';
import { registerModeratorPage } from './routes/moderator-page-routes.ts';
import { registerPrivacyRoutes } from './routes/privacy-routes.ts';

/** Path prefixes where every route needs a moderator token (here, and at API Gateway's JWT authorizer). */
export const MODERATOR_TOKEN_PREFIXES = ['/moderation/', '/privacy/'] as const;

/**
 * What moderators use: every `/moderation/**` and `/privacy/**` route (token required),
 * the `/moderate` page and its files, and the one-click notification links. A new moderator
 * route goes into one of the route modules registered here, and nowhere else.
 */
export function moderatorRouteSet(deps: ModeratorAppDeps): RouteSet {
  return {
    largeBodies: { [IMPORT_PATH]: { maxBytes: MAX_IMPORT_BODY_BYTES, message: 'An import request may carry at most 5 MiB: send fewer records at once.' } },
    register(routes, app) {
      for (const prefix of MODERATOR_TOKEN_PREFIXES) app.use(`${prefix}*`, moderatorAuth(deps.verifier));
      registerModerationRoutes(routes, deps);
      registerModerationLinkRoutes(routes, deps);
      registerModeratorPage(routes, deps);
      registerPrivacyRoutes(routes, deps);
      registerExchangeRoutes(routes, deps);
    },
  };
}

/** The moderators' function's app: the moderators' routes alone. */
export function createModeratorApp(deps: ModeratorAppDeps): Hono<AppEnv> {
  return createEdgeApp(deps, [moderatorRouteSet(deps)]).app;
}
