import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { MAX_RECEIVE_COUNT, ModerationMessage, submissionFactsOf } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { logger } from '../../shared/observability/logger.ts';
import { countMetric, METRIC, publishMetrics } from '../../shared/observability/metrics.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';
import type { CommentServiceDeps } from '../../shared/use-cases/deps.ts';

export type WorkerDeps = Parameters<typeof moderateComment>[0] & Pick<CommentServiceDeps, 'backlog' | 'clock'>;
export type WorkerHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** One message, one comment id (with the submission's facts, when it carries them). A throw marks only this record failed: SQS retries it, then the DLQ keeps it. */
export function recordModerator(deps: WorkerDeps): (record: SQSRecord) => Promise<void> {
  return async (record) => {
    let message: ModerationMessage;
    try {
      message = ModerationMessage.parse(JSON.parse(record.body));
    } catch (error) {
      logger.error('Malformed moderation message', { messageId: record.messageId });
      throw error;
    }
    try {
      const outcome = await moderateComment(deps, message.commentId, submissionFactsOf(message));
      if (outcome === 'approved' || outcome === 'held' || outcome === 'spam') countMetric(METRIC[outcome]);
    } catch (error) {
      if (Number(record.attributes.ApproximateReceiveCount) >= MAX_RECEIVE_COUNT) {
        // Last try: the message goes to the DLQ; stop the sweeper from queueing it again and again.
        logger.error('Giving up on a comment after repeated failures; it stays pending for moderators', { commentId: message.commentId, error });
        await deps.backlog.markModerationFailed(message.commentId, deps.clock.now()).catch(() => undefined);
      }
      throw error;
    }
  };
}

/**
 * A batch handler with its own batch processor: the processor holds the batch being
 * processed, so two batches handled at once (the local worker's handlers) need one each.
 * The records of a batch are moderated concurrently (Powertools' default).
 */
export function createModerationWorkerHandler(deps: WorkerDeps): WorkerHandler {
  const processor = new BatchProcessor(EventType.SQS);
  const moderateRecord = recordModerator(deps);
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
