import { SignJWT } from 'jose';
import { MODERATORS_GROUP } from '../deployment-names.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from './token-verifier.ts';

/** Signs a local moderator token (the `npm run token` command and tests). */
export async function signLocalToken(
  secret: string,
  claims: { sub?: string; name?: string; email?: string; groups?: string[] } = {},
  options: { expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  const { sub = 'local-moderator', groups = [MODERATORS_GROUP], ...rest } = claims;
  return new SignJWT({ groups, name: rest.name ?? 'Local Moderator', ...(rest.email ? { email: rest.email } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(options.issuer ?? LOCAL_ISSUER)
    .setAudience(options.audience ?? LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '12h')
    .sign(Buffer.from(secret, 'base64url'));
}
