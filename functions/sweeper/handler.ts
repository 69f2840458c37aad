import type { Context } from 'aws-lambda';
import type { SweeperDeps } from '../../shared/adapters/wiring.ts';
import { logger } from '../../shared/observability/logger.ts';
import { sweepUnchecked } from '../../shared/use-cases/sweep-unchecked.ts';

export type SweeperHandler = (event: unknown, context: Context) => Promise<{ requeued: number }>;

/** Scheduled every few minutes: no comment stays unmoderated because a queue send failed. */
export function createSweeperHandler(deps: SweeperDeps): SweeperHandler {
  return async (_event, context) => {
    // Request id, cold start and function name on every log line of this invocation.
    logger.addContext(context);
    return { requeued: await sweepUnchecked({ ...deps, now: deps.clock.now() }) };
  };
}
