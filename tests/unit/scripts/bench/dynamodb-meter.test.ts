import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { capacityOf, describeOperations, DynamoDbMeter, operationOf } from '../../../../scripts/bench/dynamodb-meter.ts';

describe('Function: capacityOf', () => {
  it('takes the read and write units DynamoDB reports, summed over the tables of a transaction', () => {
    // Act
    const units = capacityOf('TransactWriteItems', [
      { CapacityUnits: 10, ReadCapacityUnits: 0, WriteCapacityUnits: 10 },
      { CapacityUnits: 4, ReadCapacityUnits: 2, WriteCapacityUnits: 2 },
    ]);

    // Assess
    expect(units).toEqual({ readUnits: 2, writeUnits: 12 });
  });

  it('counts bare CapacityUnits as reads for read operations and as writes otherwise', () => {
    expect(capacityOf('Query', { CapacityUnits: 0.5 })).toEqual({ readUnits: 0.5, writeUnits: 0 });
    expect(capacityOf('UpdateItem', { CapacityUnits: 1 })).toEqual({ readUnits: 0, writeUnits: 1 });
    expect(capacityOf('GetItem', undefined)).toEqual({ readUnits: 0, writeUnits: 0 });
  });
});

describe('Function: operationOf', () => {
  it('names document-client and low-level commands by their DynamoDB operation', () => {
    expect(operationOf('GetCommand')).toBe('GetItem');
    expect(operationOf('TransactWriteCommand')).toBe('TransactWriteItems');
    expect(operationOf('QueryCommand')).toBe('Query');
    expect(operationOf('GetItemCommand')).toBe('GetItem');
  });
});

describe('Class: DynamoDbMeter', () => {
  it('asks each request for its consumed capacity and counts requests, units and operations until taken', async () => {
    // Prepare: a client's middleware stack, reduced to the one middleware the meter adds
    let middleware: ((next: unknown, context: unknown) => (args: unknown) => Promise<unknown>) | undefined;
    const meter = new DynamoDbMeter();
    meter.attach({
      middlewareStack: {
        add: (m: unknown) => {
          middleware = m as typeof middleware;
        },
      },
    });
    const sent: Array<Record<string, unknown>> = [];
    const next = async (args: { input: Record<string, unknown> }) => {
      sent.push({ ...args.input });
      return { output: { ConsumedCapacity: { CapacityUnits: 1.5 } } };
    };

    // Act
    await middleware!(next, { commandName: 'GetCommand' })({ input: { TableName: 't' } });
    await middleware!(next, { commandName: 'PutCommand' })({ input: { TableName: 't' } });
    const first = meter.take();
    const second = meter.take();

    // Assess
    expect(sent.every((input) => input.ReturnConsumedCapacity === 'TOTAL')).toBe(true);
    expect(first).toEqual({ requests: 2, readUnits: 1.5, writeUnits: 1.5, byOperation: { GetItem: 1, PutItem: 1 } });
    expect(second.requests).toBe(0);
  });
});

describe('Class: DynamoDbMeter on a client with cacheMiddleware', () => {
  it('counts from attach to detach although the client had cached its handlers before and after', async () => {
    // Prepare: a cached client whose requests end at the build step (no network)
    const client = new DynamoDBClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, cacheMiddleware: true });
    client.middlewareStack.add(() => async () => ({ output: { $metadata: {}, ConsumedCapacity: { CapacityUnits: 1 } }, response: {} }), { step: 'build', name: 'answerWithoutNetwork' });
    const get = () => client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'a' } } }));
    const meter = new DynamoDbMeter();
    await get();

    // Act
    meter.attach(client);
    await get();
    await get();
    meter.detach(client);
    await get();

    // Assess
    expect(meter.take()).toEqual({ requests: 2, readUnits: 2, writeUnits: 0, byOperation: { GetItem: 2 } });
  });
});

describe('Function: describeOperations', () => {
  it('lists operations per unit of work, most frequent first', () => {
    expect(describeOperations({ TransactWriteItems: 10, GetItem: 20 }, 10)).toBe('2×GetItem + 1×TransactWriteItems');
  });
});
