import { App } from 'aws-cdk-lib';
import { readStackConfig, StackConfigError } from './config.ts';

const app = new App();
try {
  const config = readStackConfig(app);
  // Loaded once the configuration is known good: a mistake in it is answered without loading every construct.
  const { CommentStack } = await import('./comment-stack.ts');
  new CommentStack(app, `LeaveAReply-${config.stage}`, {
    config,
    description: `Leave a Reply comment backend (${config.stage})`,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
} catch (error) {
  if (!(error instanceof StackConfigError)) throw error;
  process.stderr.write(`${error.message}\n`); // a configuration mistake needs no stack trace
  process.exit(1);
}
