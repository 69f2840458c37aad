import { randomBytes, randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '../../scripts/local/provision.ts';
import { createDynamoDbStores } from '../../shared/adapters/dynamodb/dynamodb-stores.ts';
import { newKeyMaterial } from '../../shared/adapters/secrets/key-sources.ts';
import { dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { FieldCipher } from '../../shared/privacy/field-cipher.ts';
import { cachedKeyring } from '../../shared/privacy/keyring.ts';
import { describeStorageContract } from './storage.contract.ts';

describeStorageContract('DynamoDB (DynamoDB Local)', async (clock) => {
  const endpoint = inject('dynamoDbEndpoint');
  const tableName = `c${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await ensureTable(endpoint, tableName);
  const material = newKeyMaterial(randomBytes);
  const client = dynamoDbClient(loadEnv({ TABLE_NAME: tableName, DYNAMODB_ENDPOINT: endpoint }));
  return createDynamoDbStores({ client, tableName, cipher: new FieldCipher(cachedKeyring(async () => material)), retentionDays: 30, now: () => clock.now() });
});
