/** What the queue sends with, loaded with `import()` on the first send: only this command of the SQS module is bundled. */
export { SendMessageCommand } from '@aws-sdk/client-sqs';
