import { type AwsServiceOptions, signedPost } from '../aws/aws-service.ts';

export interface SnsMessage {
  TopicArn: string;
  Subject: string;
  Message: string;
}

export type SnsPublish = (message: SnsMessage) => Promise<void>;

/** SNS `Publish` over its query protocol (form-encoded request, XML answer: only an error's is read). */
export function snsPublisher(options: AwsServiceOptions): SnsPublish {
  const send = signedPost('sns', options);
  return async (message) => {
    await send(
      { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      new URLSearchParams({ Action: 'Publish', Version: '2010-03-31', ...message }).toString(),
    );
  };
}
