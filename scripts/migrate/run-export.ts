import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import type { ExchangeRecord } from '../../shared/domain/exchange-record.ts';
import { type ApiTarget, callApi } from './api-client.ts';

export interface ExportOptions {
  file: string;
  target: ApiTarget;
  postId?: string | undefined;
  retry?: { attempts: number; baseMs: number };
}

/**
 * `npm run export`: every comment (or one post's) as a JSON file of records, one record per
 * line, page by page from `GET /moderation/export`. The file appears only when complete.
 */
export async function runExport(options: ExportOptions, progressOut: { write(text: string): unknown }): Promise<number> {
  const partial = `${options.file}.partial`;
  const out = createWriteStream(partial, { encoding: 'utf8' });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  let count = 0;
  let lastReport = Date.now();
  try {
    await write('{"comments":[');
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ limit: '100', ...(options.postId ? { postId: options.postId } : {}), ...(cursor ? { cursor } : {}) });
      const page: { comments: ExchangeRecord[]; nextCursor: string | null } = await callApi(options.target, `/moderation/export?${query}`, {}, options.retry);
      for (const record of page.comments) await write(`${count++ === 0 ? '' : ','}\n${JSON.stringify(record)}`);
      cursor = page.nextCursor;
      if (Date.now() - lastReport > 5000) {
        progressOut.write(`export: ${count} comments so far\n`);
        lastReport = Date.now();
      }
    } while (cursor);
    await write('\n]}\n');
    out.end();
    await once(out, 'finish');
    await rename(partial, options.file);
    return count;
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}
