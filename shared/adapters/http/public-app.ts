import type { Hono } from 'hono';
import * as z from 'zod';
import type { AppEnv, PublicAppDeps } from './app-deps.ts';
import { createEdgeApp, type RouteSet } from './edge-app.ts';
import type { ApiRoutes } from './openapi.ts';
import { registerPublicRoutes } from './routes/public-routes.ts';
import { registerVisitorRoutes } from './routes/visitor-routes.ts';

const DOCUMENT_INFO = {
  title: 'Leave A Reply — comment API',
  version: '1.0.0',
  description: 'WordPress-style comments: submit, list approved, moderate. Email addresses are never published.',
  // No licence has been chosen for this project yet: all rights reserved (SPDX's form for a licence without an id).
  license: { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' },
};

/** The OpenAPI document of every route registered on `routes` (the whole API when both route sets are). */
export function openApiDocument(routes: ApiRoutes<AppEnv>): Record<string, unknown> {
  return routes.document(DOCUMENT_INFO);
}

/**
 * What visitors use: submit and list comments, the HTML fragment, the widget, the demo post,
 * their own pending comment, and `/openapi.json` (built with the bundle on Lambda, see
 * infra/openapi-bundle.ts; otherwise generated from the registered routes on first request).
 */
export function publicRouteSet(deps: PublicAppDeps): RouteSet {
  return {
    register(routes: ApiRoutes<AppEnv>, app: Hono<AppEnv>, origins) {
      routes.add(
        {
          method: 'get',
          path: '/health',
          summary: 'Liveness',
          tags: ['meta'],
          storage: false,
          // Only the document reads it: built when it asks.
          get responses() {
            return { 200: { description: 'OK', schema: z.object({ ok: z.literal(true) }) } };
          },
        },
        (c) => c.json({ ok: true as const }, 200),
      );
      registerPublicRoutes(routes, deps, origins);
      registerVisitorRoutes(routes, app, deps, origins);
      let document: string | undefined;
      routes.addUndocumented('get', '/openapi.json', (c) => {
        document ??= deps.openApiDocument?.() ?? JSON.stringify(openApiDocument(routes));
        return c.body(document, 200, { 'content-type': 'application/json; charset=utf-8' });
      });
    },
  };
}

/** The public function's app: the visitors' routes alone. */
export function createPublicApp(deps: PublicAppDeps): Hono<AppEnv> {
  return createEdgeApp(deps, [publicRouteSet(deps)]).app;
}
