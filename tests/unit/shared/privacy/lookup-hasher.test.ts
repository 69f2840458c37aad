import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Keyring } from '../../../../shared/privacy/keyring.ts';
import { HmacLookupHasher } from '../../../../shared/privacy/lookup-hasher.ts';

/** A hasher over key material whose lookup key is `material`. */
function hasherWith(material: string, extra: Record<string, string> = {}): HmacLookupHasher {
  const keyring = Keyring.parse(JSON.stringify({ current: 'k1', lookup: 'k1', k1: material, ...extra }));
  return new HmacLookupHasher(async () => keyring);
}

const SERVER_A = 'server-a-'.padEnd(40, 'a');
const SERVER_B = 'server-b-'.padEnd(40, 'b');

describe('Class: HmacLookupHasher', () => {
  describe('Method: emailKey', () => {
    it('is the same for the same address however it is typed', async () => {
      // Prepare
      const hasher = hasherWith(SERVER_A);

      // Act
      const keys = await Promise.all(['hanako@example.com', '  Hanako@Example.COM ', 'HANAKO@EXAMPLE.COM'].map((e) => hasher.emailKey(e)));

      // Assess
      expect(new Set(keys).size).toBe(1);
    });

    it('differs between addresses', async () => {
      // Prepare
      const hasher = hasherWith(SERVER_A);

      // Act & Assess
      expect(await hasher.emailKey('hanako@example.com')).not.toBe(await hasher.emailKey('taro@example.com'));
    });

    it('differs between servers (keys)', async () => {
      // Act & Assess
      expect(await hasherWith(SERVER_A).emailKey('hanako@example.com')).not.toBe(await hasherWith(SERVER_B).emailKey('hanako@example.com'));
    });

    it('is no unkeyed hash of the address', async () => {
      // Prepare
      const email = 'hanako@example.com';
      const unkeyed = ['md5', 'sha1', 'sha256'].flatMap((algorithm) => ['hex', 'base64url'].map((encoding) => createHash(algorithm).update(email).digest(encoding as 'hex')));

      // Act
      const key = await hasherWith(SERVER_A).emailKey(email);

      // Assess
      expect(unkeyed).not.toContain(key);
      expect(key).not.toContain('hanako');
    });

    it('survives key rotation (derived from the lookup key, not the current key)', async () => {
      // Act & Assess
      expect(await hasherWith(SERVER_A, { current: 'k2', k2: SERVER_B }).emailKey('hanako@example.com')).toBe(await hasherWith(SERVER_A).emailKey('hanako@example.com'));
    });
  });

  describe('Method: avatarSeed', () => {
    it('is stable per normalised address', async () => {
      // Prepare
      const hasher = hasherWith(SERVER_A);

      // Act & Assess
      expect(await hasher.avatarSeed(' Hanako@Example.com')).toBe(await hasher.avatarSeed('hanako@example.com'));
    });

    it('is not the email lookup key, nor a part of it', async () => {
      // Prepare
      const hasher = hasherWith(SERVER_A);

      // Act
      const [seed, key] = await Promise.all([hasher.avatarSeed('hanako@example.com'), hasher.emailKey('hanako@example.com')]);

      // Assess
      expect(seed).not.toBe(key);
      expect(key).not.toContain(seed);
    });

    it('differs between servers', async () => {
      // Act & Assess
      expect(await hasherWith(SERVER_A).avatarSeed('hanako@example.com')).not.toBe(await hasherWith(SERVER_B).avatarSeed('hanako@example.com'));
    });
  });

  describe('Method: ipKey', () => {
    it('is keyed, normalised and not the address', async () => {
      // Prepare
      const hasher = hasherWith(SERVER_A);

      // Act
      const key = await hasher.ipKey(' 2001:DB8::1 ');

      // Assess
      expect(key).toBe(await hasher.ipKey('2001:db8::1'));
      expect(key).not.toContain('2001');
      expect(key).not.toBe(await hasherWith(SERVER_B).ipKey('2001:db8::1'));
    });

    it('differs from the email key of the same text', async () => {
      // Prepare
      const hasher = hasherWith(SERVER_A);

      // Act & Assess
      expect(await hasher.ipKey('a@b.cd')).not.toBe(await hasher.emailKey('a@b.cd'));
    });
  });

  describe('Method: digest', () => {
    it('separates its parts unambiguously', async () => {
      // Prepare
      const hasher = hasherWith(SERVER_A);

      // Act & Assess
      expect(await hasher.digest('ab', 'c')).not.toBe(await hasher.digest('a', 'bc'));
      expect(await hasher.digest('a', 'b')).toBe(await hasher.digest('a', 'b'));
    });
  });
});
