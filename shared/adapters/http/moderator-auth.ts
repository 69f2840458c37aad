import type { MiddlewareHandler } from 'hono';
import type { TokenVerifier } from '../../auth/token-verifier.ts';
import { UnauthorizedError } from '../../domain/errors.ts';
import type { AppEnv } from './app-deps.ts';
import { bearerToken } from './route-input.ts';

/** `Authorization: Bearer <JWT>` of a moderator, or 401/403. */
export const moderatorAuth = (verifier: TokenVerifier): MiddlewareHandler<AppEnv> =>
  async function moderatorAuth(c, next) {
    const token = bearerToken(c);
    if (token === null) throw new UnauthorizedError('A moderator bearer token is required.');
    c.set('actor', await verifier.verify(token));
    await next();
  };
