import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SnsModeratorNotifier } from '../../shared/adapters/notify/sns-moderator-notifier.ts';
import { MAX_RECEIVE_COUNT, ModerationMessage } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { createServiceDeps } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { logger } from '../../shared/observability/logger.ts';
import { countMetric, METRIC, publishMetrics } from '../../shared/observability/metrics.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';

const env = loadEnv();
const deps = createServiceDeps(env, {
  ...(env.NOTIFY_TOPIC_ARN ? { notifier: new SnsModeratorNotifier(new SNSClient({ region: env.AWS_REGION }), env.NOTIFY_TOPIC_ARN, env.MODERATION_URL) } : {}),
});

/** One message, one comment id. A throw marks only this record failed: SQS retries it, then the DLQ keeps it. */
export async function moderateRecord(record: SQSRecord): Promise<void> {
  let message: ModerationMessage;
  try {
    message = ModerationMessage.parse(JSON.parse(record.body));
  } catch (error) {
    logger.error('Malformed moderation message', { messageId: record.messageId });
    throw error;
  }
  try {
    const outcome = await moderateComment(deps, message.commentId);
    if (outcome === 'approved' || outcome === 'held' || outcome === 'spam') countMetric(METRIC[outcome]);
  } catch (error) {
    if (Number(record.attributes.ApproximateReceiveCount) >= MAX_RECEIVE_COUNT) {
      // Last try: the message goes to the DLQ; stop the sweeper from queueing it again and again.
      logger.error('Giving up on a comment after repeated failures; it stays pending for moderators', { commentId: message.commentId, error });
      await deps.backlog.markModerationFailed(message.commentId, new Date()).catch(() => undefined);
    }
    throw error;
  }
}

/**
 * A batch handler with its own batch processor: the processor holds the batch being
 * processed, so two batches handled at once (the local worker's pollers) need one each.
 * The records of a batch are moderated concurrently (Powertools' default).
 */
export function createBatchHandler(): (event: SQSEvent, context: Context) => Promise<SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  return async (event, context) => {
    // Request id, cold start and function name on every log line of this invocation.
    logger.addContext(context);
    try {
      const response = await processPartialResponse(event, moderateRecord, processor, { context, throwOnFullBatchFailure: false });
      if (response.batchItemFailures.length > 0) countMetric(METRIC.workerFailures, response.batchItemFailures.length);
      return response;
    } finally {
      publishMetrics();
    }
  };
}

export const handler = createBatchHandler();
