import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { SNSClient } from '@aws-sdk/client-sns';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { SnsModeratorNotifier } from '../../shared/adapters/notify/sns-moderator-notifier.ts';
import { ModerationMessage } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import { createServiceDeps } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { logger } from '../../shared/observability/logger.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';

const env = loadEnv();
const deps = createServiceDeps(env, {
  ...(env.NOTIFY_TOPIC_ARN ? { notifier: new SnsModeratorNotifier(new SNSClient({ region: env.AWS_REGION }), env.NOTIFY_TOPIC_ARN, env.MODERATION_URL) } : {}),
});
const processor = new BatchProcessor(EventType.SQS);

/** One message, one comment id. A throw marks only this record failed: SQS retries it, then the DLQ keeps it. */
export async function moderateRecord(record: SQSRecord): Promise<void> {
  let message: ModerationMessage;
  try {
    message = ModerationMessage.parse(JSON.parse(record.body));
  } catch (error) {
    logger.error('Malformed moderation message', { messageId: record.messageId });
    throw error;
  }
  await moderateComment(deps, message.commentId);
}

export const handler = (event: SQSEvent, context: Context) =>
  processPartialResponse(event, moderateRecord, processor, { context, throwOnFullBatchFailure: false });
