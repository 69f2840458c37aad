import { createRepository, sqsClient } from '../../shared/adapters/wiring.ts';
import { SqsModerationQueue } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { ConfigurationError, loadEnv } from '../../shared/config.ts';
import { sweepUnchecked } from '../../shared/use-cases/sweep-unchecked.ts';

const env = loadEnv();
if (!env.QUEUE_URL) throw new ConfigurationError('The sweeper needs QUEUE_URL.');
// The sweeper reads ids only: it holds no keys and never decrypts anything.
const noKeys = () => Promise.reject(new ConfigurationError('The sweeper has no access to the field-encryption keys.'));
const comments = createRepository(env, noKeys);
const queue = new SqsModerationQueue(sqsClient(env), env.QUEUE_URL);

/** Scheduled every few minutes: no comment stays unmoderated because a queue send failed. */
export const handler = async (): Promise<{ requeued: number }> => ({ requeued: await sweepUnchecked({ comments, queue, now: new Date() }) });
