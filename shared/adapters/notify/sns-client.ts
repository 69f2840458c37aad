import { type AwsServiceOptions, awsClientOnFirstUse, sendAws, serviceEndpoint } from '../aws/aws-service.ts';

export interface SnsMessage {
  TopicArn: string;
  Subject: string;
  Message: string;
}

export type SnsPublish = (message: SnsMessage) => Promise<void>;

/** SNS `Publish` over its query protocol (form-encoded request, XML answer); the client is made on the first message. */
export function snsPublisher(options: AwsServiceOptions): SnsPublish {
  const client = awsClientOnFirstUse(options);
  const endpoint = serviceEndpoint('sns', options);
  return async (message) => {
    await sendAws(client, {
      service: 'sns',
      endpoint,
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      payload: new URLSearchParams({ Action: 'Publish', Version: '2010-03-31', ...message }).toString(),
    });
  };
}
