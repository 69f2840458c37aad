import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { Hono } from 'hono';
import { afterEach, beforeAll, beforeEach, inject } from 'vitest';
import { buildWidget } from '../../infra/widget-bundle.ts';
import { localSqs } from '../../scripts/local/local-sqs.ts';
import { ensureQueues, ensureTable } from '../../scripts/local/provision.ts';
import { toSqsEvent } from '../../scripts/local/worker-loop.ts';
import { createApp } from '../../shared/adapters/http/app.ts';
import type { AppDeps, AppEnv } from '../../shared/adapters/http/app-deps.ts';
import { newKeyMaterial } from '../../shared/adapters/secrets/key-sources.ts';
import { ModerationMessage, submissionFactsOf } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { composeApp, type HttpOverrides } from '../../shared/adapters/wiring.ts';
import { signLocalToken } from '../../shared/auth/local-token.ts';
import { type Env, loadEnv } from '../../shared/config.ts';
import { InMemoryModeratorNotifier as RecordingNotifier } from '../../shared/adapters/memory/in-memory-notifier.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';

/** Records notifications instead of sending them (the port's in-memory adapter). */
export { InMemoryModeratorNotifier as RecordingNotifier } from '../../shared/adapters/memory/in-memory-notifier.ts';

export interface TestStack {
  env: Env;
  /** What the app was composed with besides the environment (a test composing a variant passes it on). */
  wiring: HttpOverrides;
  /** What the app was composed from (both route sets' deps). */
  deps: AppDeps;
  app: Hono<AppEnv>;
  notifier: RecordingNotifier;
  authSecret: string;
  /** A moderator token (local HS256). */
  token(claims?: Parameters<typeof signLocalToken>[1]): Promise<string>;
  /** Calls the app like a client would; JSON bodies are serialised. */
  request(path: string, init?: RequestInit & { json?: unknown; ip?: string }): Promise<Response>;
  /** Receives what the API queued and runs the worker use case on each message, like the worker would. */
  drainQueue(): Promise<string[]>;
  /** Raw queue messages (bodies), received and deleted. */
  receiveRaw(): Promise<string[]>;
}

/** Builds a stack from environment overrides: `createTestStack` (emulators) or `createMemoryStack` (./memory-stack.ts). */
export type StackFactory = (overrides?: Partial<Record<string, string>>) => Promise<TestStack>;

/**
 * A fresh table and queue pair per test file on the shared emulators, with the
 * real adapters: what the tests exercise is what runs on AWS, minus AWS.
 */
export async function createTestStack(overrides: Partial<Record<string, string>> = {}, wiring: HttpOverrides = {}): Promise<TestStack> {
  const dynamoDbEndpoint = inject('dynamoDbEndpoint');
  const sqsEndpoint = inject('sqsEndpoint');
  const name = `t${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await ensureTable(dynamoDbEndpoint, name);
  const { queueUrl } = await ensureQueues(sqsEndpoint, name, { visibilityTimeoutSeconds: 1 });
  const dir = mkdtempSync(join(tmpdir(), 'comments-test-'));
  const keysFile = join(dir, 'keys.json');
  writeFileSync(keysFile, newKeyMaterial(randomBytes));
  const authSecret = randomBytes(32).toString('base64url');
  const env = loadEnv({
    TABLE_NAME: name,
    QUEUE_URL: queueUrl,
    DYNAMODB_ENDPOINT: dynamoDbEndpoint,
    SQS_ENDPOINT: sqsEndpoint,
    KEYS_FILE: keysFile,
    AUTH_MODE: 'local',
    AUTH_SECRET: authSecret,
    SITE_ORIGINS: 'https://blog.example',
    DEMO_POST: 'on',
    ...overrides,
  });
  const notifier = new RecordingNotifier();
  // The test reads the queue as the event source mapping would: with its own client, not the function's.
  const sqs = localSqs(env.SQS_ENDPOINT);

  const receiveRaw = async (): Promise<string[]> => {
    const bodies: string[] = [];
    for (;;) {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      const messages = received.Messages ?? [];
      if (messages.length === 0) return bodies;
      bodies.push(...messages.map((m) => m.Body ?? ''));
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
    }
  };
  return stackOver({ env, authSecret, notifier, receiveRaw, wiring: { notifier, ...wiring } });
}

/** What a stack is made of; the app and the helpers tests call it with are the same on both tiers. */
export interface StackParts {
  env: Env;
  authSecret: string;
  notifier: RecordingNotifier;
  /** Takes what was queued off the queue (the message bodies). */
  receiveRaw: () => Promise<string[]>;
  /** What the composition root is handed on top of the environment. */
  wiring: HttpOverrides;
}

/** The real app from the composition root, with the request, token and queue helpers (emulator and in-memory stacks). */
export function stackOver({ env, authSecret, notifier, receiveRaw, wiring: given }: StackParts): TestStack {
  const wiring: HttpOverrides = {
    // Bundled once per worker (buildWidget keeps it): every stack serves the same widget.
    widgetScript: buildWidget,
    // Each request gets its own address unless the test names one (flood and rate limits are per IP).
    clientIp: (c) => c.req.header('x-test-client-ip') ?? randomIp(),
    ...given,
  };
  const deps = composeApp(env, wiring);
  const app = createApp(deps);
  return {
    env,
    wiring,
    deps,
    app,
    notifier,
    authSecret,
    token: (claims) => signLocalToken(authSecret, claims),
    request: async (path, init = {}) => {
      const { json, ip, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (ip) headers.set('x-test-client-ip', ip);
      if (json !== undefined) {
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
        return app.request(path, { method: 'POST', ...rest, headers, body: JSON.stringify(json) });
      }
      return app.request(path, { ...rest, headers });
    },
    drainQueue: async () => {
      const ids: string[] = [];
      for (const body of await receiveRaw()) {
        const message = ModerationMessage.parse(JSON.parse(body));
        const { commentId } = message;
        await moderateComment(deps, commentId, submissionFactsOf(message));
        ids.push(commentId);
      }
      return ids;
    },
    receiveRaw,
  };
}

export { toSqsEvent };

export function randomIp(): string {
  const [a, b, c] = randomBytes(3);
  return `10.${a}.${b}.${c}`;
}

let counter = 0;
/** Object Mother: a valid submission, unique per call unless fields are given. */
export function aSubmission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  counter++;
  return {
    author: `Reader ${counter}`,
    email: `reader-${counter}-${randomUUID().slice(0, 8)}@example.com`,
    url: 'https://reader.example',
    content: `A thoughtful comment, number ${counter}.`,
    ...overrides,
  };
}

export function uniquePostId(prefix = 'post'): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/**
 * A stack where every submission stays pending until a moderator acts (manual moderation, no
 * flood wait), with a helper that approves as that moderator.
 */
export async function createHoldingStack(
  overrides: Partial<Record<string, string>> = {},
  makeStack: StackFactory = createTestStack,
): Promise<{ stack: TestStack; approve: (id: string) => Promise<void> }> {
  const stack = await makeStack(overrides);
  const authorization = `Bearer ${await stack.token()}`;
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, manualModeration: true });
  const approve = async (id: string) => {
    const res = await stack.request(`/moderation/comments/${id}/approve`, { method: 'POST', headers: { authorization } });
    if (res.status !== 200) throw new Error(`approving ${id}: ${res.status} ${await res.text()}`);
  };
  return { stack, approve };
}

/**
 * Hooks shared by moderation test files: one stack, a moderator's `authorization` header,
 * WordPress's settings without the flood check before each test, no notices carried over,
 * and the queue drained after each. Read `suite.stack` / `suite.auth` inside tests.
 */
export function moderationTestSuite(options: { sub?: string; makeStack?: StackFactory } = {}): { stack: TestStack; auth: { authorization: string } } {
  const suite = {} as { stack: TestStack; auth: { authorization: string } };
  beforeAll(async () => {
    suite.stack = await (options.makeStack ?? createTestStack)();
    suite.auth = { authorization: `Bearer ${await suite.stack.token(options.sub ? { sub: options.sub } : {})}` };
  });
  beforeEach(async () => {
    await suite.stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
    suite.stack.notifier.notices.length = 0;
  });
  afterEach(async () => {
    await suite.stack.receiveRaw();
  });
  return suite;
}
