import { describe, expect, it } from 'vitest';
import { capacityOf, describeOperations, DynamoDbMeter } from '../../../../scripts/bench/dynamodb-meter.ts';

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

describe('Class: DynamoDbMeter', () => {
  it('asks each request for its consumed capacity while attached, and counts requests, units and operations until taken', async () => {
    // Prepare: a transport that records what it is sent and answers with capacity (no network)
    const sent: Array<{ operation: string; input: Record<string, unknown> }> = [];
    const meter = new DynamoDbMeter();
    const send = meter.wrap(async (operation, input) => {
      sent.push({ operation, input: input as Record<string, unknown> });
      return { ConsumedCapacity: { CapacityUnits: 1.5 } };
    });

    // Act
    await send('GetItem', { TableName: 't' });
    meter.attach();
    await send('GetItem', { TableName: 't' });
    await send('PutItem', { TableName: 't' });
    meter.detach();
    await send('Query', { TableName: 't' });
    const first = meter.take();
    const second = meter.take();

    // Assess
    expect(sent.map((s) => s.input.ReturnConsumedCapacity)).toEqual([undefined, 'TOTAL', 'TOTAL', undefined]);
    expect(first).toEqual({ requests: 2, readUnits: 1.5, writeUnits: 1.5, byOperation: { GetItem: 1, PutItem: 1 } });
    expect(second.requests).toBe(0);
  });
});

describe('Function: describeOperations', () => {
  it('lists operations per unit of work, most frequent first', () => {
    expect(describeOperations({ TransactWriteItems: 10, GetItem: 20 }, 10)).toBe('2×GetItem + 1×TransactWriteItems');
  });
});
