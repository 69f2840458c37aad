import type { RequestCounter } from '../../domain/storage-ports.ts';
import { storageCall } from './storage-calls.ts';
import { rateCounterUpdate } from './submission-limit-items.ts';
import type { TableContext } from './table-context.ts';

/** Per-key counters of a minute (`RATE#…`, with TTL): one conditional `ADD`, shared by every instance. */
export class DynamoDbRequestCounter implements RequestCounter {
  constructor(private readonly context: Pick<TableContext, 'client' | 'table'>) {}

  async count(key: string, minute: number, limit: number): Promise<boolean> {
    try {
      await storageCall(() => this.context.client.update(rateCounterUpdate(this.context.table, key, minute, limit)));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }
}
