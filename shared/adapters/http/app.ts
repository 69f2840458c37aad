import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import * as z from 'zod';
import { NotFoundError } from '../../domain/errors.ts';
import type { AppDeps, AppEnv } from './app-deps.ts';
import { errorJson } from './http-errors.ts';
import { moderatorAuth } from './moderator-auth.ts';
import { ApiRoutes } from './openapi.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { CORS_POLICY } from './cors-policy.ts';
import { originPolicy } from './origins.ts';
import { registerModerationLinkRoutes } from './routes/moderation-link-routes.ts';
import { registerModerationRoutes } from './routes/moderation-routes.ts';
import { registerModeratorPage } from './routes/moderator-page-routes.ts';
import { prefersHtml, registerPublicRoutes, submissionFailurePage } from './routes/public-routes.ts';
import { registerPrivacyRoutes } from './routes/privacy-routes.ts';
import { registerVisitorRoutes } from './routes/visitor-routes.ts';
import { MAX_BODY_BYTES, MAX_IMPORT_BODY_BYTES } from './request-body.ts';
import { requestLog } from './request-log.ts';
import { PayloadTooLargeError } from './transport-errors.ts';
import { IMPORT_PATH, registerExchangeRoutes } from './routes/exchange-routes.ts';

/**
 * The one Hono app: served by the local Node server and, unchanged, by the
 * Lambda handler behind API Gateway.
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const routes = new ApiRoutes(app);
  const origins = originPolicy(deps.siteOrigins, deps.publicUrl);

  app.use(requestLog());
  // docs/api.md: JSON answers are `application/json; charset=utf-8` (hono's c.json names no charset).
  app.use(async function jsonCharset(c, next) {
    await next();
    if (c.res.headers.get('content-type') === 'application/json') c.res.headers.set('content-type', 'application/json; charset=utf-8');
  });
  app.use(secureHeaders({ crossOriginResourcePolicy: false }));
  app.use(contentSecurityPolicy(origins));
  app.use(
    cors({
      origin: (origin, c) => (origins.allowed(c).has(origin) ? origin : null),
      allowMethods: [...CORS_POLICY.allowMethods],
      allowHeaders: [...CORS_POLICY.allowHeaders],
      exposeHeaders: [...CORS_POLICY.exposeHeaders],
      maxAge: CORS_POLICY.maxAgeSeconds,
    }),
  );
  // Import batches (500 records) get a larger limit than everything else, which stays at 128 KiB.
  const tooLarge = (message?: string) => (c: Context) => {
    // The unread body is still on the socket: a keep-alive client's next request
    // would be parsed from it. Closing the connection keeps pooled clients working.
    c.header('Connection', 'close');
    throw new PayloadTooLargeError(message);
  };
  const standardLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge() });
  const importLimit = bodyLimit({ maxSize: MAX_IMPORT_BODY_BYTES, onError: tooLarge('An import request may carry at most 5 MiB: send fewer records at once.') });
  app.use(async function limitBody(c, next) {
    return c.req.path === IMPORT_PATH ? importLimit(c, next) : standardLimit(c, next);
  });
  app.use('/moderation/*', moderatorAuth(deps.verifier));
  app.use('/privacy/*', moderatorAuth(deps.verifier));

  routes.add(
    { method: 'get', path: '/health', summary: 'Liveness', tags: ['meta'], storage: false, responses: { 200: { description: 'OK', schema: z.object({ ok: z.literal(true) }) } } },
    (c) => c.json({ ok: true as const }, 200),
  );
  registerPublicRoutes(routes, deps, origins);
  registerModerationRoutes(routes, deps);
  registerModerationLinkRoutes(routes, deps);
  registerModeratorPage(routes, app, deps);
  registerPrivacyRoutes(routes, deps);
  registerExchangeRoutes(routes, deps);
  registerVisitorRoutes(routes, app, deps, origins);

  app.get('/openapi.json', (c) =>
    c.json(
      routes.document({
        title: 'Leave A Reply — comment API',
        version: '1.0.0',
        description: 'WordPress-style comments: submit, list approved, moderate. Email addresses are never published.',
        // No licence has been chosen for this project yet: all rights reserved (SPDX's form for a licence without an id).
        license: { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' },
      }),
    ),
  );

  app.notFound((c) => errorJson(c, new NotFoundError('No such route.')));
  app.onError((error, c) => (prefersHtml(c) ? submissionFailurePage(c, error, origins) : errorJson(c, error)));
  return app;
}
