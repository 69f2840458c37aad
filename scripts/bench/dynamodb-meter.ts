/**
 * Counts DynamoDB requests and the capacity they consume, on one DynamoDB transport (what a
 * `DocumentCalls` sends through): while metering, every request asks for
 * `ReturnConsumedCapacity: TOTAL` and what DynamoDB answers is added up. Only the bench wraps
 * a transport with it; product code never asks for capacity.
 */

import type { AwsJsonCall } from '../../shared/adapters/aws/aws-service.ts';

export interface Capacity {
  readUnits: number;
  writeUnits: number;
}

export interface MeterReading extends Capacity {
  requests: number;
  /** Requests by operation, e.g. { GetItem: 2, TransactWriteItems: 1 }. */
  byOperation: Record<string, number>;
}

interface ConsumedCapacityLike {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const READ_OPERATIONS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/**
 * Read and write units from a response's ConsumedCapacity (one object, or one per table for
 * batches and transactions). Where DynamoDB reports only CapacityUnits, the operation decides.
 */
export function capacityOf(operation: string, consumed: ConsumedCapacityLike | ConsumedCapacityLike[] | undefined): Capacity {
  const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  let readUnits = 0;
  let writeUnits = 0;
  for (const entry of entries) {
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      readUnits += entry.ReadCapacityUnits ?? 0;
      writeUnits += entry.WriteCapacityUnits ?? 0;
    } else if (READ_OPERATIONS.has(operation)) {
      readUnits += entry.CapacityUnits ?? 0;
    } else {
      writeUnits += entry.CapacityUnits ?? 0;
    }
  }
  return { readUnits, writeUnits };
}

export class DynamoDbMeter {
  private reading: MeterReading = DynamoDbMeter.empty();
  private metering = false;

  static empty(): MeterReading {
    return { requests: 0, readUnits: 0, writeUnits: 0, byOperation: {} };
  }

  /** The transport, metered between `attach()` and `detach()` (outside them, passed through untouched). */
  wrap(send: AwsJsonCall): AwsJsonCall {
    return async (operation, input) => {
      if (!this.metering) return send(operation, input);
      const output = await send(operation, { ...input, ReturnConsumedCapacity: 'TOTAL' });
      const { readUnits, writeUnits } = capacityOf(operation, output.ConsumedCapacity as ConsumedCapacityLike | ConsumedCapacityLike[] | undefined);
      this.reading.requests += 1;
      this.reading.readUnits += readUnits;
      this.reading.writeUnits += writeUnits;
      this.reading.byOperation[operation] = (this.reading.byOperation[operation] ?? 0) + 1;
      return output;
    };
  }

  /** Starts metering what the wrapped transports send. */
  attach(): void {
    this.metering = true;
  }

  /** Stops metering (counting is the bench's work, not the stack's). */
  detach(): void {
    this.metering = false;
  }

  /** What was counted since the last take, and a fresh count from here. */
  take(): MeterReading {
    const reading = this.reading;
    this.reading = DynamoDbMeter.empty();
    return reading;
  }
}

/** "2×GetItem + 1×TransactWriteItems". */
export function describeOperations(byOperation: Record<string, number>, per = 1): string {
  return Object.entries(byOperation)
    .sort((a, b) => b[1] - a[1])
    .map(([operation, n]) => `${+(n / per).toFixed(2)}×${operation}`)
    .join(' + ');
}
