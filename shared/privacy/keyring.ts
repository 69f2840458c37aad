import { createHmac, hkdfSync } from 'node:crypto';
import * as z from 'zod';

/**
 * Key material, as stored in Secrets Manager on AWS and in `.data/keys.json` locally:
 * `{ "current": "k1", "lookup": "k1", "k1": "<random>", "k2": "<random>" … }`.
 * `current` names the key new ciphertext is written with; older ids stay for reading,
 * so rotation never rewrites data. `lookup` names the key the email lookup hash is
 * derived from; it never changes, or every lookup key would change with it.
 */
export const KeyMaterial = z
  .object({ current: z.string().min(1), lookup: z.string().min(1) })
  .catchall(z.string())
  .superRefine((value, ctx) => {
    for (const name of ['current', 'lookup'] as const) {
      const material = value[value[name]];
      if (typeof material !== 'string' || material.length < 32) {
        ctx.addIssue({ code: 'custom', message: `key "${value[name]}" named by "${name}" needs at least 32 characters of material` });
      }
    }
  });
export type KeyMaterial = z.infer<typeof KeyMaterial>;

const SALT = 'leave-a-reply/v1';

/** Derived keys: never the raw material, one purpose each (HKDF info). */
export class Keyring {
  readonly currentKeyId: string;
  private readonly fieldKeys = new Map<string, Buffer>();
  private readonly lookupKey: Buffer;

  constructor(material: KeyMaterial) {
    this.currentKeyId = material.current;
    for (const [id, value] of Object.entries(material)) {
      if (id === 'current' || id === 'lookup') continue;
      this.fieldKeys.set(id, derive(value, 'field-encryption'));
    }
    this.lookupKey = derive(material[material.lookup]!, 'lookup-hash');
  }

  static parse(json: string): Keyring {
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new Error('Key material is not valid JSON.');
    }
    const parsed = KeyMaterial.safeParse(raw);
    if (!parsed.success) throw new Error(`Key material is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    return new Keyring(parsed.data);
  }

  fieldKey(id: string): Buffer | undefined {
    return this.fieldKeys.get(id);
  }

  /** HMAC-SHA256 with the lookup key, base64url: the only form personal data takes in a key. */
  hmac(purpose: string, value: string): string {
    return createHmac('sha256', this.lookupKey).update(`${purpose}\0${value}`).digest('base64url');
  }
}

function derive(material: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), SALT, purpose, 32));
}

/** Where key material comes from: a file locally, Secrets Manager on AWS. Loaded once, lazily. */
export type KeyringSource = () => Promise<Keyring>;

export function cachedKeyring(load: () => Promise<string>): KeyringSource {
  let keyring: Promise<Keyring> | undefined;
  return () => {
    keyring ??= load()
      .then((json) => Keyring.parse(json))
      .catch((error: unknown) => {
        keyring = undefined; // let the next request try again
        throw error;
      });
    return keyring;
  };
}
