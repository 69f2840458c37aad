import type { ModerationQueue, Telemetry } from '../domain/ports.ts';
import type { ModerationBacklog } from '../domain/storage-ports.ts';

/** A comment is "stuck" when the worker has not checked it this long after it was stored. */
export const STUCK_AFTER_MS = 2 * 60_000;
const MAX_PER_RUN = 1000;

/**
 * The no-loss sweeper: re-queues pending comments the worker never checked
 * (the queue was unreachable when they were submitted, or a message was lost).
 * Queueing twice is harmless: the worker is idempotent.
 */
export async function sweepUnchecked(deps: { backlog: ModerationBacklog; queue: ModerationQueue; telemetry: Telemetry; now: Date; stuckAfterMs?: number }): Promise<number> {
  const createdBefore = new Date(deps.now.getTime() - (deps.stuckAfterMs ?? STUCK_AFTER_MS));
  let requeued = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.backlog.listUnchecked(createdBefore, { limit: 100, cursor });
    for (const commentId of page.items) {
      await deps.queue.enqueue(commentId);
      requeued++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor && requeued < MAX_PER_RUN);
  if (requeued > 0) deps.telemetry.info('Re-queued comments the worker had not checked', { requeued });
  return requeued;
}
