import { randomBytes } from 'node:crypto';
import { InMemoryModerationQueue } from '../../shared/adapters/memory/in-memory-queue.ts';
import { createInMemoryStores } from '../../shared/adapters/memory/in-memory-stores.ts';
import { newKeyMaterial } from '../../shared/adapters/secrets/key-sources.ts';
import type { HttpOverrides } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { cachedKeyring } from '../../shared/privacy/keyring.ts';
import { RecordingNotifier, stackOver, type TestStack } from './test-stack.ts';

const systemClock = { now: () => new Date() };

/**
 * The fast tier's stack: the real app from the composition root, with the in-memory stores,
 * queue and notifier handed in as overrides (same semantics as DynamoDB's, held to one contract
 * in tests/contract), and real keys and tokens. Nothing is started; a stack costs milliseconds.
 * What needs DynamoDB's or SQS's own behaviour (transactions racing, faults, request counts)
 * stays on `createTestStack`.
 */
export async function createMemoryStack(overrides: Partial<Record<string, string>> = {}, wiring: HttpOverrides = {}): Promise<TestStack> {
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
  const notifier = new RecordingNotifier();
  const queue = new InMemoryModerationQueue();
  const clock = wiring.clock ?? systemClock;
  const { imports, ...stores } = createInMemoryStores({ retentionDays: env.PERSONAL_DATA_RETENTION_DAYS, now: () => clock.now() });
  return stackOver({
    env,
    authSecret,
    notifier,
    receiveRaw: async () => queue.receiveAll(),
    wiring: { keys: cachedKeyring(async () => material), notifier, queue, stores, imports, clock, ...wiring },
  });
}
