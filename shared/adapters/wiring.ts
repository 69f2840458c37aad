/**
 * Builds the adapters once per process (module scope in a Lambda): clients
 * are created here, but nothing touches the network until the first request.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulid';
import { CognitoTokenVerifier, LocalTokenVerifier, type TokenVerifier } from '../auth/token-verifier.ts';
import { ConfigurationError, type Env } from '../config.ts';
import type { ModeratorNotifier } from '../domain/ports.ts';
import { FieldCipher } from '../privacy/field-cipher.ts';
import type { KeyringSource } from '../privacy/keyring.ts';
import { HmacLookupHasher } from '../privacy/lookup-hasher.ts';
import { HmacModerationLinkSigner } from '../privacy/moderation-link-signer.ts';
import type { CommentServiceDeps } from '../use-cases/deps.ts';
import type { ModeratorSignIn } from './http/pages/moderator/moderator-page.ts';
import type { StoragePorts } from '../domain/storage-ports.ts';
import { createDynamoDbStores } from './dynamodb/dynamodb-stores.ts';
import { LogModeratorNotifier } from './notify/notifiers.ts';
import { fileKeyring, secretsManagerKeyring } from './secrets/key-sources.ts';
import { SqsModerationQueue } from './sqs/sqs-moderation-queue.ts';
import { powertoolsTelemetry } from '../observability/telemetry.ts';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function keyringFrom(env: Env): KeyringSource {
  if (env.KEYS_SECRET_ARN) return secretsManagerKeyring(env.KEYS_SECRET_ARN);
  if (env.KEYS_FILE) return fileKeyring(env.KEYS_FILE);
  throw new ConfigurationError('Set KEYS_SECRET_ARN (AWS) or KEYS_FILE (local) for the field-encryption keys.');
}

export function dynamoDbClient(env: Env): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    region: env.AWS_REGION,
    ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT, credentials: LOCAL_CREDENTIALS } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

export function sqsClient(env: Env): SQSClient {
  return new SQSClient({ region: env.AWS_REGION, ...(env.SQS_ENDPOINT ? { endpoint: env.SQS_ENDPOINT, credentials: LOCAL_CREDENTIALS } : {}) });
}

/** Every storage port over the comments table, sharing one client. */
export function createStores(env: Env, keys: KeyringSource, client = dynamoDbClient(env)): StoragePorts {
  return createDynamoDbStores({ client, tableName: env.TABLE_NAME, cipher: new FieldCipher(keys), retentionDays: env.PERSONAL_DATA_RETENTION_DAYS });
}

export function createServiceDeps(env: Env, options: { notifier?: ModeratorNotifier; keys?: KeyringSource } = {}): CommentServiceDeps {
  const keys = options.keys ?? keyringFrom(env);
  const nextId = monotonicFactory();
  return {
    ...createStores(env, keys),
    queue: env.QUEUE_URL
      ? new SqsModerationQueue(sqsClient(env), env.QUEUE_URL)
      : {
          // Only the moderation worker runs without a queue, and it never queues: the functions that
          // do (api, sweeper) refuse to load without QUEUE_URL (requireEnv), not per request.
          enqueue: async () => {
            throw new ConfigurationError('This function has no moderation queue (QUEUE_URL is not set).');
          },
        },
    notifier: options.notifier ?? new LogModeratorNotifier(env.MODERATION_URL),
    hasher: new HmacLookupHasher(keys),
    clock: { now: () => new Date() },
    ids: { next: (now) => nextId(now.getTime()) },
    links: new HmacModerationLinkSigner(keys),
    telemetry: powertoolsTelemetry,
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
