import type { RequestCounter } from '../../domain/storage-ports.ts';
import { rateKey } from './in-memory-submission-store.ts';
import type { MemoryTable } from './memory-table.ts';

/** Per-key counters of a minute, shared with the submissions' rate counters (as on DynamoDB). */
export class InMemoryRequestCounter implements RequestCounter {
  constructor(private readonly table: MemoryTable) {}

  async count(key: string, minute: number, limit: number): Promise<boolean> {
    const counted = this.table.rateCounters.get(rateKey(key, minute)) ?? 0;
    if (counted >= limit) return false;
    this.table.rateCounters.set(rateKey(key, minute), counted + 1);
    return true;
  }
}
