import { SQSClient } from '@aws-sdk/client-sqs';
import type { Env } from '../../config.ts';

const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * An SQS client for the environment (the local emulator when SQS_ENDPOINT is set). Its own
 * module: the composition root loads it with `import()` on the first send, so a function
 * that never sends (or not yet) does not evaluate the SQS client at cold start.
 */
export function sqsClient(env: Env): SQSClient {
  // cacheMiddleware: the middleware stack is resolved once per command type, not per message.
  return new SQSClient({ region: env.AWS_REGION, cacheMiddleware: true, ...(env.SQS_ENDPOINT ? { endpoint: env.SQS_ENDPOINT, credentials: LOCAL_CREDENTIALS } : {}) });
}
