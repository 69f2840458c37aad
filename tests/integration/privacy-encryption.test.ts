/**
 * Field encryption at the storage boundary: what the stores write to DynamoDB
 * and reads back, before and after a key rotation ({current:k1} → {current:k2, k1, k2}).
 */

import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeServices } from '../../shared/adapters/wiring.ts';
import { FieldCipher } from '../../shared/privacy/field-cipher.ts';
import { cachedKeyring, Keyring, type KeyringSource, RELOAD_INTERVAL_MS } from '../../shared/privacy/keyring.ts';
import type { Comment } from '../../shared/domain/comment.ts';
import type { CommentServiceDeps } from '../../shared/use-cases/deps.ts';
import { exportPersonalData } from '../../shared/use-cases/privacy-requests.ts';
import { submitComment } from '../../shared/use-cases/submit-comment.ts';
import { aSubmission, createTestStack, RecordingNotifier, type TestStack, uniquePostId } from '../support/test-stack.ts';

const K1 = randomBytes(48).toString('base64url');
const K2 = randomBytes(48).toString('base64url');
const beforeRotation = { current: 'k1', lookup: 'k1', k1: K1 };
const afterRotation = { current: 'k2', lookup: 'k1', k1: K1, k2: K2 };
const CIPHERTEXT = (keyId: string) => new RegExp(`^enc:v1:${keyId}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$`);

const keysOf = (material: object): KeyringSource => cachedKeyring(async () => JSON.stringify(material));

let stack: TestStack;
let dynamo: DynamoDBClient;

beforeAll(async () => {
  stack = await createTestStack();
  dynamo = new DynamoDBClient({ endpoint: stack.env.DYNAMODB_ENDPOINT, region: stack.env.AWS_REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  // Many comments from one address in a row: no flood or rate limit in the way.
  const settings = await stack.request('/moderation/settings', { method: 'PUT', json: { floodSeconds: 0, ratePerIpPerMinute: 0 }, headers: { authorization: `Bearer ${await stack.token()}` } });
  expect(settings.status).toBe(200);
  return () => dynamo.destroy();
});

/** The real adapters (DynamoDB stores, keyed hasher) over the given keys; the queue is not needed. */
function depsWith(keys: KeyringSource): CommentServiceDeps {
  return composeServices(stack.env, { keys, notifier: new RecordingNotifier(), queue: { enqueue: async () => undefined } });
}

async function rawItem(id: string, sk: 'COMMENT' | 'REQUEST'): Promise<Record<string, { S?: string; N?: string; NULL?: boolean }>> {
  const result = await dynamo.send(new GetItemCommand({ TableName: stack.env.TABLE_NAME, Key: { pk: { S: `COMMENT#${id}` }, sk: { S: sk } }, ConsistentRead: true }));
  return result.Item as Record<string, { S?: string }>;
}

const context = { ip: '192.0.2.44', userAgent: 'Mozilla/5.0 (Encryption test)' };

/** Submits through the use case and reads the whole stored comment back. */
async function write(deps: CommentServiceDeps, submission: Record<string, unknown>, postId = uniquePostId('enc')): Promise<Comment> {
  const { id } = await submitComment(deps, submission, { postId, ...context });
  return (await deps.comments.get(id))!;
}

describe('Field encryption at rest (DynamoDB stores + FieldCipher)', () => {
  it('stores email, IP and user agent as AES-GCM ciphertext and reads them back in clear', async () => {
    // Prepare
    const deps = depsWith(keysOf(beforeRotation));
    const submission = aSubmission({ email: `Round.Trip.${randomUUID().slice(0, 8)}@Example.com` });

    // Act
    const read = await write(deps, submission);
    const [main, request] = await Promise.all([rawItem(read.id, 'COMMENT'), rawItem(read.id, 'REQUEST')]);

    // Assess
    expect(main.email?.S).toMatch(CIPHERTEXT('k1'));
    expect(request.ip?.S).toMatch(CIPHERTEXT('k1'));
    expect(request.userAgent?.S).toMatch(CIPHERTEXT('k1'));
    const stored = JSON.stringify([main, request]).toLowerCase();
    for (const secret of [String(submission.email), context.ip, context.userAgent]) expect(stored).not.toContain(secret.toLowerCase());
    expect(read).toMatchObject({ email: submission.email, ip: context.ip, userAgent: context.userAgent });
  });

  it('binds each ciphertext to its comment and field: copied onto another comment it does not decrypt', async () => {
    // Prepare
    const deps = depsWith(keysOf(beforeRotation));
    const [a, b] = [await write(deps, aSubmission()), await write(deps, aSubmission())];
    const stolen = (await rawItem(a.id, 'COMMENT')).email!.S!;

    // Act
    await dynamo.send(
      new UpdateItemCommand({
        TableName: stack.env.TABLE_NAME,
        Key: { pk: { S: `COMMENT#${b.id}` }, sk: { S: 'COMMENT' } },
        UpdateExpression: 'SET email = :email',
        ExpressionAttributeValues: { ':email': { S: stolen } },
      }),
    );

    // Assess
    await expect(deps.comments.get(b.id)).rejects.toThrow();
    expect((await deps.comments.get(a.id))?.email).toBe(a.email);
  });

  it('after rotation to {current: k2, k1, k2}: old comments stay readable, new ones are written under k2, lookups unchanged', async () => {
    // Prepare: written before the rotation.
    const old = depsWith(keysOf(beforeRotation));
    const email = `Rotating.${randomUUID().slice(0, 8)}@Example.com`;
    const postId = uniquePostId('rotation');
    const written = await write(old, aSubmission({ email }), postId);

    // Act: rotate (a new keyring, as after updating the secret), read the old comment, write a new one.
    const rotated = depsWith(keysOf(afterRotation));
    const oldRead = await rotated.comments.get(written.id);
    const fresh = await write(rotated, aSubmission({ email: email.toUpperCase() }), postId);

    // Assess: the old ciphertext is untouched (no rewrite) and still readable …
    expect((await rawItem(written.id, 'COMMENT')).email?.S).toMatch(CIPHERTEXT('k1'));
    expect((await rawItem(written.id, 'REQUEST')).ip?.S).toMatch(CIPHERTEXT('k1'));
    expect(oldRead).toMatchObject({ email, ip: context.ip, userAgent: context.userAgent });
    // … the new comment names k2 in every ciphertext …
    expect((await rawItem(fresh.id, 'COMMENT')).email?.S).toMatch(CIPHERTEXT('k2'));
    expect((await rawItem(fresh.id, 'REQUEST')).ip?.S).toMatch(CIPHERTEXT('k2'));
    expect((await rawItem(fresh.id, 'REQUEST')).userAgent?.S).toMatch(CIPHERTEXT('k2'));
    expect(await rotated.comments.get(fresh.id)).toMatchObject({ email: email.toUpperCase(), ip: context.ip });
    // … and the lookup key did not move (lookup stays k1): both comments are one author's.
    expect(fresh.emailKey).toBe(written.emailKey);
    const exported = await exportPersonalData(rotated, { email }, (c) => c.id);
    expect(exported.map((c) => c.id)).toEqual([written.id, fresh.id]);
  });

  it('lets an instance that loaded its keys before the rotation read what a rotated instance wrote', async () => {
    // Prepare: this "instance" loaded {current: k1} and caches it; the secret then gains k2.
    let secret: object = beforeRotation;
    let loads = 0;
    const stale = depsWith(cachedKeyring(async () => {
      loads++;
      return JSON.stringify(secret);
    }));
    await stale.hasher.emailKey('warm@example.com');
    secret = afterRotation;
    const fresh = await write(depsWith(keysOf(afterRotation)), aSubmission());

    // Act
    const read = await stale.comments.get(fresh.id);

    // Assess: one reload, then the new key is known.
    expect(read).toMatchObject({ email: fresh.email, ip: context.ip });
    expect(loads).toBe(2);
    await stale.comments.get(fresh.id);
    expect(loads).toBe(2);
  });

  it('cannot read a comment without its key: a keyring that lacks the named key id fails loudly', async () => {
    // Prepare
    const fresh = await write(depsWith(keysOf(afterRotation)), aSubmission());
    const withoutK2 = depsWith(keysOf(beforeRotation));

    // Act & Assess
    await expect(withoutK2.comments.get(fresh.id)).rejects.toThrow('Unknown field key id "k2".');
    await expect(new FieldCipher(async () => Keyring.parse(JSON.stringify({ ...afterRotation, k2: randomBytes(48).toString('base64url') }))).decrypt((await rawItem(fresh.id, 'COMMENT')).email!.S!, `comment/${fresh.id}/email`)).rejects.toThrow();
  });

  it('refuses key ids that would not survive in the ciphertext format, without echoing the material', () => {
    // Act & Assess
    for (const id of ['2026:01', 'k 2', '']) {
      const material = JSON.stringify({ ...beforeRotation, [id]: K2 });
      expect(() => Keyring.parse(material)).toThrow(/Key material is invalid: key id/);
      expect(() => Keyring.parse(material)).not.toThrow(K2);
    }
  });

  it('reloads the keys at most once per interval, and a failed reload keeps the keys in use', async () => {
    // Prepare
    let clock = 0;
    let loads = 0;
    let secretReachable = true;
    const source = cachedKeyring(async () => {
      loads++;
      if (!secretReachable) throw new Error('Secrets Manager unreachable');
      return JSON.stringify(beforeRotation);
    }, () => clock);
    const first = await source();

    // Act & Assess
    await source.reload!();
    await source.reload!();
    expect(loads).toBe(2);
    clock += RELOAD_INTERVAL_MS;
    secretReachable = false;
    await expect(source.reload!()).rejects.toThrow('unreachable');
    expect((await source()).currentKeyId).toBe(first.currentKeyId);
    expect(loads).toBe(3);
  });
});
