/**
 * The table's calls (`DocumentCalls`) over the functions' transport (aws4-signed raw
 * DynamoDB JSON-protocol requests): every call sends its own input, values convert as
 * lib-dynamodb converted them (undefined attributes dropped, numbers as numbers, Sets as
 * DynamoDB sets — checked in the request body on the wire), and errors keep the SDK's names.
 */

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AwsServiceError } from '../../shared/adapters/aws/aws-service.ts';
import type { DocumentCalls } from '../../shared/adapters/dynamodb/document-calls.ts';
import { isConditionalCheckFailed, isTransactionCanceled } from '../../shared/adapters/dynamodb/errors.ts';
import { dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { startWireProxy, type WireProxy } from '../support/wire-proxy.ts';

let stack: TestStack;
let calls: DocumentCalls;
let proxy: WireProxy;
let table: string;
let run = 0;

beforeAll(async () => {
  stack = await createTestStack();
  proxy = await startWireProxy(inject('dynamoDbEndpoint'));
  calls = dynamoDbClient({ ...stack.env, DYNAMODB_ENDPOINT: proxy.endpoint });
  table = stack.env.TABLE_NAME;
});
afterAll(() => proxy.close());

/** Keys no other test of this table uses. */
const key = (name: string) => ({ pk: `CALLS#${++run}#${name}`, sk: 'ITEM' });

describe("Class: DocumentCalls over the functions' transport", () => {
  it('sends each command its own input: two different Gets, Queries, Updates and Deletes in a row', async () => {
    const [first, second] = [key('first'), key('second')];
    await calls.put({ TableName: table, Item: { ...first, label: 'first' } });
    await calls.put({ TableName: table, Item: { ...second, label: 'second' } });

    const gets = [(await calls.get({ TableName: table, Key: first, ConsistentRead: true })).Item, (await calls.get({ TableName: table, Key: second, ConsistentRead: true })).Item];
    expect(gets).toEqual([
      { ...first, label: 'first' },
      { ...second, label: 'second' },
    ]);

    const query = async (k: { pk: string }) => (await calls.query({ TableName: table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': k.pk }, ConsistentRead: true })).Items;
    expect([await query(first), await query(second)]).toEqual([[{ ...first, label: 'first' }], [{ ...second, label: 'second' }]]);

    const update = async (k: typeof first, label: string) =>
      (await calls.update({ TableName: table, Key: k, UpdateExpression: 'SET label = :label', ExpressionAttributeValues: { ':label': label }, ReturnValues: 'ALL_NEW' })).Attributes;
    expect([await update(first, 'first, updated'), await update(second, 'second, updated')]).toEqual([
      { ...first, label: 'first, updated' },
      { ...second, label: 'second, updated' },
    ]);

    await calls.delete({ TableName: table, Key: first });
    expect((await calls.get({ TableName: table, Key: first, ConsistentRead: true })).Item).toBeUndefined();
    expect((await calls.get({ TableName: table, Key: second, ConsistentRead: true })).Item).toEqual({ ...second, label: 'second, updated' });
  });

  it('converts values as lib-dynamodb did: undefined dropped, numbers, Sets, nested maps and lists', async () => {
    const k = key('values');
    const item = { ...k, gone: undefined, count: 3, ratio: 0.5, open: true, nothing: null, tags: new Set(['a', 'b']), ids: new Set([1, 2]), nested: { list: [1, 'two', { deep: undefined, kept: 'yes' }] } };

    await calls.put({ TableName: table, Item: item });

    const sent = proxy.calls.filter((call) => call.operation === 'PutItem').at(-1)!;
    const wire = (JSON.parse(sent.body) as { Item: Record<string, { N?: string; SS?: string[]; NS?: string[] }> }).Item;
    expect(wire).not.toHaveProperty('gone');
    expect(wire.count).toEqual({ N: '3' });
    expect(wire.tags?.SS?.sort()).toEqual(['a', 'b']);
    expect(wire.ids?.NS?.sort()).toEqual(['1', '2']);
    const { gone: _gone, ...stored } = item;
    expect((await calls.get({ TableName: table, Key: k, ConsistentRead: true })).Item).toEqual({ ...stored, nested: { list: [1, 'two', { kept: 'yes' }] } });
  });

  it('reads and writes in batches', async () => {
    const [a, b, c] = [key('a'), key('b'), key('c')];
    await calls.batchWrite({ RequestItems: { [table]: [{ PutRequest: { Item: { ...a, n: 1 } } }, { PutRequest: { Item: { ...b, n: 2 } } }, { PutRequest: { Item: { ...c, n: 3 } } }] } });
    await calls.batchWrite({ RequestItems: { [table]: [{ DeleteRequest: { Key: c } }] } });

    const result = await calls.batchGet({ RequestItems: { [table]: { Keys: [a, b, c], ConsistentRead: true } } });

    expect(result.Responses?.[table]?.sort((x, y) => String(x.pk).localeCompare(String(y.pk)))).toEqual([
      { ...a, n: 1 },
      { ...b, n: 2 },
    ]);
  });

  it("keeps the SDK's error names: ConditionalCheckFailedException, and TransactionCanceledException with the old item in attribute-value form", async () => {
    const [held, other] = [key('held'), key('other')];
    await calls.put({ TableName: table, Item: { ...held, version: 1 } });

    const put = calls.put({ TableName: table, Item: { ...held, version: 2 }, ConditionExpression: 'attribute_not_exists(pk)' });
    const failed = await put.catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AwsServiceError);
    expect(failed).toMatchObject({ name: 'ConditionalCheckFailedException', statusCode: 400, message: 'The conditional request failed' });
    expect(isConditionalCheckFailed(failed)).toBe(true);

    const transaction = calls.transactWrite({
      TransactItems: [
        { Put: { TableName: table, Item: { ...other, version: 1 } } },
        { Update: { TableName: table, Key: held, UpdateExpression: 'SET version = :next', ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':next': 3, ':expected': 2 }, ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } },
      ],
    });
    const error = await transaction.catch((e: unknown) => e);
    expect(isTransactionCanceled(error)).toBe(true);
    const reasons = isTransactionCanceled(error) ? error.CancellationReasons : undefined;
    expect(reasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(reasons?.[1]?.Item).toEqual({ pk: { S: held.pk }, sk: { S: held.sk }, version: { N: '1' } });
    expect((await calls.get({ TableName: table, Key: other, ConsistentRead: true })).Item).toBeUndefined();
  });
});
