import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyringSource } from './keyring.ts';

const PREFIX = 'enc:v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for personal fields at rest. The ciphertext names its key id, so
 * old values stay readable after a new key becomes current. The associated data
 * ties a ciphertext to its comment and field: it cannot be copied onto another.
 */
export class FieldCipher {
  constructor(private readonly keys: KeyringSource) {}

  async encrypt(plaintext: string, context: string): Promise<string> {
    const keyring = await this.keys();
    const keyId = keyring.currentKeyId;
    const key = keyring.fieldKey(keyId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${PREFIX}:${keyId}:${iv.toString('base64url')}:${body.toString('base64url')}`;
  }

  async decrypt(value: string, context: string): Promise<string> {
    const parts = value.split(':');
    if (parts.length !== 5 || `${parts[0]}:${parts[1]}` !== PREFIX) throw new Error('Not a field ciphertext.');
    const [, , keyId, ivText, bodyText] = parts as [string, string, string, string, string];
    let key = (await this.keys()).fieldKey(keyId);
    // Written under a key added since this process loaded its keys: look once more.
    if (!key && this.keys.reload) key = (await this.keys.reload()).fieldKey(keyId);
    if (!key) throw new Error(`Unknown field key id "${keyId}".`);
    const iv = Buffer.from(ivText, 'base64url');
    const body = Buffer.from(bodyText, 'base64url');
    if (iv.length !== IV_BYTES || body.length < TAG_BYTES) throw new Error('Not a field ciphertext.');
    // The tag length is pinned: GCM would otherwise accept a truncated (forgeable) tag.
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  }

  static isCiphertext(value: string): boolean {
    return value.startsWith(`${PREFIX}:`);
  }
}
