import type { MiddlewareHandler } from 'hono';
import type { TokenVerifier } from '../../auth/token-verifier.ts';
import { UnauthorizedError } from '../../domain/errors.ts';
import type { AppEnv } from './app-deps.ts';

/** `Authorization: Bearer <JWT>` of a moderator, or 401/403. */
export const moderatorAuth = (verifier: TokenVerifier): MiddlewareHandler<AppEnv> =>
  async function moderatorAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
    if (!match) throw new UnauthorizedError('A moderator bearer token is required.');
    c.set('actor', await verifier.verify(match[1]!));
    await next();
  };
