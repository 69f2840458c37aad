import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newKeyMaterial } from '../../shared/adapters/secrets/key-sources.ts';

/** `.data/` at the project root: the local stack's database, keys and token secret. */
export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');
/** `LOCAL_DATA_DIR` moves it (tests run their own stack in a temporary folder). */
export const DATA_DIR = process.env.LOCAL_DATA_DIR ?? join(PROJECT_ROOT, '.data');

export interface LocalSecrets {
  keysFile: string;
  authSecret: string;
}

/** Generated on first start, kept across restarts (owner-only permissions). */
export function ensureLocalSecrets(dataDir = DATA_DIR): LocalSecrets {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keysFile = join(dataDir, 'keys.json');
  if (!existsSync(keysFile)) writeFileSync(keysFile, newKeyMaterial(randomBytes), { mode: 0o600 });
  const secretFile = join(dataDir, 'auth-secret');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('base64url'), { mode: 0o600 });
  return { keysFile, authSecret: readFileSync(secretFile, 'utf8').trim() };
}

export function readAuthSecret(dataDir = DATA_DIR): string | null {
  const secretFile = join(dataDir, 'auth-secret');
  return existsSync(secretFile) ? readFileSync(secretFile, 'utf8').trim() : null;
}
