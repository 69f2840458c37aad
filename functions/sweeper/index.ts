import type { Context } from 'aws-lambda';
import { createStores, sqsClient } from '../../shared/adapters/wiring.ts';
import { SqsModerationQueue } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { ConfigurationError, loadEnv, requireEnv } from '../../shared/config.ts';
import { logger } from '../../shared/observability/logger.ts';
import { powertoolsTelemetry } from '../../shared/observability/telemetry.ts';
import { sweepUnchecked } from '../../shared/use-cases/sweep-unchecked.ts';

const env = requireEnv(loadEnv(), ['QUEUE_URL'], 'The sweeper');
// The sweeper reads ids only: it holds no keys and never decrypts anything.
const noKeys = () => Promise.reject(new ConfigurationError('The sweeper has no access to the field-encryption keys.'));
const { backlog } = createStores(env, noKeys);
const queue = new SqsModerationQueue(sqsClient(env), env.QUEUE_URL);

/** Scheduled every few minutes: no comment stays unmoderated because a queue send failed. */
export const handler = async (_event: unknown, context: Context): Promise<{ requeued: number }> => {
  // Request id, cold start and function name on every log line of this invocation.
  logger.addContext(context);
  return { requeued: await sweepUnchecked({ backlog, queue, telemetry: powertoolsTelemetry, now: new Date() }) };
};
