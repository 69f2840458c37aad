import type { MiddlewareHandler } from 'hono';
import { logger } from '../../observability/logger.ts';
import type { AppEnv } from './app-deps.ts';

/**
 * One line per request, refused ones included: method, path, status, error code, ms.
 * Never the query string, headers or body (where personal data travels); the path
 * still passes the logger's redactor.
 */
export const requestLog = (): MiddlewareHandler<AppEnv> =>
  async function requestLog(c, next) {
    const started = performance.now();
    await next();
    const code = c.get('errorCode');
    logger.info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ...(code ? { code } : {}),
      ms: Math.round(performance.now() - started),
    });
  };
