import { createHmac, hkdfSync } from 'node:crypto';
import * as z from 'zod';

/** Key ids are written into every ciphertext, between ':' separators. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Key material, as stored in Secrets Manager on AWS and in `.data/keys.json` locally:
 * `{ "current": "k1", "lookup": "k1", "k1": "<random>", "k2": "<random>" … }`.
 * `current` names the key new ciphertext is written with; older ids stay for reading,
 * so rotation never rewrites data. `lookup` names the key the email lookup hash is
 * derived from; it never changes, or every lookup key would change with it.
 * Built on first use (`z.lazy`): when the keys are read, not at cold start.
 */
export const KeyMaterial = /* @__PURE__ */ z.lazy(() =>
  z
    .object({ current: z.string().min(1), lookup: z.string().min(1) })
    .catchall(z.string())
    .superRefine((value, ctx) => {
      for (const id of Object.keys(value)) {
        if (id !== 'current' && id !== 'lookup' && !KEY_ID.test(id)) {
          ctx.addIssue({ code: 'custom', message: `key id "${id.slice(0, 64)}" must be 1–32 letters, digits, "_" or "-"` });
        }
      }
      for (const name of ['current', 'lookup'] as const) {
        const material = value[value[name]];
        if (typeof material !== 'string' || material.length < 32) {
          ctx.addIssue({ code: 'custom', message: `key "${value[name]}" named by "${name}" needs at least 32 characters of material` });
        }
      }
    }),
);
export type KeyMaterial = z.infer<typeof KeyMaterial>;

const SALT = 'leave-a-reply/v1';

/** Derived keys: never the raw material, one purpose each (HKDF info). */
export class Keyring {
  readonly currentKeyId: string;
  private readonly fieldKeys = new Map<string, Buffer>();
  private readonly lookupKey: Buffer;
  private readonly moderationKey: Buffer;

  constructor(material: KeyMaterial) {
    this.currentKeyId = material.current;
    for (const [id, value] of Object.entries(material)) {
      if (id === 'current' || id === 'lookup') continue;
      this.fieldKeys.set(id, derive(value, 'field-encryption'));
    }
    this.lookupKey = derive(material[material.lookup]!, 'lookup-hash');
    // From the never-rotated lookup material, so a hash handed out stays checkable for its whole life.
    this.moderationKey = derive(material[material.lookup]!, 'moderation-hash');
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

  /** HMAC-SHA256 with the key dedicated to the author's moderation hash (WordPress's `moderation-hash`). */
  moderationHmac(value: string): string {
    return createHmac('sha256', this.moderationKey).update(value).digest('base64url');
  }
}

function derive(material: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(material, 'utf8'), SALT, purpose, 32));
}

/**
 * Where key material comes from: a file locally, Secrets Manager on AWS. Loaded once,
 * lazily. `reload` (when offered) looks again: a ciphertext may name a key added after
 * this process loaded its keys (another instance picked up a rotation first).
 */
export type KeyringSource = (() => Promise<Keyring>) & { reload?: () => Promise<Keyring> };

/** A reload is skipped within this long of the previous one (an unknown id must not hammer the secret). */
export const RELOAD_INTERVAL_MS = 10_000;

export function cachedKeyring(load: () => Promise<string>, now: () => number = Date.now): KeyringSource {
  let keyring: Promise<Keyring> | undefined;
  let reloadedAt = Number.NEGATIVE_INFINITY;
  const parse = () => load().then((json) => Keyring.parse(json));
  const source: KeyringSource = () =>
    (keyring ??= parse().catch((error: unknown) => {
      keyring = undefined; // let the next request try again
      throw error;
    }));
  source.reload = async () => {
    if (keyring && now() - reloadedAt < RELOAD_INTERVAL_MS) return keyring;
    reloadedAt = now();
    const fresh = await parse(); // a failure leaves the keys in use as they were
    keyring = Promise.resolve(fresh);
    return fresh;
  };
  return source;
}
