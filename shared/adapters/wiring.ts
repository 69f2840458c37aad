/**
 * The composition root: the one place where adapters are built and handed to the use cases
 * and the route sets, for every runtime — the four Lambda functions (`compose<Function>`),
 * the local stack, the scripts and the tests (`composeApp`: both route sets in one app).
 * Each takes the validated environment and explicit overrides (clock, ids, notifier, keys,
 * clients…), checks the variables its function needs (a missing one stops the cold start,
 * naming it), and touches no network: clients connect on the first request.
 *
 * Each function's bundle keeps only the builders it calls (esbuild drops the rest), so the
 * public function carries no import store and the worker no HTTP app.
 */

import type { Context } from 'hono';
import { monotonicFactory } from 'ulid';
import { CognitoTokenVerifier, LocalTokenVerifier, type TokenVerifier } from '../auth/token-verifier.ts';
import { ConfigurationError, type Env, requireEnv } from '../config.ts';
import type { Clock, CommentImportStore, IdGenerator, ModerationQueue, ModeratorNotifier, Telemetry } from '../domain/ports.ts';
import type { ModerationBacklog, StoragePorts } from '../domain/storage-ports.ts';
import { FieldCipher } from '../privacy/field-cipher.ts';
import type { KeyringSource } from '../privacy/keyring.ts';
import { HmacLookupHasher } from '../privacy/lookup-hasher.ts';
import { HmacModerationLinkSigner } from '../privacy/moderation-link-signer.ts';
import { powertoolsTelemetry } from '../observability/telemetry.ts';
import type { CommentServiceDeps } from '../use-cases/deps.ts';
import { SettingsSnapshot } from '../use-cases/settings-snapshot.ts';
import type { AppDeps, HttpEdgeDeps, ModeratorAppDeps, PublicAppDeps } from './http/app-deps.ts';
import { clientIpResolver } from './http/client-ip.ts';
import type { ModeratorSignIn } from './http/pages/moderator/moderator-page.ts';
import { DynamoDbImportStore } from './dynamodb/dynamodb-import-store.ts';
import { DocumentCalls } from './dynamodb/document-calls.ts';
import { createDynamoDbStores } from './dynamodb/dynamodb-stores.ts';
import type { AwsJsonCall } from './aws/aws-service.ts';
import { LogModeratorNotifier } from './notify/notifiers.ts';
import { pooledRandom } from './pooled-random.ts';
import { snsPublisher } from './notify/sns-client.ts';
import { SnsModeratorNotifier } from './notify/sns-moderator-notifier.ts';
import { fileKeyring, secretsManagerKeyring } from './secrets/key-sources.ts';
import { sqsClient } from './sqs/sqs-client.ts';
import { SqsModerationQueue } from './sqs/sqs-moderation-queue.ts';

/** What a runtime may hand in instead of what the environment would build. */
export interface WiringOverrides {
  clock?: Clock;
  ids?: IdGenerator;
  notifier?: ModeratorNotifier;
  keys?: KeyringSource;
  telemetry?: Telemetry;
  dynamoDb?: DocumentCalls;
  /** SQS calls to use instead of the environment's (a test's own queue reader shares them). */
  sqs?: AwsJsonCall;
  /** Stores to use instead of the DynamoDB ones (a test's failing or counting store). */
  stores?: Partial<StoragePorts>;
  /** The import store to use instead of the DynamoDB one (the in-memory test tier). */
  imports?: CommentImportStore;
  queue?: ModerationQueue;
}

/** The HTTP functions' overrides on top. */
export interface HttpOverrides extends WiringOverrides {
  verifier?: TokenVerifier;
  /** The client's address as the runtime sees it (default: API Gateway's `requestContext.http.sourceIp`); TRUSTED_PROXY_HOPS applies on top. */
  directAddress?: (c: Context) => string | null | undefined;
  /** The client's address, final (tests name one per request). */
  clientIp?: (c: Context) => string | null;
  widgetScript?: (() => string) | null;
  openApiDocument?: (() => string) | null;
}

export function keyringFrom(env: Env): KeyringSource {
  if (env.KEYS_SECRET_ARN) return secretsManagerKeyring(env.KEYS_SECRET_ARN, { region: env.AWS_REGION });
  if (env.KEYS_FILE) return fileKeyring(env.KEYS_FILE);
  throw new ConfigurationError('Set KEYS_SECRET_ARN (AWS) or KEYS_FILE (local) for the field-encryption keys.');
}

/** The table's calls (DynamoDB Local when DYNAMODB_ENDPOINT is set); the client is made on the first call. */
export function dynamoDbClient(env: Env): DocumentCalls {
  return DocumentCalls.at({ region: env.AWS_REGION, endpoint: env.DYNAMODB_ENDPOINT });
}

const systemClock: Clock = { now: () => new Date() };

/** Every storage port over the comments table, sharing one client; the stores read the use cases' clock (expiry times, idempotency records). */
export function createStores(env: Env, keys: KeyringSource, client = dynamoDbClient(env), clock = systemClock): StoragePorts {
  return createDynamoDbStores({ client, tableName: env.TABLE_NAME, cipher: new FieldCipher(keys), retentionDays: env.PERSONAL_DATA_RETENTION_DAYS, now: () => clock.now() });
}

/** Import and export's store: the moderators' function's alone. */
export function createImportStore(env: Env, keys: KeyringSource, client = dynamoDbClient(env), clock = systemClock): CommentImportStore {
  return new DynamoDbImportStore({ client, tableName: env.TABLE_NAME, cipher: new FieldCipher(keys), retentionDays: env.PERSONAL_DATA_RETENTION_DAYS, now: () => clock.now() });
}

/** The moderation queue; without QUEUE_URL, a queue that refuses (the functions that queue require it when they load). */
function moderationQueue(env: Env, overrides: WiringOverrides): ModerationQueue {
  if (overrides.queue) return overrides.queue;
  if (env.QUEUE_URL) return new SqsModerationQueue(overrides.sqs ?? sqsClient(env), env.QUEUE_URL);
  return {
    enqueue: async () => {
      throw new ConfigurationError('This function has no moderation queue (QUEUE_URL is not set).');
    },
  };
}

/** The use cases' ports, shared by every function that reads comments' personal data. */
export function composeServices(env: Env, overrides: WiringOverrides = {}): CommentServiceDeps {
  const keys = overrides.keys ?? keyringFrom(env);
  const clock = overrides.clock ?? systemClock;
  const nextId = monotonicFactory(pooledRandom());
  const stores = { ...createStores(env, keys, overrides.dynamoDb ?? dynamoDbClient(env), clock), ...overrides.stores };
  return {
    ...stores,
    decisionSettings: new SettingsSnapshot(stores.settings),
    queue: moderationQueue(env, overrides),
    notifier: overrides.notifier ?? new LogModeratorNotifier(env.MODERATION_URL),
    hasher: new HmacLookupHasher(keys),
    clock,
    ids: overrides.ids ?? { next: (now) => nextId(now.getTime()) },
    links: new HmacModerationLinkSigner(keys),
    telemetry: overrides.telemetry ?? powertoolsTelemetry,
  };
}

/** The moderators' page signs in with Cognito's managed login on AWS, with a token locally. */
export function moderatorSignIn(env: Env): ModeratorSignIn {
  if (env.AUTH_MODE === 'cognito' && env.AUTH_LOGIN_DOMAIN && env.AUTH_AUDIENCE) {
    return { kind: 'cognito', loginDomain: env.AUTH_LOGIN_DOMAIN, clientId: env.AUTH_AUDIENCE };
  }
  return { kind: 'token' };
}

export function createTokenVerifier(env: Env): TokenVerifier {
  if (env.AUTH_MODE === 'local') {
    if (!env.AUTH_SECRET) throw new ConfigurationError('AUTH_MODE=local needs AUTH_SECRET.');
    return new LocalTokenVerifier(env.AUTH_SECRET);
  }
  if (!env.AUTH_ISSUER || !env.AUTH_AUDIENCE) throw new ConfigurationError('AUTH_MODE=cognito needs AUTH_ISSUER and AUTH_AUDIENCE.');
  return new CognitoTokenVerifier(env.AUTH_ISSUER, env.AUTH_AUDIENCE);
}

/** API Gateway HTTP API (payload 2.0): the peer is in the request context. */
const apiGatewaySourceIp = (c: Context) => (c.env as { requestContext?: { http?: { sourceIp?: string } } } | undefined)?.requestContext?.http?.sourceIp;

function composeEdge(env: Env, overrides: HttpOverrides): HttpEdgeDeps {
  return {
    ...composeServices(env, overrides),
    verifier: overrides.verifier ?? createTokenVerifier(env),
    siteOrigins: env.SITE_ORIGINS,
    publicUrl: env.PUBLIC_URL,
    clientIp: overrides.clientIp ?? clientIpResolver({ directAddress: overrides.directAddress ?? apiGatewaySourceIp, trustedProxyHops: env.TRUSTED_PROXY_HOPS }),
  };
}

/** The public function: it queues every comment, so it does not start without QUEUE_URL. */
export function composePublicApi(env: Env, overrides: HttpOverrides = {}): PublicAppDeps {
  requireEnv(env, ['QUEUE_URL'], 'The public api function');
  return { ...composeEdge(env, overrides), widgetScript: overrides.widgetScript ?? null, openApiDocument: overrides.openApiDocument ?? null, demoPost: env.DEMO_POST };
}

/** The moderators' function: tokens, the page's sign-in and the import store; it queues nothing. */
export function composeModeratorApi(env: Env, overrides: HttpOverrides = {}): ModeratorAppDeps {
  const edge = composeEdge(env, overrides);
  const imports = overrides.imports ?? createImportStore(env, overrides.keys ?? keyringFrom(env), overrides.dynamoDb ?? dynamoDbClient(env), edge.clock);
  return { ...edge, imports, signIn: moderatorSignIn(env) };
}

/** Both route sets in one app (the local server, the scripts, the tests): one set of clients for both. */
export function composeApp(env: Env, overrides: HttpOverrides = {}): AppDeps {
  const keys = overrides.keys ?? keyringFrom(env);
  const dynamoDb = overrides.dynamoDb ?? dynamoDbClient(env);
  const shared = { ...overrides, keys, dynamoDb };
  const visitors = composePublicApi(env, shared);
  return { ...visitors, imports: overrides.imports ?? createImportStore(env, keys, dynamoDb, visitors.clock), signIn: moderatorSignIn(env) };
}

/** The moderation worker: held comments notify moderators over SNS when NOTIFY_TOPIC_ARN is set, else in the log. */
export function composeWorker(env: Env, overrides: WiringOverrides = {}): CommentServiceDeps {
  const notifier =
    overrides.notifier ??
    (env.NOTIFY_TOPIC_ARN ? new SnsModeratorNotifier(snsPublisher({ region: env.AWS_REGION }), env.NOTIFY_TOPIC_ARN, env.MODERATION_URL) : undefined);
  return composeServices(env, { ...overrides, ...(notifier ? { notifier } : {}) });
}

export interface SweeperDeps {
  backlog: ModerationBacklog;
  queue: ModerationQueue;
  telemetry: Telemetry;
  clock: Clock;
}

/** The sweeper reads ids only: it holds no keys and never decrypts anything. */
export function composeSweeper(env: Env, overrides: WiringOverrides = {}): SweeperDeps {
  requireEnv(env, ['QUEUE_URL'], 'The sweeper');
  const noKeys = () => Promise.reject(new ConfigurationError('The sweeper has no access to the field-encryption keys.'));
  const clock = overrides.clock ?? systemClock;
  return {
    backlog: overrides.stores?.backlog ?? createStores(env, overrides.keys ?? noKeys, overrides.dynamoDb ?? dynamoDbClient(env), clock).backlog,
    queue: moderationQueue(env, overrides),
    telemetry: overrides.telemetry ?? powertoolsTelemetry,
    clock,
  };
}
