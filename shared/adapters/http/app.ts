import type { Hono } from 'hono';
import type { AppDeps, AppEnv } from './app-deps.ts';
import { createEdgeApp } from './edge-app.ts';
import { moderatorRouteSet } from './moderator-app.ts';
import { publicRouteSet } from './public-app.ts';

/**
 * Both route sets in one Hono app: what the local Node server and the tests serve. On AWS
 * each set is its own function (./public-app.ts, ./moderator-app.ts) and API Gateway routes
 * each path to its function (infra/constructs/comment-api.ts, from ./route-table.ts).
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  return createEdgeApp(deps, [publicRouteSet(deps), moderatorRouteSet(deps)]).app;
}
