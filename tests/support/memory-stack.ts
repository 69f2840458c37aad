import { randomBytes } from 'node:crypto';
import { InMemoryModerationQueue } from '../../shared/adapters/memory/in-memory-queue.ts';
import { createInMemoryStores } from '../../shared/adapters/memory/in-memory-stores.ts';
import { newKeyMaterial } from '../../shared/adapters/secrets/key-sources.ts';
import { createServiceDeps } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import type { Clock } from '../../shared/domain/ports.ts';
import { cachedKeyring } from '../../shared/privacy/keyring.ts';
import { RecordingNotifier, stackOver, type TestStack } from './test-stack.ts';

/**
 * The fast tier's stack: the real app and use cases over the in-memory adapters (same
 * semantics as DynamoDB's, held to one contract in tests/contract), with real keys and
 * tokens. Nothing is started; a stack costs milliseconds. What needs DynamoDB's or SQS's own
 * behaviour (transactions racing, faults, request counts) stays on `createTestStack`.
 */
export async function createMemoryStack(overrides: Partial<Record<string, string>> = {}, options: { clock?: Clock } = {}): Promise<TestStack> {
  const authSecret = randomBytes(32).toString('base64url');
  const env = loadEnv({
    TABLE_NAME: 'in-memory',
    QUEUE_URL: 'in-memory://moderation',
    AUTH_MODE: 'local',
    AUTH_SECRET: authSecret,
    SITE_ORIGINS: 'https://blog.example',
    DEMO_POST: 'on',
    ...overrides,
  });
  const material = newKeyMaterial(randomBytes);
  const keys = cachedKeyring(async () => material);
  const notifier = new RecordingNotifier();
  const queue = new InMemoryModerationQueue();
  const base = createServiceDeps(env, { notifier, keys });
  const clock = options.clock ?? base.clock;
  const deps = { ...base, ...createInMemoryStores({ retentionDays: env.PERSONAL_DATA_RETENTION_DAYS, now: () => clock.now() }), queue, clock };
  return stackOver({ env, deps, notifier, authSecret, receiveRaw: async () => queue.receiveAll() });
}
