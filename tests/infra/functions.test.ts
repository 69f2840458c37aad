import { Match, type Template } from 'aws-cdk-lib/assertions';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_QUERY_ACTIONS, TABLE_READ_WRITE_ACTIONS } from '../../infra/constructs/comment-function.ts';
import { buildStack, type CfnResource as Resource, type SynthesizedStack } from './stack-harness.ts';

type Statement = { Effect: string; Action: string | string[]; Resource: unknown };

describe('Stack: functions', () => {
  let built: SynthesizedStack;
  let template: Template;
  /** Logical id of each function by its Powertools service name. */
  const ids: Record<string, string> = {};

  const fn = (service: string) => template.toJSON().Resources[ids[service]!] as Resource;
  const statementsOf = (service: string): Statement[] => {
    const roleId = fn(service).Properties.Role['Fn::GetAtt'][0] as string;
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
    return Object.values(policies).flatMap((p) => (p as Resource).Properties.PolicyDocument.Statement as Statement[]);
  };
  const actionsOf = (service: string) => statementsOf(service).flatMap((s) => [s.Action].flat());
  const env = (service: string) => fn(service).Properties.Environment.Variables as Record<string, unknown>;
  const ref = (type: string, props: object = {}) => ({ Ref: Object.keys(template.findResources(type, props))[0] });

  beforeAll(() => {
    built = buildStack({ config: { logRetentionDays: 90, personalDataRetentionDays: 45 } });
    template = built.template();
    for (const [id, r] of Object.entries(template.findResources('AWS::Lambda::Function'))) {
      ids[(r as Resource).Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME] = id;
    }
  });
  afterAll(() => built.dispose());

  describe('Construct: CommentFunction', () => {
    it("defines the public api, the moderators' api, the moderation worker and the sweeper", () => {
      expect(Object.keys(ids).sort()).toEqual(['comments-api', 'moderation-worker', 'moderator-api', 'sweeper']);
    });

    it.each(['comments-api', 'moderator-api', 'moderation-worker', 'sweeper'])('%s: Node 24 on arm64, ESM handler, 512 MB, X-Ray active', (service) => {
      expect(fn(service).Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        TracingConfig: { Mode: 'Active' },
      });
    });

    it.each(['comments-api', 'moderator-api', 'moderation-worker', 'sweeper'])('%s: logs to its own log group with the configured retention', (service) => {
      const logGroupId = fn(service).Properties.LoggingConfig.LogGroup.Ref as string;

      expect(template.toJSON().Resources[logGroupId]).toMatchObject({
        Type: 'AWS::Logs::LogGroup',
        Properties: { RetentionInDays: 90 },
      });
    });

    it.each(['comments-api', 'moderator-api', 'moderation-worker', 'sweeper'])('%s: has its own role with no AWS-managed policy', (service) => {
      const role = template.toJSON().Resources[fn(service).Properties.Role['Fn::GetAtt'][0]] as Resource;

      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(statementsOf(service)).toContainEqual(
        expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'] }),
      );
    });

    it.each(['comments-api', 'moderator-api', 'moderation-worker', 'sweeper'])('%s: shares the Powertools settings', (service) => {
      expect(env(service)).toMatchObject({
        POWERTOOLS_METRICS_NAMESPACE: 'LeaveAReply',
        LOG_LEVEL: 'INFO',
        PERSONAL_DATA_RETENTION_DAYS: '45',
        TABLE_NAME: ref('AWS::DynamoDB::Table'),
      });
    });
  });

  describe('Function: public api', () => {
    it('gets queue, origins, keys and the Cognito issuer and audience', () => {
      expect(env('comments-api')).toMatchObject({
        QUEUE_URL: ref('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } }),
        SITE_ORIGINS: 'https://blog.example.com,https://www.example.org',
        TRUSTED_PROXY_HOPS: '0',
        AUTH_MODE: 'cognito',
        AUTH_ISSUER: {
          'Fn::Join': ['', ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', ref('AWS::Cognito::UserPool')]],
        },
        AUTH_AUDIENCE: ref('AWS::Cognito::UserPoolClient'),
        KEYS_SECRET_ARN: ref('AWS::SecretsManager::Secret'),
      });
    });

    it('may read and write items, send to the queue and read the keys', () => {
      expect(actionsOf('comments-api')).toEqual(
        expect.arrayContaining([...TABLE_READ_WRITE_ACTIONS, 'sqs:SendMessage', 'secretsmanager:GetSecretValue']),
      );
      expect(actionsOf('comments-api')).not.toContain('sqs:ReceiveMessage');
      expect(actionsOf('comments-api')).not.toContain('sns:Publish');
    });
  });

  describe("Function: moderators' api", () => {
    it('gets origins, keys, the Cognito issuer, audience and login domain, and no queue', () => {
      expect(env('moderator-api')).toMatchObject({
        SITE_ORIGINS: 'https://blog.example.com,https://www.example.org',
        AUTH_MODE: 'cognito',
        AUTH_AUDIENCE: ref('AWS::Cognito::UserPoolClient'),
        AUTH_LOGIN_DOMAIN: expect.anything(),
        KEYS_SECRET_ARN: ref('AWS::SecretsManager::Secret'),
      });
      expect(env('moderator-api').QUEUE_URL).toBeUndefined();
    });

    it('may read and write items and read the keys; it sends nothing to the queue', () => {
      expect(actionsOf('moderator-api')).toEqual(expect.arrayContaining([...TABLE_READ_WRITE_ACTIONS, 'secretsmanager:GetSecretValue']));
      expect(actionsOf('moderator-api').filter((action) => action.startsWith('sqs:') || action.startsWith('sns:'))).toEqual([]);
    });
  });

  describe('DynamoDB grants', () => {
    /** The item actions each call of the stores' client (`DocumentCalls`) needs (a transaction: its item kinds). */
    const ACTIONS_OF_CALL: Record<string, string[]> = {
      get: ['dynamodb:GetItem'],
      batchGet: ['dynamodb:BatchGetItem'],
      query: ['dynamodb:Query'],
      scan: ['dynamodb:Scan'],
      put: ['dynamodb:PutItem'],
      update: ['dynamodb:UpdateItem'],
      delete: ['dynamodb:DeleteItem'],
      batchWrite: ['dynamodb:BatchWriteItem'],
      transactWrite: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
    };

    it('grant exactly the item actions the storage adapter uses (nothing unused, like BatchWriteItem)', () => {
      const dir = join(import.meta.dirname, '..', '..', 'shared', 'adapters', 'dynamodb');
      // The stores' calls (`client.get(…)`, `this.context.client.transactWrite(…)`); document-calls.ts offers every call, used or not.
      const stores = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'document-calls.ts');
      const source = stores.map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
      const used = new Set([...source.matchAll(/\bclient\.(\w+)\(/g)].flatMap(([, call]) => ACTIONS_OF_CALL[call!] ?? []));

      expect([...TABLE_READ_WRITE_ACTIONS].sort()).toEqual([...used].sort());
      expect(actionsOf('comments-api')).not.toContain('dynamodb:BatchWriteItem');
    });
  });

  describe('Function: moderation worker', () => {
    it('gets the notification topic, the moderation URL and the keys', () => {
      expect(env('moderation-worker')).toMatchObject({
        NOTIFY_TOPIC_ARN: ref('AWS::SNS::Topic', { Properties: { DisplayName: Match.stringLikeRegexp('moderation') } }),
        MODERATION_URL: expect.anything(),
        KEYS_SECRET_ARN: ref('AWS::SecretsManager::Secret'),
      });
      expect(JSON.stringify(env('moderation-worker').MODERATION_URL)).toContain('execute-api');
    });

    it('consumes the queue in batches of 10 with partial batch failures', () => {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: ids['moderation-worker'] },
        EventSourceArn: { 'Fn::GetAtt': [Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } }))[0], 'Arn'] },
        BatchSize: 10,
        MaximumBatchingWindowInSeconds: 2,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
    });

    it('may consume the queue and publish to the moderator topic only', () => {
      const statements = statementsOf('moderation-worker');

      expect(actionsOf('moderation-worker')).toEqual(
        expect.arrayContaining([...TABLE_READ_WRITE_ACTIONS, 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sns:Publish', 'kms:GenerateDataKey']),
      );
      expect(statements.find((s) => s.Action === 'sns:Publish')?.Resource).toEqual(
        ref('AWS::SNS::Topic', { Properties: { DisplayName: Match.stringLikeRegexp('moderation') } }),
      );
      expect(actionsOf('moderation-worker')).not.toContain('sqs:SendMessage');
    });
  });

  describe('Function: sweeper', () => {
    it('runs every 5 minutes', () => {
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: 'rate(5 minutes)',
        State: 'ENABLED',
        Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [ids.sweeper, 'Arn'] } })],
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        FunctionName: { 'Fn::GetAtt': [ids.sweeper, 'Arn'] },
        Principal: 'events.amazonaws.com',
      });
    });

    it('gets the table and queue but no keys', () => {
      expect(env('sweeper').QUEUE_URL).toEqual(ref('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.anyValue() } }));
      expect(env('sweeper').KEYS_SECRET_ARN).toBeUndefined();
    });

    it('may only query the table and send to the queue', () => {
      const dynamo = actionsOf('sweeper').filter((a) => a.startsWith('dynamodb:'));

      expect(dynamo).toEqual([...TABLE_QUERY_ACTIONS]);
      expect(actionsOf('sweeper')).toContain('sqs:SendMessage');
      expect(actionsOf('sweeper').some((a) => a.startsWith('secretsmanager:'))).toBe(false);
    });
  });

  describe('Least privilege', () => {
    it('grants no wildcard action in any IAM policy', () => {
      const actions = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p) =>
        ((p as Resource).Properties.PolicyDocument.Statement as Statement[]).flatMap((s) => [s.Action].flat()),
      );

      expect(actions.length).toBeGreaterThan(10);
      expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    });

    it('uses Resource "*" only for the X-Ray actions that have no resource-level permissions', () => {
      const starred = Object.values(template.findResources('AWS::IAM::Policy'))
        .flatMap((p) => (p as Resource).Properties.PolicyDocument.Statement as Statement[])
        .filter((s) => s.Resource === '*' || (Array.isArray(s.Resource) && s.Resource.includes('*')));

      expect(new Set(starred.flatMap((s) => [s.Action].flat()))).toEqual(new Set(['xray:PutTraceSegments', 'xray:PutTelemetryRecords']));
    });

    it('gives no function a scan, table-description or stream permission', () => {
      for (const service of Object.keys(ids)) {
        expect(actionsOf(service)).not.toEqual(expect.arrayContaining(['dynamodb:Scan']));
        expect(actionsOf(service)).not.toContain('dynamodb:DescribeTable');
        expect(actionsOf(service)).not.toContain('dynamodb:GetRecords');
      }
    });
  });
});
