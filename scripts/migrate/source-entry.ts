import type { ExchangeRecord } from '../../shared/domain/exchange-record.ts';

/** One comment read from a source file: a record to send, or why it is left out. Line: where it starts. */
export type SourceEntry =
  | { kind: 'record'; record: ExchangeRecord; line: number }
  | { kind: 'skip'; externalId: string | null; reason: string; line: number };

export type SourceFormat = 'wxr' | 'disqus' | 'json';

/** Drops empty optional fields, so a record carries only what the source had. */
export function compact(record: Record<string, unknown>): ExchangeRecord {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined && value !== null && value !== '')) as unknown as ExchangeRecord;
}
