import { readFile } from 'node:fs/promises';
import { cachedKeyring, type KeyringSource } from '../../privacy/keyring.ts';
import { type AwsServiceOptions, awsJsonService } from '../aws/aws-service.ts';

/** Local stack and tests: key material in a JSON file (created by the local stack in `.data/`). */
export function fileKeyring(path: string): KeyringSource {
  return cachedKeyring(() => readFile(path, 'utf8'));
}

/** Secrets Manager's JSON protocol. */
const SECRETS_MANAGER_PROTOCOL = { service: 'secretsmanager', target: 'secretsmanager', version: '1.1' } as const;

/**
 * AWS: key material in a Secrets Manager secret, fetched on first use (never at
 * import time, so a cold start does no network work before the first request).
 */
export function secretsManagerKeyring(secretArn: string, options: AwsServiceOptions): KeyringSource {
  const secretsManager = awsJsonService(SECRETS_MANAGER_PROTOCOL, options);
  return cachedKeyring(async () => {
    const { SecretString } = await secretsManager('GetSecretValue', { SecretId: secretArn });
    if (typeof SecretString !== 'string' || !SecretString) throw new Error('The keys secret has no string value.');
    return SecretString;
  });
}

/** A fresh key file's content: 48 random bytes of material under id k1. */
export function newKeyMaterial(random: (size: number) => Buffer): string {
  return JSON.stringify({ current: 'k1', lookup: 'k1', k1: random(48).toString('base64url') }, null, 2);
}
