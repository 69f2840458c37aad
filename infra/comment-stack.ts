import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type ITable, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../shared/deployment-names.ts';
import type { StackConfig } from './config.ts';
import { Alarms } from './constructs/alarms.ts';
import { CommentApi } from './constructs/comment-api.ts';
import { CommentFunction } from './constructs/comment-function.ts';
import { CommentTable } from './constructs/comment-table.ts';
import { KeysSecret } from './constructs/keys-secret.ts';
import { ModerationQueue } from './constructs/moderation-queue.ts';
import { ModeratorAuth } from './constructs/moderator-auth.ts';
import { NotificationTopics } from './constructs/notification-topics.ts';
import { acknowledgeGrantWildcards } from './nag-acknowledgements.ts';
import { bundleDefines, bundleFiles } from './bundle-defines.ts';

export interface CommentStackProps extends StackProps {
  readonly config: StackConfig;
}

/** How often the sweeper re-queues comments the worker never checked. */
export const SWEEP_EVERY = Duration.minutes(5);
const WORKER_TIMEOUT = Duration.seconds(30);

/**
 * Everything `cdk deploy` creates for one stage: data (table, key ring),
 * moderation pipeline (queue + DLQ, worker, sweeper), the public/moderator HTTP
 * API with Cognito, notifications and alarms. Configuration comes from
 * ./config.ts; no physical names are hard-coded.
 */
export class CommentStack extends Stack {
  constructor(scope: Construct, id: string, props: CommentStackProps) {
    super(scope, id, props);
    const { config } = props;
    Tags.of(this).add('project', 'leave-a-reply');
    Tags.of(this).add('stage', config.stage);
    const removalPolicy = config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const logRetention = config.logRetentionDays as RetentionDays;

    // A retained (or restored) table and key ring are adopted rather than created: docs/deploy.md, "Restore and upgrade".
    const table: ITable = config.existingTableName
      ? Table.fromTableAttributes(this, 'ExistingComments', { tableName: config.existingTableName, grantIndexPermissions: true })
      : new CommentTable(this, 'Comments', { removalPolicy, deletionProtection: config.isProd }).table;
    const keys: ISecret = config.existingKeysSecretArn
      ? Secret.fromSecretCompleteArn(this, 'ExistingKeys', config.existingKeysSecretArn)
      : new KeysSecret(this, 'Keys', { removalPolicy }).secret;
    const { queue, deadLetterQueue } = new ModerationQueue(this, 'Moderation', {
      consumerTimeout: WORKER_TIMEOUT,
      removalPolicy,
    });
    const topics = new NotificationTopics(this, 'Notifications', {
      moderatorEmail: config.moderatorEmail,
      alarmEmail: config.alarmEmail,
      removalPolicy,
    });
    const auth = new ModeratorAuth(this, 'ModeratorAuth', {
      stage: config.stage,
      signInDomainPrefix: config.signInDomainPrefix,
      mfa: config.mfa,
      featurePlan: config.cognitoPlan,
      removalPolicy,
    });

    const common = {
      metricsNamespace: METRICS_NAMESPACE,
      logLevel: config.logLevel,
      logRetention,
      removalPolicy,
      environment: { PERSONAL_DATA_RETENTION_DAYS: String(config.personalDataRetentionDays) },
    };

    const siteEnvironment = {
      ...common.environment,
      SITE_ORIGINS: config.siteOrigins.join(','),
      // The app's own origin; without a custom domain, API Gateway's domain of each request.
      ...(config.customDomain ? { PUBLIC_URL: `https://${config.customDomain.domainName}` } : {}),
      TRUSTED_PROXY_HOPS: String(config.trustedProxyHops),
      AUTH_MODE: 'cognito',
      AUTH_ISSUER: auth.issuer,
      AUTH_AUDIENCE: auth.client.userPoolClientId,
    };
    const publicFunction = new CommentFunction(this, 'PublicApiFunction', {
      ...common,
      entry: 'publicApi',
      description: "Leave a Reply visitors' HTTP API (Hono)",
      serviceName: 'comments-api',
      timeout: Duration.seconds(10),
      // The widget and the OpenAPI document, built now and written beside the bundle: served without building anything.
      define: bundleDefines('publicApi'),
      files: bundleFiles('publicApi'),
      environment: { ...siteEnvironment, DEMO_POST: config.demoPost ? 'on' : 'off' },
    })
      .useTable(table, 'readWrite')
      .sendTo(queue)
      .useKeys(keys);
    // Queues nothing: no queue permission and no QUEUE_URL.
    const moderatorFunction = new CommentFunction(this, 'ModeratorApiFunction', {
      ...common,
      entry: 'moderatorApi',
      description: "Leave a Reply moderators' HTTP API (Hono)",
      serviceName: 'moderator-api',
      timeout: Duration.seconds(10),
      environment: { ...siteEnvironment, AUTH_LOGIN_DOMAIN: auth.loginDomainUrl },
    })
      .useTable(table, 'readWrite')
      .useKeys(keys);

    const api = new CommentApi(this, 'Api', {
      publicHandler: publicFunction,
      moderatorHandler: moderatorFunction,
      jwtIssuer: auth.issuer,
      jwtAudience: [auth.client.userPoolClientId],
      siteOrigins: config.siteOrigins,
      throttle: config.throttle,
      logRetention,
      removalPolicy,
      customDomain: config.customDomain,
      disableExecuteApiEndpoint: config.trustedProxyHops > 0,
    });
    auth.allowSignInFrom(`${api.url}moderate`);

    const worker = new CommentFunction(this, 'ModerationWorker', {
      ...common,
      entry: 'moderationWorker',
      description: 'Leave a Reply moderation worker (SQS)',
      serviceName: 'moderation-worker',
      timeout: WORKER_TIMEOUT,
      environment: { ...common.environment, MODERATION_URL: api.url },
    })
      .useTable(table, 'readWrite')
      .useKeys(keys)
      .notifyVia(topics.moderatorTopic, topics.key);
    worker.addEventSource(
      new SqsEventSource(queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(2),
        reportBatchItemFailures: true,
        maxConcurrency: 5,
      }),
    );

    const sweeper = new CommentFunction(this, 'Sweeper', {
      ...common,
      entry: 'sweeper',
      description: 'Leave a Reply sweeper: re-queues pending comments the worker never checked',
      serviceName: 'sweeper',
      timeout: Duration.seconds(60),
    })
      .useTable(table, 'query')
      .sendTo(queue);
    new Rule(this, 'SweepSchedule', {
      description: 'Runs the no-loss sweeper',
      schedule: Schedule.rate(SWEEP_EVERY),
      targets: [new LambdaFunction(sweeper, { retryAttempts: 2, maxEventAge: Duration.minutes(5) })],
    });

    new Alarms(this, 'Alarms', {
      topic: topics.alarmTopic,
      deadLetterQueue,
      httpApi: api.httpApi,
      worker,
      functions: { PublicApi: publicFunction, ModeratorApi: moderatorFunction, Worker: worker, Sweeper: sweeper },
    });

    acknowledgeGrantWildcards([publicFunction, moderatorFunction, worker, sweeper], table);

    new CfnOutput(this, 'ApiUrl', { description: 'Base URL of the comment API', value: api.url });
    new CfnOutput(this, 'UserPoolId', { description: 'Cognito user pool of moderators', value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', {
      description: 'App client for moderator sign-in (no secret)',
      value: auth.client.userPoolClientId,
    });
    new CfnOutput(this, 'ModeratorPageUrl', { description: "The moderators' page (signs in through Cognito managed login)", value: `${api.url}moderate` });
    new CfnOutput(this, 'SignInDomain', { description: 'Cognito managed login for moderators', value: auth.loginDomainUrl });
    new CfnOutput(this, 'ModeratorTopicArn', { value: topics.moderatorTopic.topicArn });
    new CfnOutput(this, 'AlarmTopicArn', { value: topics.alarmTopic.topicArn });
    new CfnOutput(this, 'DeadLetterQueueArn', {
      description: 'Redrive with aws sqs start-message-move-task --source-arn <this>',
      value: deadLetterQueue.queueArn,
    });
    new CfnOutput(this, 'TableName', { value: table.tableName });
    new CfnOutput(this, 'KeysSecretArn', { value: keys.secretArn });
  }
}
