import './local/log-format.ts';
import { join } from 'node:path';
import { getConnInfo } from '@hono/node-server/conninfo';
import { buildWidget } from '../infra/widget-bundle.ts';
import { loadEnv } from '../shared/config.ts';
import { logger } from '../shared/observability/logger.ts';
import { sweepUnchecked } from '../shared/use-cases/sweep-unchecked.ts';
import { DATA_DIR, ensureLocalSecrets } from './local/data-dir.ts';
import { startEmulators } from './local/emulators.ts';
import { listenFirst, parsePort } from './local/http-server.ts';
import { ensureQueues, ensureTable } from './local/provision.ts';
import { startWorkerLoop } from './local/worker-loop.ts';

/**
 * `npm start`: DynamoDB Local + fauxqs + the API + the moderation worker + the
 * sweeper, all on this machine, data kept in `.data/`. Ctrl-C, SIGTERM (what npm,
 * process managers and IDE stop buttons send) or a failed start stops all of it.
 */
const SWEEP_EVERY_MS = 60_000;
const host = process.env.HOST ?? '127.0.0.1';
const say = (line: string) => process.stderr.write(`[local] ${line}\n`);

/** What has been started, stopped in reverse order. */
const running: Array<() => Promise<void> | void> = [];
let stopping = false;
let startup: Promise<void> = Promise.resolve();

async function shutdown(reason: string, exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say(`${reason}: stopping…`);
    // Whatever is still starting (Java above all) is stopped too, once it is up.
    await startup.catch(() => undefined);
    for (const stop of running.splice(0).reverse()) await Promise.resolve(stop()).catch(() => undefined);
    say('stopped.');
    process.exit(exitCode);
  }
  return new Promise<never>(() => undefined);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(signal, 0));
// `npm start` execs node (package.json), so npm's SIGTERM reaches it; should npm die without
// passing a signal on (SIGKILL), this process is orphaned: notice it and stop as well.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void shutdown('parent process gone', 0);
}, 1000).unref();

async function start(): Promise<void> {
  const port = parsePort(process.env.PORT);
  const http = await listenFirst(port, host);
  running.push(() => new Promise<void>((resolve) => {
    http.server.close(() => resolve());
    (http.server as { closeAllConnections?: () => void }).closeAllConnections?.();
  }));
  http.server.on('error', (error) => void shutdown(`HTTP server error: ${error.message}`, 1));

  say('starting DynamoDB Local and the SQS emulator…');
  const secrets = ensureLocalSecrets();
  const emulators = await startEmulators({ dataDir: join(DATA_DIR, 'dynamodb') });
  running.push(() => emulators.stop());
  if (stopping) return;
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
    // The app's own origin (redirects, CORS): configuration, never the request's Host header.
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    MODERATION_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
    AWS_REGION: 'us-east-1',
    DEMO_POST: process.env.DEMO_POST ?? 'on',
  });
  const env = loadEnv();

  // The same modules the Lambda functions are built from.
  const { createApp } = await import('../shared/adapters/http/app.ts');
  const { composeApp, composeSweeper, composeWorker, dynamoDbClient } = await import('../shared/adapters/wiring.ts');
  const { localQueueCalls } = await import('./local/local-sqs.ts');
  const { createModerationWorkerHandler } = await import('../functions/moderation-worker/handler.ts');

  // One client of each kind for the API, the worker and the sweeper, as one process.
  const clients = { dynamoDb: dynamoDbClient(env) };
  // The widget is built now, not on the first /widget.js request (buildWidget keeps it).
  buildWidget();
  const app = createApp(composeApp(env, { ...clients, widgetScript: buildWidget, directAddress: (c) => getConnInfo(c).remote.address }));
  http.serve(app.fetch);

  const workerDeps = composeWorker(env, clients);
  const worker = startWorkerLoop({
    sqs: localQueueCalls(env.SQS_ENDPOINT, env.AWS_REGION),
    queueUrl,
    createHandler: () => createModerationWorkerHandler(workerDeps),
    onError: (error) => logger.error('Local worker loop error', { error }),
  });
  running.push(() => worker.stop());

  // The queue lives in memory: on start, queue again whatever a previous run left unchecked.
  const sweeperDeps = composeSweeper(env, clients);
  const sweep = (stuckAfterMs?: number) =>
    sweepUnchecked({ ...sweeperDeps, now: sweeperDeps.clock.now(), ...(stuckAfterMs !== undefined ? { stuckAfterMs } : {}) }).catch((error: unknown) =>
      logger.error('Local sweeper error', { error }),
    );
  await sweep(0);
  const sweeper = setInterval(() => void sweep(), SWEEP_EVERY_MS);
  running.push(() => clearInterval(sweeper));

  say(`API and demo post: http://localhost:${port}/  (OpenAPI: /openapi.json)`);
  say(`DynamoDB Local: ${emulators.dynamoDbEndpoint}  SQS emulator: ${emulators.sqsEndpoint}  data: ${DATA_DIR}`);
  // The token rides in the fragment: the browser never sends it to a server, the page keeps it in sessionStorage.
  const { signLocalToken } = await import('../shared/auth/local-token.ts');
  const { signedInPageLink } = await import('../shared/adapters/http/pages/moderator/moderator-page.ts');
  say(`moderators' page, signed in for 12 h: ${signedInPageLink(`http://localhost:${port}`, await signLocalToken(secrets.authSecret))}`);
  say('moderator token: npm run --silent token   ·   stop: Ctrl-C');
}

startup = start();
startup.catch((error: Error) => {
  say(error.message);
  void shutdown('could not start', 1);
});
