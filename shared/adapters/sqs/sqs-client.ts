import type { Env } from '../../config.ts';
import { type AwsJsonCall, type AwsServiceOptions, awsJsonService } from '../aws/aws-service.ts';

/** SQS's JSON protocol (what current SDKs speak, and fauxqs locally). */
const SQS_PROTOCOL = { service: 'sqs', target: 'AmazonSQS', version: '1.0' } as const;

/** SQS calls at a region or a local endpoint; the client is made on the first call. */
export function sqsCalls(options: AwsServiceOptions): AwsJsonCall {
  return awsJsonService(SQS_PROTOCOL, options);
}

/** SQS calls for the environment (the local emulator when SQS_ENDPOINT is set). */
export function sqsClient(env: Env): AwsJsonCall {
  return sqsCalls({ region: env.AWS_REGION, endpoint: env.SQS_ENDPOINT });
}
