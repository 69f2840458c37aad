import { ServiceUnavailableError } from '../domain/errors.ts';

/** An attempt's answer when another writer changed the item since it was read. */
export const VERSION_CONFLICT: unique symbol = Symbol('version conflict');

export interface RetryOptions {
  /** Tries in all (default 3). */
  attempts?: number;
  /** Pause before try n+1 (ms); none by default. */
  pauseMs?: (attempt: number) => number;
}

/**
 * Optimistic concurrency, written once: `attempt` reads, changes and writes conditionally
 * on the version it read, answering its result or VERSION_CONFLICT when somebody else
 * wrote first; it is then run again on a fresh read. When every try lost, nothing was
 * written by us and the client may retry: 503 `unavailable`.
 */
export async function retryOnVersion<T>(attempt: (attempt: number) => Promise<T | typeof VERSION_CONFLICT>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  for (let n = 1; n <= attempts; n++) {
    const result = await attempt(n);
    if (result !== VERSION_CONFLICT) return result;
    const pause = n < attempts ? (options.pauseMs?.(n) ?? 0) : 0;
    if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
  }
  throw new ServiceUnavailableError(1);
}
