import type { DocumentCalls } from './document-calls.ts';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import { storageCall } from './storage-calls.ts';

type Key = { pk: string; sk: string };
type Item = Record<string, unknown>;

/** DynamoDB's limits per call. */
const GET_CHUNK = 100;
/** Unprocessed keys/items are what DynamoDB could not do under load: tried again with backoff, then 503. */
const ATTEMPTS = 8;
const CONCURRENCY = 8;

const backoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt) * Math.random()));

/** Key-addressed reads of any number of items (strongly consistent), in calls of 100. */
export async function batchGetAll(
  client: DocumentCalls,
  table: string,
  keys: Key[],
  options: { projection?: string; names?: Record<string, string> } = {},
): Promise<Item[]> {
  const found: Item[] = [];
  const unique = [...new Map(keys.map((key) => [`${key.pk}\0${key.sk}`, key])).values()];
  const chunks: Item[][] = [];
  for (let start = 0; start < unique.length; start += GET_CHUNK) chunks.push(unique.slice(start, start + GET_CHUNK));
  const readChunk = async (chunk: Item[]) => {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= ATTEMPTS) throw new ServiceUnavailableError(2);
      if (attempt > 0) await backoff(attempt);
      const request = {
        Keys: pending,
        ConsistentRead: true,
        ...(options.projection ? { ProjectionExpression: options.projection } : {}),
        ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
      };
      const result = await storageCall(() => client.batchGet({ RequestItems: { [table]: request } }));
      found.push(...((result.Responses?.[table] ?? []) as Item[]));
      pending = (result.UnprocessedKeys?.[table]?.Keys ?? []) as Item[];
    }
  };
  await inParallel(chunks, readChunk);
  return found;
}

/** Runs `work` on every chunk, at most CONCURRENCY at a time. */
async function inParallel<T>(chunks: T[], work: (chunk: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) await work(chunks[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, chunks.length) }, worker));
}
