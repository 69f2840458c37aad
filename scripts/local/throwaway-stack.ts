import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newKeyMaterial } from '../../shared/adapters/secrets/key-sources.ts';
import { type Emulators, startEmulators } from './emulators.ts';
import { ensureQueues, ensureTable } from './provision.ts';

/** In-memory emulators with a fresh table, queue pair, key file and token secret: for load tests and benchmarks. */
export interface ThrowawayStack {
  emulators: Emulators;
  /** What `loadEnv` needs to run the API and the worker against it. */
  env: Record<string, string>;
  authSecret: string;
  queueUrl: string;
  dlqUrl: string;
  /** Stops the emulators and removes the key file. */
  stop(): Promise<void>;
}

export async function startThrowawayStack(name: string, options: { sqsProcess?: 'in-process' | 'child' } = {}): Promise<ThrowawayStack> {
  const emulators = await startEmulators(options);
  const dir = mkdtempSync(join(tmpdir(), `comments-${name}-`));
  const stop = async () => {
    await emulators.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const keysFile = join(dir, 'keys.json');
    writeFileSync(keysFile, newKeyMaterial(randomBytes), { mode: 0o600 });
    const authSecret = randomBytes(32).toString('base64url');
    await ensureTable(emulators.dynamoDbEndpoint, `${name}-comments`);
    const { queueUrl, dlqUrl } = await ensureQueues(emulators.sqsEndpoint, `${name}-moderation`);
    const env = {
      TABLE_NAME: `${name}-comments`,
      QUEUE_URL: queueUrl,
      DYNAMODB_ENDPOINT: emulators.dynamoDbEndpoint,
      SQS_ENDPOINT: emulators.sqsEndpoint,
      KEYS_FILE: keysFile,
      AUTH_MODE: 'local',
      AUTH_SECRET: authSecret,
      AWS_REGION: 'us-east-1',
    };
    return { emulators, env, authSecret, queueUrl, dlqUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
