import type { MiddlewareHandler } from 'hono';
import { logger } from '../../observability/logger.ts';
import type { AppEnv } from './app-deps.ts';

/** Post ids and comment ids are of these characters; anything else in a path may be anything. */
const PLAIN_PATH = /^[A-Za-z0-9._~/-]{1,300}$/;

/**
 * One line per request, refused ones included: method, path, status, error code, ms.
 * Never the query string, headers or body (where personal data travels). A path with
 * other characters (`%40`, `@`…) is logged as its route pattern: someone may have typed
 * an address into it, in whatever encoding.
 */
export const requestLog = (): MiddlewareHandler<AppEnv> =>
  async function requestLog(c, next) {
    const started = performance.now();
    await next();
    const code = c.get('errorCode');
    logger.info('request', {
      method: c.req.method,
      path: PLAIN_PATH.test(c.req.path) ? c.req.path : `${c.req.routePath} (path withheld)`,
      status: c.res.status,
      ...(code ? { code } : {}),
      ms: Math.round(performance.now() - started),
    });
  };
