/**
 * Moderator routes refuse every token that is not a valid, unexpired moderator token of
 * this deployment: 401 `unauthorized` (missing, malformed, `alg: none`, another key, another
 * algorithm, expired, not yet valid, another audience or issuer), 403 `forbidden` (valid, but
 * not in the moderators group) — in docs/api.md's error shape. Both verifiers: local (HS256) and
 * Cognito (RS256 from the user pool's JWKS, served here by a local server).
 */

import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../shared/auth/token-verifier.ts';
import { createMemoryStack } from '../support/memory-stack.ts';
import { tokenRoutes } from '../support/route-list.ts';
import type { TestStack } from '../support/test-stack.ts';

/** Every moderator and privacy route, as registered (tests/support/route-list.ts). */
const MODERATOR_ROUTES = tokenRoutes();

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const nowSeconds = () => Math.floor(Date.now() / 1000);

async function expectRefused(res: Response, status: 401 | 403, context: string): Promise<void> {
  const text = await res.text();
  expect(res.status, `${context}: ${text}`).toBe(status);
  expect(res.headers.get('content-type'), context).toMatch(/^application\/json/);
  expect(JSON.parse(text), context).toEqual({ error: { code: status === 401 ? 'unauthorized' : 'forbidden', message: expect.any(String) } });
  expect(text, context).not.toMatch(/at \w+ \(|node_modules|JWS|JWT[A-Z]\w+Error/);
}

function call(stack: TestStack, route: [string, string, unknown?], authorization?: string): Promise<Response> {
  const [method, path, body] = route;
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  return body === undefined ? stack.request(path, { method, headers }) : stack.request(path, { method, headers, json: body });
}

/** Same claims, no signature: the classic `alg: none` forgery (and its case variants). */
function unsigned(claims: JWTPayload, alg = 'none'): string {
  return `${b64({ alg, typ: 'JWT' })}.${b64(claims)}.`;
}

describe('Local tokens (HS256)', () => {
  let stack: TestStack;
  let secret: Uint8Array;
  const list: [string, string] = ['GET', '/moderation/comments?status=pending'];

  const claims = (overrides: JWTPayload = {}): JWTPayload => ({
    sub: 'mallory',
    name: 'Mallory',
    groups: ['moderators'],
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    ...overrides,
  });
  const sign = (payload: JWTPayload, key: Uint8Array = secret, alg = 'HS256') => new SignJWT(payload).setProtectedHeader({ alg, typ: 'JWT' }).sign(key);

  beforeAll(async () => {
    stack = await createMemoryStack();
    secret = Buffer.from(stack.authSecret, 'base64url');
  });

  it('accepts a valid moderator token (the baseline every refusal below differs from in one way)', async () => {
    expect((await call(stack, list, `Bearer ${await sign(claims())}`)).status).toBe(200);
  });

  it('refuses every moderator and privacy route without a token: 401', async () => {
    for (const route of MODERATOR_ROUTES) await expectRefused(await call(stack, route), 401, `${route[0]} ${route[1]}`);
  });

  it('refuses every moderator and privacy route to a valid token outside the moderators group: 403', async () => {
    const outsider = `Bearer ${await sign(claims({ groups: ['readers'] }))}`;
    for (const route of MODERATOR_ROUTES) await expectRefused(await call(stack, route, outsider), 403, `${route[0]} ${route[1]}`);
  });

  it.each([
    ['an empty Authorization header', async () => ''],
    ['another scheme', async () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
    ['a bare token without "Bearer"', async () => sign(claims())],
    ['"Bearer" and nothing', async () => 'Bearer '],
    ['garbage', async () => 'Bearer not-a-jwt'],
    ['two tokens', async () => `Bearer ${await sign(claims())} ${await sign(claims())}`],
    ['alg: none', async () => `Bearer ${unsigned(claims())}`],
    ['alg: None', async () => `Bearer ${unsigned(claims(), 'None')}`],
    ['alg: none with a valid signature appended', async () => `Bearer ${unsigned(claims())}${(await sign(claims())).split('.')[2]}`],
    ['a token signed with another key', async () => `Bearer ${await sign(claims(), randomBytes(32))}`],
    ['the right key with another algorithm (HS512)', async () => `Bearer ${await sign(claims(), secret, 'HS512')}`],
    ['a payload changed after signing (groups added)', async () => {
      const [header, , signature] = (await sign(claims({ groups: ['readers'] }))).split('.');
      return `Bearer ${header}.${b64(claims())}.${signature}`;
    }],
    ['an expired token', async () => `Bearer ${await sign(claims({ iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }))}`],
    ['a token not valid yet', async () => `Bearer ${await sign(claims({ nbf: nowSeconds() + 3600 }))}`],
    ['a token for another audience', async () => `Bearer ${await sign(claims({ aud: 'another-app' }))}`],
    ['a token from another issuer', async () => `Bearer ${await sign(claims({ iss: 'https://evil.example' }))}`],
    ['a token without a subject', async () => `Bearer ${await sign(claims({ sub: undefined }))}`],
  ])('refuses %s with 401 unauthorized', async (name, header) => {
    await expectRefused(await call(stack, list, await header()), 401, name);
  });

  it.each([
    ['no groups at all', { groups: undefined }],
    ['the group as a string, not a list', { groups: 'moderators' }],
    ['a look-alike group', { groups: ['Moderators', 'moderators '] }],
  ])('refuses a valid token with %s with 403 forbidden', async (name, overrides) => {
    await expectRefused(await call(stack, list, `Bearer ${await sign(claims(overrides as JWTPayload))}`), 403, name);
  });

  it('does not take a token from the query string or a cookie', async () => {
    const token = await sign(claims());
    await expectRefused(await stack.request(`/moderation/comments?status=pending&access_token=${token}`), 401, 'query');
    await expectRefused(await stack.request('/moderation/comments?status=pending', { headers: { cookie: `token=${token}` } }), 401, 'cookie');
  });
});

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('Cognito tokens (RS256, keys from the user pool JWKS)', () => {
  const AUDIENCE = 'app-client-1';
  let stack: TestStack;
  let jwks: Server;
  let issuer: string;
  let key: PrivateKey;
  let otherKey: PrivateKey;
  let publicJwk: Record<string, unknown>;
  const list: [string, string] = ['GET', '/moderation/comments?status=pending'];

  const idClaims = (overrides: JWTPayload = {}): JWTPayload => ({
    sub: 'c0ffee',
    'cognito:username': 'mallory',
    'cognito:groups': ['moderators'],
    token_use: 'id',
    aud: AUDIENCE,
    iss: issuer,
    iat: nowSeconds(),
    exp: nowSeconds() + 600,
    ...overrides,
  });
  const sign = (payload: JWTPayload, signingKey: PrivateKey | Uint8Array = key, alg = 'RS256') =>
    new SignJWT(payload).setProtectedHeader({ alg, kid: 'pool-key-1', typ: 'JWT' }).sign(signingKey);

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256', { extractable: true });
    key = pair.privateKey;
    otherKey = (await generateKeyPair('RS256')).privateKey;
    publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'pool-key-1', alg: 'RS256', use: 'sig' };
    jwks = createServer((req, res) => {
      if (req.url?.endsWith('/.well-known/jwks.json')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [publicJwk] }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/us-east-1_TestPool`;
    stack = await createMemoryStack({ AUTH_MODE: 'cognito', AUTH_ISSUER: issuer, AUTH_AUDIENCE: AUDIENCE });
  });
  afterAll(async () => {
    await new Promise((resolve) => jwks?.close(resolve));
  });

  it('accepts a moderator id token and access token of the pool (the baseline)', async () => {
    expect((await call(stack, list, `Bearer ${await sign(idClaims())}`)).status).toBe(200);
    const access = idClaims({ token_use: 'access', aud: undefined, client_id: AUDIENCE });
    expect((await call(stack, list, `Bearer ${await sign(access)}`)).status).toBe(200);
  });

  it.each([
    ['alg: none', async () => unsigned(idClaims())],
    ['a token signed with another key under the pool key id', async () => sign(idClaims(), otherKey)],
    ['HS256 keyed with the public key (algorithm confusion)', async () => sign(idClaims(), new TextEncoder().encode(JSON.stringify(publicJwk)), 'HS256')],
    ['an expired token', async () => sign(idClaims({ iat: nowSeconds() - 7200, exp: nowSeconds() - 3600 }))],
    ['an id token for another app client', async () => sign(idClaims({ aud: 'another-client' }))],
    ['an access token for another app client', async () => sign(idClaims({ token_use: 'access', aud: undefined, client_id: 'another-client' }))],
    ['a token from another user pool', async () => sign(idClaims({ iss: `${issuer}-other` }))],
    ['a token without token_use', async () => sign(idClaims({ token_use: undefined }))],
  ])('refuses %s with 401 unauthorized', async (name, token) => {
    await expectRefused(await call(stack, list, `Bearer ${await token()}`), 401, name);
  });

  it('refuses a valid pool token outside the moderators group with 403, on every route', async () => {
    const outsider = `Bearer ${await sign(idClaims({ 'cognito:groups': ['authors'] }))}`;
    for (const route of MODERATOR_ROUTES) await expectRefused(await call(stack, route, outsider), 403, `${route[0]} ${route[1]}`);
  });
});
