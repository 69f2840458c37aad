import type { createRemoteJWKSet, JWTPayload } from 'jose';
import { toAuthorName } from '../domain/comment-input.ts';
import { ForbiddenError, UnauthorizedError } from '../domain/errors.ts';
import { MODERATORS_GROUP } from '../deployment-names.ts';
import type { Actor } from '../use-cases/deps.ts';

export const LOCAL_ISSUER = 'leave-a-reply-local';
export const LOCAL_AUDIENCE = 'leave-a-reply';

/** How far the issuer's clock may be ahead of ours (iat, nbf) or behind (exp). */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * jose is loaded with the first token checked, not at cold start: the public function sees a
 * token only on a moderator's submission (it lifts the abuse limits).
 */
const jose = () => import('./jose-verify.ts');

/** For jose's jwtVerify: a token without expiry or subject is never accepted. */
const CLAIM_RULES = { requiredClaims: ['exp', 'sub'], clockTolerance: CLOCK_SKEW_SECONDS };

/** Turns a bearer token into the moderator acting, or throws 401/403. */
export interface TokenVerifier {
  verify(token: string): Promise<Actor>;
}

/**
 * One verification path for both token kinds (jose does the cryptography and the
 * exp/nbf/iss checks; exp and sub are required, iat and nbf may be a minute ahead; the
 * algorithm is pinned, so `alg: none` or a swapped algorithm never verifies). Cognito puts
 * groups in `cognito:groups`, local tokens in `groups`.
 */
abstract class JwtVerifier implements TokenVerifier {
  async verify(token: string): Promise<Actor> {
    let payload: JWTPayload;
    try {
      payload = await this.check(token);
      // jose checks iat's type but not that it lies in the past.
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_SKEW_SECONDS) throw new Error('Issued in the future.');
    } catch {
      throw new UnauthorizedError('The token is missing, invalid or expired.');
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new UnauthorizedError('The token names no subject.');
    const groups = [payload['cognito:groups'], payload.groups].flatMap((g) => (Array.isArray(g) ? g : []));
    if (!groups.includes(MODERATORS_GROUP)) throw new ForbiddenError();
    // The first claim that is a usable name by the author rules (a reply publishes it).
    const name = [payload.name, payload['cognito:username'], payload.username, payload.sub].map((v) => (typeof v === 'string' ? toAuthorName(v) : null)).find((v) => v !== null) ?? 'Moderator';
    return { sub: payload.sub, name, email: typeof payload.email === 'string' ? payload.email : null };
  }

  protected abstract check(token: string): Promise<JWTPayload>;
}

/** Local stack and tests: HS256 with a secret the local stack generates into `.data/`. */
export class LocalTokenVerifier extends JwtVerifier {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    super();
    this.key = Buffer.from(secret, 'base64url');
  }

  protected async check(token: string): Promise<JWTPayload> {
    const { jwtVerify } = await jose();
    const { payload } = await jwtVerify(token, this.key, { ...CLAIM_RULES, algorithms: ['HS256'], issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE });
    return payload;
  }
}

/**
 * AWS: RS256 tokens of the Cognito user pool, keys from its JWKS (fetched on the
 * first moderator request, cached by jose). Id tokens carry the app client in
 * `aud`, access tokens in `client_id`.
 */
export class CognitoTokenVerifier extends JwtVerifier {
  private keySet: ReturnType<typeof createRemoteJWKSet> | undefined;

  constructor(
    private readonly issuer: string,
    private readonly clientId: string,
  ) {
    super();
  }

  /**
   * Made on the first token, not at import: jose's key set builds a `Headers`, which loads
   * Node's fetch implementation (undici) at import for a part only moderators use. (Hono's
   * Lambda adapter loads it on the first request anyway, so `npm run bench` shows this as
   * import time moved to the first request, not saved.) Kept for the life of the process.
   */
  private jwks(make: typeof createRemoteJWKSet): ReturnType<typeof createRemoteJWKSet> {
    this.keySet ??= make(new URL(`${this.issuer.replace(/\/$/, '')}/.well-known/jwks.json`));
    return this.keySet;
  }

  protected async check(token: string): Promise<JWTPayload> {
    const { jwtVerify, createRemoteJWKSet } = await jose();
    const { payload } = await jwtVerify(token, this.jwks(createRemoteJWKSet), { ...CLAIM_RULES, algorithms: ['RS256'], issuer: this.issuer });
    const audience = payload.token_use === 'access' ? payload.client_id : payload.aud;
    if (audience !== this.clientId || (payload.token_use !== 'id' && payload.token_use !== 'access')) {
      throw new Error('Token is for another client.');
    }
    return payload;
  }
}
