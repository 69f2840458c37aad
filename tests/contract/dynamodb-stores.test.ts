import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { ensureTable } from '../../scripts/local/provision.ts';
import { DynamoDbImportStore } from '../../shared/adapters/dynamodb/dynamodb-import-store.ts';
import { createDynamoDbStores } from '../../shared/adapters/dynamodb/dynamodb-stores.ts';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { newKeyMaterial } from '../../shared/adapters/secrets/key-sources.ts';
import { dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { FieldCipher } from '../../shared/privacy/field-cipher.ts';
import { cachedKeyring } from '../../shared/privacy/keyring.ts';
import { AdjustableClock } from '../support/adjustable-clock.ts';
import { aNewComment, type ContractPorts, stored } from './contract-fixture.ts';
import { describeStorageContract } from './storage.contract.ts';

/** DynamoDB stores over a new table on DynamoDB Local, and the client to read its raw items. */
async function dynamoDbStores(clock: AdjustableClock): Promise<{ stores: ContractPorts; rawItem: (key: { pk: string; sk: string }) => Promise<Record<string, unknown> | undefined> }> {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = `c${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await ensureTable(endpoint, tableName);
  const material = newKeyMaterial(randomBytes);
  const client = dynamoDbClient(loadEnv({ TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint }));
  const options = { client, tableName, cipher: new FieldCipher(cachedKeyring(async () => material)), retentionDays: 30, now: () => clock.now() };
  const stores = { ...createDynamoDbStores(options), imports: new DynamoDbImportStore(options) };
  return { stores, rawItem: async (key) => (await client.get({ TableName: tableName, Key: key, ConsistentRead: true })).Item };
}

describeStorageContract('DynamoDB (DynamoDB Local)', async (clock) => (await dynamoDbStores(clock)).stores);

describe('DynamoDB items beyond the contract', () => {
  it('files trash to expire 30 days after it was trashed (DynamoDB TTL), and a restore takes that back', async () => {
    const clock = new AdjustableClock();
    clock.stop();
    const { stores, rawItem } = await dynamoDbStores(clock);
    const comment = await stored(stores, aNewComment(clock, { status: 'approved' }));
    const trashed = { ...comment, status: 'trash' as const, previousStatus: 'approved' as const, updatedAt: clock.now().toISOString() };

    await stores.comments.save(comment, trashed);
    const whileTrashed = await rawItem(keys.comment(comment.id));
    await stores.comments.save({ ...trashed, version: comment.version + 1 }, { ...comment, updatedAt: clock.now().toISOString() });
    const restored = await rawItem(keys.comment(comment.id));

    expect(Number(whileTrashed?.expiresAt)).toBe(Math.floor(Date.parse(trashed.updatedAt) / 1000) + 30 * 86_400);
    expect(restored).not.toHaveProperty('expiresAt');
  });
});
