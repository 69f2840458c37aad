import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { SqsModerationQueue } from '../shared/adapters/sqs/sqs-moderation-queue.ts';
import { loadEnv } from '../shared/config.ts';
import { logger } from '../shared/observability/logger.ts';
import { sweepUnchecked } from '../shared/use-cases/sweep-unchecked.ts';
import { DATA_DIR, ensureLocalSecrets } from './local/data-dir.ts';
import { startEmulators } from './local/emulators.ts';
import { ensureQueues, ensureTable } from './local/provision.ts';
import { startWorkerLoop } from './local/worker-loop.ts';

/**
 * `npm start`: DynamoDB Local + fauxqs + the API + the moderation worker + the
 * sweeper, all on this machine, data kept in `.data/`. Ctrl-C stops all of it.
 */
const SWEEP_EVERY_MS = 60_000;
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const say = (line: string) => process.stderr.write(`[local] ${line}\n`);

say('starting DynamoDB Local and the SQS emulator…');
const secrets = ensureLocalSecrets();
const emulators = await startEmulators({ dataDir: join(DATA_DIR, 'dynamodb') }).catch((error: Error) => {
  say(error.message);
  process.exit(1);
});
const tableName = 'comments';
await ensureTable(emulators.dynamoDbEndpoint, tableName);
const { queueUrl } = await ensureQueues(emulators.sqsEndpoint, 'moderation');

Object.assign(process.env, {
  TABLE_NAME: tableName,
  QUEUE_URL: queueUrl,
  DYNAMODB_ENDPOINT: emulators.dynamoDbEndpoint,
  SQS_ENDPOINT: emulators.sqsEndpoint,
  KEYS_FILE: secrets.keysFile,
  AUTH_MODE: 'local',
  AUTH_SECRET: secrets.authSecret,
  MODERATION_URL: `http://localhost:${port}`,
  AWS_REGION: 'us-east-1',
});
const env = loadEnv();

// The same modules the Lambda functions are built from.
const { createApp } = await import('../shared/adapters/http/app.ts');
const { clientIpResolver } = await import('../shared/adapters/http/client-ip.ts');
const { createServiceDeps, createRepository, createTokenVerifier, keyringFrom, sqsClient } = await import('../shared/adapters/wiring.ts');
const { handler: moderationHandler } = await import('../functions/moderation-worker/index.ts');

const app = createApp({
  ...createServiceDeps(env),
  verifier: createTokenVerifier(env),
  siteOrigins: env.SITE_ORIGINS,
  clientIp: clientIpResolver({ directAddress: (c) => getConnInfo(c).remote.address, trustedProxyHops: env.TRUSTED_PROXY_HOPS }),
});
const server = serve({ fetch: app.fetch, port, hostname: host });

const sqs = sqsClient(env);
const worker = startWorkerLoop({
  sqs,
  queueUrl,
  handler: moderationHandler,
  onError: (error) => logger.error('Local worker loop error', { error }),
});

// The queue lives in memory: on start, queue again whatever a previous run left unchecked.
const sweeperDeps = { comments: createRepository(env, keyringFrom(env)), queue: new SqsModerationQueue(sqs, queueUrl) };
const sweep = (stuckAfterMs?: number) =>
  sweepUnchecked({ ...sweeperDeps, now: new Date(), ...(stuckAfterMs !== undefined ? { stuckAfterMs } : {}) }).catch((error: unknown) =>
    logger.error('Local sweeper error', { error }),
  );
await sweep(0);
const sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);

say(`API and demo post: http://localhost:${port}/  (OpenAPI: /openapi.json)`);
say(`DynamoDB Local: ${emulators.dynamoDbEndpoint}  SQS emulator: ${emulators.sqsEndpoint}  data: ${DATA_DIR}`);
// The token rides in the fragment: the browser never sends it to a server, the page keeps it in sessionStorage.
const { signLocalToken } = await import('../shared/auth/local-token.ts');
const { signedInPageLink } = await import('../shared/adapters/http/pages/moderator/moderator-page.ts');
say(`moderators' page, signed in for 12 h: ${signedInPageLink(`http://localhost:${port}`, await signLocalToken(secrets.authSecret))}`);
say('moderator token: npm run --silent token   ·   stop: Ctrl-C');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  say(`${signal}: stopping…`);
  clearInterval(sweeper);
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
  await worker.stop();
  await emulators.stop();
  say('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
