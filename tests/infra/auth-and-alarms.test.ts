import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStack, type CfnResource as Resource, type SynthesizedStack } from './stack-harness.ts';


describe('Stack: moderator auth, notifications, alarms, outputs', () => {
  let dev: SynthesizedStack;
  let prod: SynthesizedStack;
  let template: Template;
  let prodTemplate: Template;
  const topicId = (t: Template, name: RegExp) =>
    Object.entries(t.findResources('AWS::SNS::Topic')).find(([, r]) => name.test((r as Resource).Properties.DisplayName))![0];

  beforeAll(() => {
    dev = buildStack({ config: { mfa: 'OPTIONAL' } });
    prod = buildStack({ config: { stage: 'prod' } });
    template = dev.template();
    prodTemplate = prod.template();
  });
  afterAll(() => {
    dev.dispose();
    prod.dispose();
  });

  describe('Cognito user pool', () => {
    it('allows no self sign-up and requires a strong password', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', {
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        Policies: {
          PasswordPolicy: {
            MinimumLength: Match.anyValue(),
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
      });
      const pool = Object.values(template.findResources('AWS::Cognito::UserPool'))[0] as Resource;
      expect(pool.Properties.Policies.PasswordPolicy.MinimumLength).toBeGreaterThanOrEqual(12);
    });

    it('uses TOTP MFA as configured: OPTIONAL here, REQUIRED by default', () => {
      template.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'OPTIONAL', EnabledMfas: ['SOFTWARE_TOKEN_MFA'] });
      prodTemplate.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
    });

    it('runs prod on the Plus plan with threat protection, deletion protection and retention', () => {
      prodTemplate.hasResource('AWS::Cognito::UserPool', {
        DeletionPolicy: 'Retain',
        Properties: Match.objectLike({
          UserPoolTier: 'PLUS',
          UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
          DeletionProtection: 'ACTIVE',
        }),
      });
    });

    it('has the moderators group', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'moderators' });
    });

    it('has a public app client: SRP and password sign-in, and the authorization code flow (PKCE) for the moderators\' page', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: Match.arrayWith(['openid', 'email', 'profile']),
        SupportedIdentityProviders: ['COGNITO'],
      });
    });

    it('lets no user write their own name or email (the name is published on moderator replies)', () => {
      const clients = Object.values(template.findResources('AWS::Cognito::UserPoolClient')) as Resource[];
      expect(clients).toHaveLength(1);
      const writable = clients[0]!.Properties.WriteAttributes as string[] | undefined;
      // Absent means "every attribute" to Cognito.
      expect(writable).toBeDefined();
      expect(writable!.length).toBeGreaterThan(0);
      for (const attribute of ['name', 'email', 'preferred_username', 'nickname', 'given_name', 'family_name']) expect(writable).not.toContain(attribute);
    });

    it('returns sign-in and sign-out to <api>/moderate only', () => {
      const client = Object.values(template.findResources('AWS::Cognito::UserPoolClient'))[0] as Resource;
      const apiId = Object.keys(template.findResources('AWS::ApiGatewayV2::Api'))[0]!;

      for (const urls of [client.Properties.CallbackURLs, client.Properties.LogoutURLs]) {
        expect(urls).toHaveLength(1);
        const url = JSON.stringify(urls[0]);
        expect(url).toContain(apiId);
        expect(url).toMatch(/moderate"?\]?\]?\}?$/);
        expect(url).not.toContain('example.com');
      }
    });

    it('uses the custom domain for the callback when one is configured', () => {
      const custom = buildStack({
        config: { customDomain: { domainName: 'comments.example.org', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc-123' } },
      });
      try {
        custom.template().hasResourceProperties('AWS::Cognito::UserPoolClient', {
          CallbackURLs: ['https://comments.example.org/moderate'],
          LogoutURLs: ['https://comments.example.org/moderate'],
        });
      } finally {
        custom.dispose();
      }
    });

    it('creates the managed-login domain (newer managed login, with a style) and hands it to the API', () => {
      template.hasResourceProperties('AWS::Cognito::UserPoolDomain', {
        ManagedLoginVersion: 2,
        Domain: { 'Fn::Join': ['-', ['leave-a-reply-test', { Ref: 'AWS::AccountId' }]] },
      });
      template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', { UseCognitoProvidedValues: true });
      template.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ AUTH_LOGIN_DOMAIN: Match.anyValue(), AUTH_AUDIENCE: Match.anyValue() }) },
      });
    });

    it('takes the domain prefix from config', () => {
      const named = buildStack({ config: { signInDomainPrefix: 'blog-moderators' } });
      try {
        named.template().hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'blog-moderators' });
      } finally {
        named.dispose();
      }
    });
  });

  describe('SNS topics', () => {
    it('subscribe the moderator and the alarm email', () => {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'moderators@example.com',
        TopicArn: { Ref: topicId(template, /moderation/) },
      });
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'ops@example.com',
        TopicArn: { Ref: topicId(template, /alarms/) },
      });
    });

    it('are encrypted with a rotated customer key that CloudWatch may use', () => {
      const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0]!;

      template.resourcePropertiesCountIs('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } }, 2);
      template.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
              // Only CloudWatch acting for this account's alarms (no confused deputy).
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudwatch:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':alarm:*']] } },
              },
            }),
          ]),
        },
      });
    });

    it('refuse publishers without TLS', () => {
      const policies = template.findResources('AWS::SNS::TopicPolicy', {
        Properties: {
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        },
      });

      expect(Object.keys(policies)).toHaveLength(2);
    });
  });

  describe('Alarms', () => {
    const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as Resource[];

    it('all notify the alarm topic when firing and when recovering', () => {
      const topic = { Ref: topicId(template, /alarms/) };

      // DLQ depth, 5xx rate, worker errors, and one throttle alarm per function (four).
      expect(alarms().length).toBe(7);
      for (const alarm of alarms()) {
        expect(alarm.Properties.AlarmActions).toEqual([topic]);
        expect(alarm.Properties.OKActions).toEqual([topic]);
      }
    });

    it('fire on any message in the dead-letter queue', () => {
      const dlqId = Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.absent() } }))[0];

      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        Statistic: 'Maximum',
        TreatMissingData: 'notBreaching',
      });
    });

    it('fire on an API 5xx rate above 5 %', () => {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Threshold: 5,
        ComparisonOperator: 'GreaterThanThreshold',
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'IF(requests >= 20, 100 * errors / requests, 0)' }),
          Match.objectLike({ Id: 'requests', MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/ApiGateway', MetricName: 'Count' }) }) }),
          Match.objectLike({ Id: 'errors', MetricStat: Match.objectLike({ Metric: Match.objectLike({ Namespace: 'AWS/ApiGateway', MetricName: '5xx' }) }) }),
        ]),
      });
    });

    it('fire on any moderation worker error', () => {
      const workerId = Object.keys(
        template.findResources('AWS::Lambda::Function', { Properties: { Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'moderation-worker' } } } }),
      )[0];

      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: workerId } }],
        Threshold: 0,
      });
    });

    it('fire on throttling of each function', () => {
      const throttles = alarms().filter((a) => a.Properties.MetricName === 'Throttles');
      const functions = Object.keys(template.findResources('AWS::Lambda::Function'));

      expect(throttles.map((a) => a.Properties.Dimensions[0].Value.Ref).sort()).toEqual(functions.sort());
      expect(throttles.every((a) => a.Properties.Threshold === 0)).toBe(true);
    });
  });

  describe('Outputs', () => {
    it('give the API URL, user pool, client and topic ARNs', () => {
      template.hasOutput('ApiUrl', { Value: Match.objectLike({ 'Fn::Join': Match.anyValue() }) });
      template.hasOutput('UserPoolId', { Value: { Ref: Object.keys(template.findResources('AWS::Cognito::UserPool'))[0] } });
      template.hasOutput('UserPoolClientId', { Value: { Ref: Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0] } });
      template.hasOutput('ModeratorTopicArn', { Value: { Ref: topicId(template, /moderation/) } });
      template.hasOutput('AlarmTopicArn', { Value: { Ref: topicId(template, /alarms/) } });
      template.hasOutput('DeadLetterQueueArn', { Value: Match.anyValue() });
    });
  });
});
