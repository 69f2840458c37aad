import { describe, expect, it, vi } from 'vitest';
import { cachedKeyring, Keyring } from '../../../../shared/privacy/keyring.ts';

const MATERIAL_1 = 'a'.repeat(32);
const MATERIAL_2 = 'b'.repeat(48);

/** Object Mother: key material JSON. */
const material = (overrides: Record<string, unknown> = {}) => JSON.stringify({ current: 'k1', lookup: 'k1', k1: MATERIAL_1, ...overrides });

describe('Class: Keyring', () => {
  describe('Method: parse', () => {
    it('reads valid key material', () => {
      // Act
      const keyring = Keyring.parse(material({ k2: MATERIAL_2, current: 'k2' }));

      // Assess
      expect(keyring.currentKeyId).toBe('k2');
      expect(keyring.fieldKey('k1')).toHaveLength(32);
      expect(keyring.fieldKey('k2')).toHaveLength(32);
    });

    it.each(['', 'not json', '{"current":', "{'current':'k1'}"])('refuses %j as not JSON', (json) => {
      // Act & Assess
      expect(() => Keyring.parse(json)).toThrow('Key material is not valid JSON.');
    });

    it.each([
      ['no current', JSON.stringify({ lookup: 'k1', k1: MATERIAL_1 })],
      ['no lookup', JSON.stringify({ current: 'k1', k1: MATERIAL_1 })],
      ['current names no key', material({ current: 'k9' })],
      ['lookup names no key', material({ lookup: 'k9' })],
      ['material too short', material({ k1: 'short' })],
      ['31 characters', material({ k1: 'a'.repeat(31) })],
      ['material not a string', material({ k1: 12345 })],
      ['an array', '[]'],
      ['null', 'null'],
      ['a string', '"k1"'],
    ])('refuses invalid material: %s', (_why, json) => {
      // Act & Assess
      expect(() => Keyring.parse(json)).toThrow(/Key material is invalid/);
    });

    it('never puts the material itself in the error', () => {
      // Act
      const error = (() => {
        try {
          Keyring.parse(material({ k1: 'secret-material', current: 'k1' }));
        } catch (e) {
          return e as Error;
        }
      })();

      // Assess
      expect(error?.message).not.toContain('secret-material');
    });
  });

  describe('Method: fieldKey', () => {
    it('derives a key, not the material', () => {
      // Act
      const key = Keyring.parse(material()).fieldKey('k1')!;

      // Assess
      expect(key.toString('utf8')).not.toContain(MATERIAL_1.slice(0, 32));
    });

    it('is undefined for an unknown id', () => {
      // Act & Assess
      expect(Keyring.parse(material()).fieldKey('k9')).toBeUndefined();
    });

    it('derives different keys from different material', () => {
      // Act
      const keyring = Keyring.parse(material({ k2: MATERIAL_2 }));

      // Assess
      expect(keyring.fieldKey('k1')!.equals(keyring.fieldKey('k2')!)).toBe(false);
    });
  });

  describe('Method: hmac', () => {
    it('is stable and separates purposes', () => {
      // Prepare
      const keyring = Keyring.parse(material());

      // Act & Assess
      expect(keyring.hmac('email', 'x')).toBe(keyring.hmac('email', 'x'));
      expect(keyring.hmac('email', 'x')).not.toBe(keyring.hmac('ip', 'x'));
      expect(keyring.hmac('email', 'x')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('follows the lookup key, not the current key', () => {
      // Prepare
      const before = Keyring.parse(material());
      const rotated = Keyring.parse(material({ k2: MATERIAL_2, current: 'k2' }));

      // Act & Assess
      expect(rotated.hmac('email', 'x')).toBe(before.hmac('email', 'x'));
    });
  });
});

describe('Function: cachedKeyring', () => {
  it('loads the material once', async () => {
    // Prepare
    const load = vi.fn(async () => material());
    const source = cachedKeyring(load);

    // Act
    const [a, b] = await Promise.all([source(), source()]);
    const c = await source();

    // Assess
    expect(load).toHaveBeenCalledTimes(1);
    expect(a).toBe(b);
    expect(a).toBe(c);
  });

  it('tries again after a failed load', async () => {
    // Prepare
    const load = vi.fn<() => Promise<string>>().mockRejectedValueOnce(new Error('unreachable')).mockResolvedValueOnce(material());
    const source = cachedKeyring(load);

    // Act & Assess
    await expect(source()).rejects.toThrow('unreachable');
    await expect(source()).resolves.toBeInstanceOf(Keyring);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('tries again after invalid material', async () => {
    // Prepare
    const load = vi.fn<() => Promise<string>>().mockResolvedValueOnce('oops').mockResolvedValueOnce(material());
    const source = cachedKeyring(load);

    // Act & Assess
    await expect(source()).rejects.toThrow('not valid JSON');
    await expect(source()).resolves.toBeInstanceOf(Keyring);
  });
});
