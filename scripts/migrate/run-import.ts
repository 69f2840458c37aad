import { writeFile } from 'node:fs/promises';
import { type ExchangeRecord, MAX_IMPORT_BATCH, parseImportRecord } from '../../shared/domain/exchange-record.ts';
import { type ApiTarget, callApi } from './api-client.ts';
import { counts, ProgressReporter, type ProgressState } from './progress.ts';
import type { SourceFormat } from './source-entry.ts';
import { detectFileFormat, readSource } from './source-records.ts';

export interface ImportOptions {
  file: string;
  /** Not needed for a dry run. */
  target?: ApiTarget;
  dryRun?: boolean;
  /** Where the skipped records and their reasons are written (JSON). */
  reportFile: string;
  batchSize?: number;
  /** Requests stay well under the API's 5 MiB import limit. */
  maxBatchBytes?: number;
  retry?: { attempts: number; baseMs: number };
  /** Batches in flight at once (the server is idempotent and links replies whatever the order). */
  concurrency?: number;
}

export interface SkippedEntry {
  externalId: string | null;
  /** Line in an XML file, record number in a JSON file. */
  line: number | null;
  reason: string;
}

export interface ImportSummary {
  format: SourceFormat;
  total: number;
  imported: number;
  unchanged: number;
  skipped: SkippedEntry[];
}

/** The import stopped before the end; what was sent is accounted for in the report, and a re-run finishes it. */
export class ImportStoppedError extends Error {
  constructor(message: string, readonly summary: ImportSummary) {
    super(message);
    this.name = 'ImportStoppedError';
  }
}

interface Batch {
  records: ExchangeRecord[];
  lines: Map<string, number>;
  bytes: number;
}

/**
 * `npm run import`: reads the file once to check it and count its comments (a malformed
 * or truncated file is refused before anything is sent), then again, streaming, sending
 * batches to `POST /moderation/import`; each batch is retried until it goes through.
 */
export async function runImport(options: ImportOptions, progressOut: { write(text: string): unknown; isTTY?: boolean }): Promise<ImportSummary> {
  const format = await detectFileFormat(options.file);
  const summary: ImportSummary = { format, total: 0, imported: 0, unchanged: 0, skipped: [] };

  for await (const entry of readSource(options.file, format)) {
    summary.total++;
    if (!options.dryRun) continue;
    if (entry.kind === 'skip') summary.skipped.push({ externalId: entry.externalId, line: entry.line, reason: entry.reason });
    else {
      const checked = parseImportRecord(entry.record);
      if (!checked.ok) summary.skipped.push({ externalId: checked.externalId, line: entry.line, reason: checked.reason });
    }
  }
  if (options.dryRun || !options.target) {
    await writeReport(options, summary);
    return summary;
  }

  const target = options.target;
  const batchSize = Math.min(options.batchSize ?? MAX_IMPORT_BATCH, MAX_IMPORT_BATCH);
  const maxBytes = options.maxBatchBytes ?? 4 * 1024 * 1024;
  const started = Date.now();
  const reporter = new ProgressReporter(progressOut);
  let done = 0;
  const state = (): ProgressState => ({ done, total: summary.total, imported: summary.imported, unchanged: summary.unchanged, skipped: summary.skipped.length, elapsedMs: Date.now() - started });

  const send = async (batch: Batch) => {
    if (batch.records.length === 0) return;
    const answer = await callApi<{ imported: number; unchanged: number; skipped: Array<{ externalId: string | null; reason: string }> }>(
      target,
      '/moderation/import',
      { method: 'POST', body: { comments: batch.records } },
      options.retry,
    );
    summary.imported += answer.imported;
    summary.unchanged += answer.unchanged;
    for (const skip of answer.skipped) summary.skipped.push({ externalId: skip.externalId, line: skip.externalId ? (batch.lines.get(skip.externalId) ?? null) : null, reason: skip.reason });
    done += batch.records.length;
    reporter.update(state());
  };

  // Up to `concurrency` batches in flight; the first failure (after its retries) stops the import.
  const inFlight = new Set<Promise<void>>();
  let failure: unknown = null;
  const dispatch = async (ready: Batch) => {
    while (inFlight.size >= Math.max(1, options.concurrency ?? 2)) await Promise.race(inFlight);
    if (failure) throw failure;
    const sending: Promise<void> = send(ready)
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };
  const settle = async () => {
    await Promise.all(inFlight);
    if (failure) throw failure;
  };

  let batch: Batch = { records: [], lines: new Map(), bytes: 0 };
  try {
    reporter.update(state(), true);
    for await (const entry of readSource(options.file, format)) {
      if (entry.kind === 'skip') {
        summary.skipped.push({ externalId: entry.externalId, line: entry.line, reason: entry.reason });
        done++;
        continue;
      }
      const bytes = Buffer.byteLength(JSON.stringify(entry.record));
      if (batch.records.length >= batchSize || batch.bytes + bytes > maxBytes) {
        await dispatch(batch);
        batch = { records: [], lines: new Map(), bytes: 0 };
      }
      batch.records.push(entry.record);
      batch.lines.set(entry.record.externalId, entry.line);
      batch.bytes += bytes + 1;
    }
    await dispatch(batch);
    await settle();
  } catch (error) {
    await Promise.allSettled(inFlight);
    await writeReport(options, summary, (error as Error).message);
    throw new ImportStoppedError(
      `Stopped after ${done} of ${summary.total} records: ${(error as Error).message}\n` +
        `So far: ${counts({ ...summary, skipped: summary.skipped.length })}. Run the same command again to finish: what was imported is left unchanged.`,
      summary,
    );
  }
  reporter.finish(state());
  await writeReport(options, summary);
  return summary;
}

async function writeReport(options: ImportOptions, summary: ImportSummary, error?: string): Promise<void> {
  const report = { file: options.file, format: summary.format, dryRun: Boolean(options.dryRun), total: summary.total, imported: summary.imported, unchanged: summary.unchanged, ...(error ? { stoppedBy: error } : {}), skipped: summary.skipped };
  await writeFile(options.reportFile, `${JSON.stringify(report, null, 2)}\n`);
}
