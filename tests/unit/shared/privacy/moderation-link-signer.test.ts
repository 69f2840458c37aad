import { describe, expect, it } from 'vitest';
import { LinkExpiredError, NotFoundError } from '../../../../shared/domain/errors.ts';
import { LINK_LIFETIME_MS, type LinkClaim } from '../../../../shared/domain/moderation-link.ts';
import { Keyring } from '../../../../shared/privacy/keyring.ts';
import { HmacModerationLinkSigner } from '../../../../shared/privacy/moderation-link-signer.ts';

function signerWith(material: string): HmacModerationLinkSigner {
  const keyring = Keyring.parse(JSON.stringify({ current: 'k1', lookup: 'k1', k1: material }));
  return new HmacModerationLinkSigner(async () => keyring);
}

const SERVER_A = 'server-a-'.padEnd(40, 'a');
const SERVER_B = 'server-b-'.padEnd(40, 'b');
const NOW = new Date('2026-11-28T10:00:00.000Z');
const aClaim = (overrides: Partial<LinkClaim> = {}): LinkClaim => ({
  commentId: '01JDX6Z8Q5V3W1N2M4K7P9R0ST',
  action: 'approve',
  version: 2,
  expiresAt: new Date(NOW.getTime() + LINK_LIFETIME_MS),
  ...overrides,
});

/** Replaces one character of the token at `index` with another URL-safe one. */
function flip(token: string, index: number): string {
  const ch = token[index]!;
  const other = ch === 'A' ? 'B' : ch === '0' ? '1' : ch === 'a' ? 'b' : /[0-9]/.test(ch) ? '0' : /[a-z]/.test(ch) ? 'a' : 'A';
  return token.slice(0, index) + other + token.slice(index + 1);
}

describe('Class: HmacModerationLinkSigner', () => {
  describe('Method: sign / read', () => {
    it('reads back exactly the claim it signed (expiry to the second)', async () => {
      // Prepare
      const signer = signerWith(SERVER_A);
      const claim = aClaim({ action: 'trash', version: 1234 });

      // Act
      const read = await signer.read(await signer.sign(claim), NOW);

      // Assess
      expect(read).toEqual({ ...claim, expiresAt: new Date(Math.floor(claim.expiresAt.getTime() / 1000) * 1000) });
    });

    it('is compact, URL-safe and carries nothing but the id, the action and two numbers', async () => {
      const token = await signerWith(SERVER_A).sign(aClaim());

      expect(token.length).toBeLessThanOrEqual(70);
      expect(token).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(encodeURIComponent(token)).toBe(token);
      expect(token.startsWith('01JDX6Z8Q5V3W1N2M4K7P9R0STa2.')).toBe(true);
    });

    it('refuses a token signed with another server key (forged) as not found', async () => {
      const token = await signerWith(SERVER_B).sign(aClaim());

      await expect(signerWith(SERVER_A).read(token, NOW)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses every single-character tampering (id, action, version, expiry, mac) as not found', async () => {
      const signer = signerWith(SERVER_A);
      const token = await signer.sign(aClaim());

      for (let index = 0; index < token.length; index++) {
        if (token[index] === '.') continue;
        await expect(signer.read(flip(token, index), NOW), `character ${index}`).rejects.toBeInstanceOf(NotFoundError);
      }
    });

    it('refuses a token whose action was swapped for another (approve → spam)', async () => {
      const signer = signerWith(SERVER_A);
      const token = await signer.sign(aClaim({ action: 'approve' }));
      const asSpam = token.replace(/^(\w{26})a/, '$1s');

      expect(asSpam).not.toBe(token);
      await expect(signer.read(asSpam, NOW)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('refuses a later expiry pasted onto a valid signature', async () => {
      const signer = signerWith(SERVER_A);
      const short = await signer.sign(aClaim({ expiresAt: new Date(NOW.getTime() - 1000) }));
      const long = await signer.sign(aClaim());
      const [payloadOfLong] = long.split(/\.(?=[^.]+$)/);
      const macOfShort = short.slice(short.lastIndexOf('.') + 1);

      await expect(signer.read(`${payloadOfLong}.${macOfShort}`, NOW)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('answers an expired but genuine token with LinkExpiredError (link_expired)', async () => {
      const signer = signerWith(SERVER_A);
      const token = await signer.sign(aClaim({ expiresAt: new Date(NOW.getTime() + 60_000) }));

      await expect(signer.read(token, NOW)).resolves.toMatchObject({ action: 'approve' });
      const error = await signer.read(token, new Date(NOW.getTime() + 60_000)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LinkExpiredError);
      expect(error).toMatchObject({ code: 'link_expired' });
    });

    it('refuses malformed tokens without throwing anything else', async () => {
      const signer = signerWith(SERVER_A);
      for (const token of ['', 'x', '..', 'a'.repeat(500), `01JDX6Z8Q5V3W1N2M4K7P9R0STx2.abc.${'A'.repeat(22)}`, '../../etc/passwd', '%00', `01JDX6Z8Q5V3W1N2M4K7P9R0STa2.abc.${'A'.repeat(21)}`]) {
        await expect(signer.read(token, NOW), token).rejects.toBeInstanceOf(NotFoundError);
      }
    });
  });
});
