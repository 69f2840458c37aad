import { SQSClient } from '@aws-sdk/client-sqs';

/**
 * The AWS SDK's SQS client at the local emulator, for the tools around the functions (the
 * local worker loop, the bench and the tests reading the queue): they receive and delete as
 * the event source mapping would, which is no function's code, so the SDK stays out of the
 * Lambda bundles (their transport is `shared/adapters/aws/aws-service.ts`).
 */
export function localSqs(endpoint: string | undefined, region = 'us-east-1'): SQSClient {
  if (!endpoint) throw new Error('SQS_ENDPOINT is not set: the local SQS tools need the emulator.');
  return new SQSClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}
