import { randomBytes } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { signLocalToken } from '../../../../shared/auth/local-token.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LocalTokenVerifier } from '../../../../shared/auth/token-verifier.ts';
import { MODERATORS_GROUP } from '../../../../shared/deployment-names.ts';
import { ForbiddenError, UnauthorizedError } from '../../../../shared/domain/errors.ts';

const secret = randomBytes(32).toString('base64url');
const verifier = new LocalTokenVerifier(secret);
const key = Buffer.from(secret, 'base64url');

/** Object Mother: a token builder with valid moderator claims, each part overridable. */
function aToken(
  options: { claims?: Record<string, unknown>; sub?: string | null; issuer?: string; audience?: string; expiresAt?: number | string; signWith?: Uint8Array; alg?: string } = {},
) {
  const jwt = new SignJWT({ groups: [MODERATORS_GROUP], name: 'Mod Erator', ...options.claims })
    .setProtectedHeader({ alg: options.alg ?? 'HS256', typ: 'JWT' })
    .setIssuer(options.issuer ?? LOCAL_ISSUER)
    .setAudience(options.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresAt ?? '1h');
  if (options.sub !== null) jwt.setSubject(options.sub ?? 'mod-1');
  return jwt.sign(options.signWith ?? key);
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('Class: LocalTokenVerifier', () => {
  describe('Method: verify', () => {
    it('turns a valid moderator token into the actor', async () => {
      // Prepare
      const token = await aToken({ claims: { email: 'mod@example.com' } });

      // Act
      const actor = await verifier.verify(token);

      // Assess
      expect(actor).toEqual({ sub: 'mod-1', name: 'Mod Erator', email: 'mod@example.com' });
    });

    it('accepts what `npm run token` signs', async () => {
      // Act
      const actor = await verifier.verify(await signLocalToken(secret));

      // Assess
      expect(actor).toMatchObject({ sub: 'local-moderator', email: null });
    });

    it('accepts the moderators group from cognito:groups', async () => {
      // Prepare
      const token = await aToken({ claims: { groups: undefined, 'cognito:groups': ['editors', MODERATORS_GROUP] } });

      // Act & Assess
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'mod-1' });
    });

    it('names the actor by its subject when the token has no name', async () => {
      // Prepare
      const token = await aToken({ claims: { name: undefined } });

      // Act & Assess
      await expect(verifier.verify(token)).resolves.toMatchObject({ name: 'mod-1' });
    });

    it.each([
      ['no groups', { groups: undefined }],
      ['other groups', { groups: ['editors', 'admins'] }],
      ['an empty list', { groups: [] }],
      ['the group as a string, not a list', { groups: MODERATORS_GROUP }],
      ['a differently cased group', { groups: ['Moderators'] }],
    ])('refuses a valid token with %s as ForbiddenError', async (_why, claims) => {
      // Prepare
      const token = await aToken({ claims });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(ForbiddenError);
    });

    it('refuses an unsigned `alg: none` token', async () => {
      // Prepare
      const token = new UnsecuredJWT({ groups: [MODERATORS_GROUP] })
        .setSubject('mod-1')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .encode();

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses a token with its signature removed', async () => {
      // Prepare
      const [header, payload] = (await aToken()).split('.');

      // Act & Assess
      await expect(verifier.verify(`${header}.${payload}.`)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses a token whose claims were changed after signing', async () => {
      // Prepare
      const [header, , signature] = (await aToken({ claims: { groups: ['editors'] } })).split('.');
      const forged = Buffer.from(JSON.stringify({ sub: 'mod-1', groups: [MODERATORS_GROUP], iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, exp: nowSeconds() + 3600 })).toString('base64url');

      // Act & Assess
      await expect(verifier.verify(`${header}.${forged}.${signature}`)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses a token signed with another key', async () => {
      // Prepare
      const token = await aToken({ signWith: randomBytes(32) });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses a token signed with another HMAC algorithm', async () => {
      // Prepare
      const token = await aToken({ alg: 'HS512', signWith: randomBytes(64) });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses an expired token', async () => {
      // Prepare
      const token = await aToken({ expiresAt: nowSeconds() - 600 });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses a token that is not valid yet', async () => {
      // Prepare
      const token = await new SignJWT({ groups: [MODERATORS_GROUP] })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mod-1')
        .setIssuer(LOCAL_ISSUER)
        .setAudience(LOCAL_AUDIENCE)
        .setNotBefore(nowSeconds() + 3600)
        .setExpirationTime('2h')
        .sign(key);

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    /** A moderator token with exactly the time claims given. */
    const timed = (times: { exp?: number; iat?: number; nbf?: number }) =>
      new SignJWT({ groups: [MODERATORS_GROUP], ...times }).setProtectedHeader({ alg: 'HS256' }).setSubject('mod-1').setIssuer(LOCAL_ISSUER).setAudience(LOCAL_AUDIENCE).sign(key);

    it('refuses a token without an expiry, which would be valid forever', async () => {
      // Prepare
      const token = await timed({ iat: nowSeconds() });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses a token issued in the future, beyond a small clock skew', async () => {
      // Prepare
      const token = await timed({ iat: nowSeconds() + 600, exp: nowSeconds() + 3600 });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses a token not valid for minutes yet', async () => {
      // Prepare
      const token = await timed({ nbf: nowSeconds() + 300, exp: nowSeconds() + 3600 });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('tolerates a few seconds of clock skew in iat and nbf', async () => {
      // Prepare
      const token = await timed({ iat: nowSeconds() + 10, nbf: nowSeconds() + 10, exp: nowSeconds() + 3600 });

      // Act & Assess
      await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'mod-1' });
    });

    it('refuses a token from another issuer', async () => {
      // Prepare
      const token = await aToken({ issuer: 'https://someone-else.example' });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses a token for another audience', async () => {
      // Prepare
      const token = await aToken({ audience: 'another-app' });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('refuses a token without a subject', async () => {
      // Prepare
      const token = await aToken({ sub: null });

      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it.each(['', 'garbage', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9.e30.', '....', 'Bearer x'])('refuses garbage %j', async (token) => {
      // Act & Assess
      await expect(verifier.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
    });

    it('gives an unauthorized error with a message that reveals nothing of the token', async () => {
      // Prepare
      const token = await aToken({ signWith: randomBytes(32) });

      // Act
      const error = await verifier.verify(token).then(
        () => expect.unreachable('the token verified'),
        (e: unknown) => e as UnauthorizedError,
      );

      // Assess
      expect(error).toMatchObject({ code: 'unauthorized' });
      expect(error.message).not.toContain(token);
    });
  });
});
