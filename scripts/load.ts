import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { startThrowawayStack } from './local/throwaway-stack.ts';
import { startWorkerLoop } from './local/worker-loop.ts';

/**
 * `npm run load`: a reproducible load test on this machine, with nothing else running.
 * Starts its own DynamoDB Local (in memory) + SQS emulator + the API (the same Hono app)
 * + moderation workers (the same record handler, one batch processor per worker, as
 * concurrent Lambda instances), turns the flood and rate limits off, submits LOAD_REQUESTS
 * (default 10 000) distinct comments with autocannon, waits for the queue to drain, then
 * checks through the moderation API that every 202 is stored and decided exactly once.
 * Prints requests/s, latency p50/p99 and lost/duplicated/5xx; exits non-zero unless all are 0.
 * Bounded: it gives up after LOAD_DEADLINE_SECONDS (default 900).
 */
// The SDK's Node 20 notice (the project supports Node 20, see engines in package.json) would only clutter the result.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 10_000);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 16);
const WORKERS = Number(process.env.LOAD_WORKERS ?? 4);
const DEADLINE_SECONDS = Number(process.env.LOAD_DEADLINE_SECONDS ?? 900);
const POST_ID = `load-${randomUUID().slice(0, 8)}`;

const say = (line: string) => process.stderr.write(`[load] ${line}\n`);
const started = Date.now();
const watchdog = setTimeout(() => {
  say(`gave up after ${DEADLINE_SECONDS} s`);
  process.exit(2);
}, DEADLINE_SECONDS * 1000);
watchdog.unref();

// --- the stack -------------------------------------------------------------------------
say('starting DynamoDB Local (in memory) and the SQS emulator…');
const stack = await startThrowawayStack('load');
const cleanups: Array<() => Promise<void> | void> = [() => stack.stop()];
async function cleanUp(): Promise<void> {
  for (const step of cleanups.splice(0).reverse()) await Promise.resolve(step()).catch(() => undefined);
}
process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

const { queueUrl, dlqUrl, authSecret } = stack;
Object.assign(process.env, {
  ...stack.env,
  // Warnings and errors only: 10 000 "comment moderated" lines would drown the result.
  POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
  POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
});

const { loadEnv } = await import('../shared/config.ts');
const { createApp } = await import('../shared/adapters/http/app.ts');
const { composeApp, composeWorker, dynamoDbClient } = await import('../shared/adapters/wiring.ts');
const { localQueueCalls, localSqs } = await import('./local/local-sqs.ts');
const { DEFAULT_SETTINGS } = await import('../shared/domain/settings.ts');
const { signLocalToken } = await import('../shared/auth/local-token.ts');
const { recordModerator } = await import('../functions/moderation-worker/handler.ts');
const { BatchProcessor, EventType, processPartialResponse } = await import('@aws-lambda-powertools/batch');

const env = loadEnv();
const clients = { dynamoDb: dynamoDbClient(env) };
const deps = composeApp(env, { ...clients, directAddress: (c) => getConnInfo(c).remote.address });
await deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, ratePerIpPerMinute: 0, previouslyApproved: false });
const app = createApp(deps);
const moderateRecord = recordModerator(composeWorker(env, clients));
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((resolve) => server.once('listening', resolve));
cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const sqs = localSqs(env.SQS_ENDPOINT, env.AWS_REGION);
const queueCalls = localQueueCalls(env.SQS_ENDPOINT, env.AWS_REGION);
const deliveries = new Map<string, number>();
for (let i = 0; i < WORKERS; i++) {
  // One batch processor per worker, like one per concurrent Lambda instance.
  const processor = new BatchProcessor(EventType.SQS);
  const worker = startWorkerLoop({
    sqs: queueCalls,
    queueUrl,
    waitSeconds: 1,
    handler: (event, context) => {
      for (const record of event.Records) deliveries.set(record.body, (deliveries.get(record.body) ?? 0) + 1);
      return processPartialResponse(event, moderateRecord, processor, { context, throwOnFullBatchFailure: false });
    },
    onError: (error) => say(`worker loop error: ${String(error)}`),
  });
  cleanups.push(() => worker.stop());
}
say(`API ${baseUrl}, ${WORKERS} workers; submitting ${REQUESTS} comments over ${CONNECTIONS} connections…`);

// --- the load --------------------------------------------------------------------------
interface AutocannonResult {
  duration: number;
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

let sequence = 0;
const accepted = new Map<string, string>(); // comment id → marker
const statuses = new Map<number, number>();
const result = await autocannon({
  url: baseUrl,
  connections: CONNECTIONS,
  amount: REQUESTS,
  timeout: 30,
  requests: [
    {
      method: 'POST',
      path: `/posts/${POST_ID}/comments`,
      headers: { 'content-type': 'application/json' },
      setupRequest: (request: Record<string, unknown>) => {
        const n = ++sequence;
        const marker = `m${n}-${randomUUID().slice(0, 8)}`;
        const body = { author: `Reader ${n}`, email: `reader-${marker}@example.com`, url: 'https://reader.example', content: `Load comment ${marker}: a thoughtful remark.` };
        return { ...request, body: JSON.stringify(body) };
      },
      onResponse: (status: number, body: string) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 202) {
          const { comment } = JSON.parse(body) as { comment: { id: string; content: string } };
          accepted.set(comment.id, /Load comment (m\d+-\w+)/.exec(comment.content)?.[1] ?? '');
        }
      },
    },
  ],
});
const loadSeconds = result.duration;
say(`load done in ${loadSeconds.toFixed(1)} s; waiting for the workers to drain the queue…`);

// --- drain -----------------------------------------------------------------------------
const drainStart = Date.now();
async function inFlight(url: string): Promise<number> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}
let quietChecks = 0;
while (quietChecks < 3) {
  quietChecks = (await inFlight(queueUrl)) === 0 ? quietChecks + 1 : 0;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
const drainSeconds = (Date.now() - drainStart) / 1000;

// --- verify through the moderation API --------------------------------------------------------
say('verifying every accepted comment through the moderation API…');
const token = await signLocalToken(authSecret);
type Listed = { id: string; content: string; status: string; version: number; moderation: { decidedBy: string | null; checkedAt: string | null } };
const listed: Listed[] = [];
for (const status of ['pending', 'approved', 'spam', 'trash']) {
  let cursor = '';
  do {
    const res = await fetch(`${baseUrl}/moderation/comments?status=${status}&postId=${POST_ID}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`moderation list answered ${res.status}`);
    const page = (await res.json()) as { comments: Listed[]; nextCursor: string | null };
    listed.push(...page.comments);
    cursor = page.nextCursor ?? '';
  } while (cursor);
}

const byId = new Map<string, Listed[]>();
const byMarker = new Map<string, number>();
for (const comment of listed) {
  byId.set(comment.id, [...(byId.get(comment.id) ?? []), comment]);
  const marker = /Load comment (m\d+-\w+)/.exec(comment.content)?.[1] ?? comment.id;
  byMarker.set(marker, (byMarker.get(marker) ?? 0) + 1);
}
const lost = [...accepted.keys()].filter((id) => !byId.has(id));
const duplicated = [...byId.values()].filter((copies) => copies.length > 1).length + [...byMarker.values()].filter((n) => n > 1).length;
const decidedOnce = (c: Listed) => c.moderation.decidedBy === 'rules' && c.moderation.checkedAt !== null && c.version === 2;
const stored = [...accepted.keys()].map((id) => byId.get(id)?.[0]).filter((c): c is Listed => c !== undefined);
const unmoderated = stored.filter((c) => !decidedOnce(c)).length;
const outcomes: Record<string, number> = {};
for (const c of stored) outcomes[c.status] = (outcomes[c.status] ?? 0) + 1;
const redelivered = [...deliveries.values()].filter((n) => n > 1).length;
const fiveXx = [...statuses.entries()].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
const dead = await inFlight(dlqUrl);

const lines = [
  '',
  `requests      ${result.requests.total} in ${loadSeconds.toFixed(1)} s over ${CONNECTIONS} connections`,
  `requests/s    ${result.requests.average.toFixed(0)} (average)`,
  `latency       p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   avg ${result.latency.average.toFixed(1)} ms   max ${result.latency.max} ms`,
  `statuses      ${[...statuses.entries()].sort().map(([status, n]) => `${status}: ${n}`).join('   ')}   errors: ${result.errors}   timeouts: ${result.timeouts}`,
  `accepted      ${accepted.size}`,
  `stored        ${stored.length}   (listed for the post: ${listed.length})`,
  `moderated     ${stored.length - unmoderated} exactly once   ${Object.entries(outcomes).map(([status, n]) => `${status}: ${n}`).join('   ')}`,
  `drain         ${drainSeconds.toFixed(1)} s after the last request   redelivered messages: ${redelivered}   dead-lettered: ${dead}`,
  `lost = ${lost.length}   duplicated = ${duplicated}   unmoderated = ${unmoderated}   5xx = ${fiveXx}`,
  `total         ${((Date.now() - started) / 1000).toFixed(1)} s`,
];
process.stdout.write(`${lines.join('\n')}\n`);

const ok = accepted.size >= REQUESTS && lost.length === 0 && duplicated === 0 && unmoderated === 0 && fiveXx === 0 && result.errors === 0;
process.stdout.write(`${ok ? 'PASS' : 'FAIL'}\n`);
sqs.destroy();
await cleanUp();
clearTimeout(watchdog);
process.exit(ok ? 0 : 1);
