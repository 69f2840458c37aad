import type { Env } from '../../config.ts';
import { type AwsJsonCall, awsJsonService } from '../aws/aws-service.ts';

/** SQS's JSON protocol (what current SDKs speak, and fauxqs locally). */
const SQS_PROTOCOL = { service: 'sqs', target: 'AmazonSQS', version: '1.0' } as const;

/** SQS calls for the environment (the local emulator when SQS_ENDPOINT is set); the client is made on the first call. */
export function sqsClient(env: Env): AwsJsonCall {
  return awsJsonService(SQS_PROTOCOL, { region: env.AWS_REGION, endpoint: env.SQS_ENDPOINT });
}
