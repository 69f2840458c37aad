import { describe, expect, it } from 'vitest';
import { FieldCipher } from '../../../../shared/privacy/field-cipher.ts';
import { Keyring } from '../../../../shared/privacy/keyring.ts';

const K1 = 'k1-material-'.padEnd(40, '1');
const K2 = 'k2-material-'.padEnd(40, '2');

/** A cipher over a fixed keyring. */
function cipherWith(material: Record<string, string>): FieldCipher {
  const keyring = new Keyring({ lookup: 'k1', ...material } as { current: string; lookup: string });
  return new FieldCipher(async () => keyring);
}

const k1Only = () => cipherWith({ current: 'k1', k1: K1 });
const rotatedToK2 = () => cipherWith({ current: 'k2', k1: K1, k2: K2 });

const CONTEXT = 'comment:01JDX6Z8Q5V3W1N2M4K7P9R0ST:email';

describe('Class: FieldCipher', () => {
  describe('Method: encrypt / decrypt', () => {
    it.each(['hanako@example.com', '', 'Zoë 山田 😀', 'x'.repeat(10_000)])('round-trips %#', async (plaintext) => {
      // Prepare
      const cipher = k1Only();

      // Act
      const ciphertext = await cipher.encrypt(plaintext, CONTEXT);

      // Assess
      expect(await cipher.decrypt(ciphertext, CONTEXT)).toBe(plaintext);
    });

    it('hides the plaintext and names its key', async () => {
      // Act
      const ciphertext = await k1Only().encrypt('hanako@example.com', CONTEXT);

      // Assess
      expect(ciphertext).toMatch(/^enc:v1:k1:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
      expect(ciphertext).not.toContain('hanako');
      expect(FieldCipher.isCiphertext(ciphertext)).toBe(true);
    });

    it('gives a different ciphertext each time (random IV)', async () => {
      // Prepare
      const cipher = k1Only();

      // Act
      const [a, b] = await Promise.all([cipher.encrypt('same', CONTEXT), cipher.encrypt('same', CONTEXT)]);

      // Assess
      expect(a).not.toBe(b);
    });
  });

  describe('associated data', () => {
    it.each([
      ['another comment', 'comment:01JDX6Z8Q5V3W1N2M4K7P9R0SV:email'],
      ['another field', 'comment:01JDX6Z8Q5V3W1N2M4K7P9R0ST:ip'],
      ['no context', ''],
    ])('refuses to decrypt under %s', async (_why, otherContext) => {
      // Prepare
      const cipher = k1Only();
      const ciphertext = await cipher.encrypt('hanako@example.com', CONTEXT);

      // Act & Assess
      await expect(cipher.decrypt(ciphertext, otherContext)).rejects.toThrow();
    });

    it('refuses a tampered ciphertext', async () => {
      // Prepare
      const cipher = k1Only();
      const ciphertext = await cipher.encrypt('hanako@example.com', CONTEXT);
      const parts = ciphertext.split(':');
      const body = Buffer.from(parts[4]!, 'base64url');
      body[0]! ^= 1;
      const tampered = [...parts.slice(0, 4), body.toString('base64url')].join(':');

      // Act & Assess
      await expect(cipher.decrypt(tampered, CONTEXT)).rejects.toThrow();
    });
  });

  describe('key rotation', () => {
    it('reads what was written under k1 after k2 became current', async () => {
      // Prepare
      const written = await k1Only().encrypt('hanako@example.com', CONTEXT);

      // Act
      const read = await rotatedToK2().decrypt(written, CONTEXT);

      // Assess
      expect(read).toBe('hanako@example.com');
    });

    it('writes new ciphertext under k2', async () => {
      // Prepare
      const cipher = rotatedToK2();

      // Act
      const written = await cipher.encrypt('hanako@example.com', CONTEXT);

      // Assess
      expect(written.startsWith('enc:v1:k2:')).toBe(true);
      expect(await cipher.decrypt(written, CONTEXT)).toBe('hanako@example.com');
    });

    it('cannot read k2 ciphertext with a keyring that only has k1', async () => {
      // Prepare
      const written = await rotatedToK2().encrypt('hanako@example.com', CONTEXT);

      // Act & Assess
      await expect(k1Only().decrypt(written, CONTEXT)).rejects.toThrow('Unknown field key id "k2".');
    });

    it('cannot read under a key id that names other material', async () => {
      // Prepare
      const written = await k1Only().encrypt('hanako@example.com', CONTEXT);
      const impostor = cipherWith({ current: 'k1', k1: K2 });

      // Act & Assess
      await expect(impostor.decrypt(written, CONTEXT)).rejects.toThrow();
    });
  });

  describe('Method: decrypt of something else', () => {
    it.each(['hanako@example.com', 'enc:v1:k1', 'enc:v2:k1:aaaa:bbbb', 'enc:v1:k1:aaaa:bbbb:cccc'])('refuses %j', async (value) => {
      // Act & Assess
      await expect(k1Only().decrypt(value, CONTEXT)).rejects.toThrow();
    });
  });

  describe('Method: isCiphertext', () => {
    it.each([
      ['enc:v1:k1:a:b', true],
      ['hanako@example.com', false],
      ['', false],
    ])('%j → %s', (value, expected) => {
      // Act & Assess
      expect(FieldCipher.isCiphertext(value)).toBe(expected);
    });
  });
});
