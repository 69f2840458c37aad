import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { secureHeaders } from 'hono/secure-headers';
import { NotFoundError } from '../../domain/errors.ts';
import type { AppEnv, HttpEdgeDeps } from './app-deps.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';
import { CORS_POLICY } from './cors-policy.ts';
import { errorJson } from './http-errors.ts';
import { ApiRoutes } from './openapi.ts';
import { type OriginPolicy, originPolicy } from './origins.ts';
import { MAX_BODY_BYTES } from './request-body.ts';
import { requestLog } from './request-log.ts';
import { PayloadTooLargeError } from './transport-errors.ts';
import { prefersHtml, submissionFailurePage } from './routes/public-routes.ts';

/** A body limit above the standard 128 KiB, for one path. */
export interface LargeBody {
  maxBytes: number;
  /** The 413 answer's message. */
  message: string;
}

/**
 * A group of routes served by one Lambda function (./public-app.ts, ./moderator-app.ts);
 * locally and in the tests every set is mounted in one app (./app.ts).
 */
export interface RouteSet {
  /** Paths allowed a larger body than the standard limit. */
  largeBodies?: Record<string, LargeBody>;
  register(routes: ApiRoutes<AppEnv>, app: Hono<AppEnv>, origins: OriginPolicy): void;
}

/**
 * The edge every route set shares (request log, security headers, CSP, CORS, body limits,
 * errors in API.md's shape), with the given route sets registered in order.
 */
export function createEdgeApp(deps: Pick<HttpEdgeDeps, 'siteOrigins' | 'publicUrl'>, routeSets: readonly RouteSet[]): { app: Hono<AppEnv>; routes: ApiRoutes<AppEnv> } {
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
  app.use(limitBodies(routeSets));
  for (const set of routeSets) set.register(routes, app, origins);

  app.notFound((c) => errorJson(c, new NotFoundError('No such route.')));
  app.onError((error, c) => (prefersHtml(c) ? submissionFailurePage(c, error, origins) : errorJson(c, error)));
  return { app, routes };
}

/** 128 KiB for every body, except the paths a route set allows more (import batches: 5 MiB). */
function limitBodies(routeSets: readonly RouteSet[]) {
  const tooLarge = (message?: string) => (c: Context) => {
    // The unread body is still on the socket: a keep-alive client's next request
    // would be parsed from it. Closing the connection keeps pooled clients working.
    c.header('Connection', 'close');
    throw new PayloadTooLargeError(message);
  };
  const standard = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge() });
  const larger = new Map(
    routeSets.flatMap((set) => Object.entries(set.largeBodies ?? {})).map(([path, limit]) => [path, bodyLimit({ maxSize: limit.maxBytes, onError: tooLarge(limit.message) })]),
  );
  return async function limitBody(c: Context<AppEnv>, next: () => Promise<void>) {
    return (larger.get(c.req.path) ?? standard)(c, next);
  };
}
