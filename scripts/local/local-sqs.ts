import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsJsonCall } from '../../shared/adapters/aws/aws-service.ts';
import { sqsCalls } from '../../shared/adapters/sqs/sqs-client.ts';

const missing = () => new Error('SQS_ENDPOINT is not set: the local SQS tools need the emulator.');

/**
 * The AWS SDK's SQS client at the local emulator, for the tools that read the queue around the
 * functions (the bench's queue depth, the tests): the SDK stays out of the Lambda bundles.
 */
export function localSqs(endpoint: string | undefined, region = 'us-east-1'): SQSClient {
  if (!endpoint) throw missing();
  return new SQSClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
}

/**
 * The local worker loop's queue calls: the functions' own transport (aws4-signed, kept-alive
 * connections), about a third of the SDK client's CPU per request — the loop
 * receives and deletes in the same process as the API and the worker it stands in for.
 */
export function localQueueCalls(endpoint: string | undefined, region = 'us-east-1'): AwsJsonCall {
  if (!endpoint) throw missing();
  return sqsCalls({ region, endpoint });
}
