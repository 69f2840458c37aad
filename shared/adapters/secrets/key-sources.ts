import { readFile } from 'node:fs/promises';
import { cachedKeyring, type KeyringSource } from '../../privacy/keyring.ts';

/** Local stack and tests: key material in a JSON file (created by the local stack in `.data/`). */
export function fileKeyring(path: string): KeyringSource {
  return cachedKeyring(() => readFile(path, 'utf8'));
}

/**
 * AWS: key material in a Secrets Manager secret, fetched on first use (never at
 * import time, so a cold start does no network work before the first request).
 */
export function secretsManagerKeyring(secretArn: string): KeyringSource {
  return cachedKeyring(async () => {
    const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = new SecretsManagerClient({});
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (!result.SecretString) throw new Error('The keys secret has no string value.');
    return result.SecretString;
  });
}

/** A fresh key file's content: 48 random bytes of material under id k1. */
export function newKeyMaterial(random: (size: number) => Buffer): string {
  return JSON.stringify({ current: 'k1', lookup: 'k1', k1: random(48).toString('base64url') }, null, 2);
}
