/** The SNS client and the one command the notifier sends, loaded with `import()` on the first held comment. */
export { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
