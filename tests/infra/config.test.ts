import { describe, expect, it } from 'vitest';
import { parseStackConfig, readStackConfig, StackConfigError } from '../../infra/config.ts';

const valid = {
  stage: 'dev',
  siteOrigins: ['https://blog.example.com'],
  moderatorEmail: 'moderators@example.com',
  alarmEmail: 'ops@example.com',
};

/** A stand-in for an App: CDK context as a plain object. */
const contextOf = (context: Record<string, unknown>) => ({ node: { tryGetContext: (key: string) => context[key], getAllContext: () => context } });

describe('Function: parseStackConfig', () => {
  describe('accepts', () => {
    it('a minimal dev configuration and fills the defaults', () => {
      const config = parseStackConfig(valid);

      expect(config).toMatchObject({
        stage: 'dev',
        isProd: false,
        siteOrigins: ['https://blog.example.com'],
        logRetentionDays: 30,
        logLevel: 'INFO',
        removalPolicy: 'destroy',
        mfa: 'REQUIRED',
        cognitoPlan: 'ESSENTIALS',
        personalDataRetentionDays: 30,
        throttle: { rateLimit: 50, burstLimit: 100, postCommentRateLimit: 5, postCommentBurstLimit: 10 },
      });
      expect(config.customDomain).toBeUndefined();
    });

    it('prod with data-keeping defaults (retain, Plus plan)', () => {
      const config = parseStackConfig({ ...valid, stage: 'prod' });

      expect(config).toMatchObject({ isProd: true, removalPolicy: 'retain', cognitoPlan: 'PLUS', mfa: 'REQUIRED' });
    });

    it('command-line strings: comma-separated origins, numbers, JSON objects', () => {
      const config = parseStackConfig({
        ...valid,
        siteOrigins: 'https://a.example.com, https://b.example.com/',
        logRetentionDays: '90',
        customDomain: '{"domainName":"comments.example.com","certificateArn":"arn:aws:acm:eu-west-1:123456789012:certificate/abc-123"}',
        throttle: '{"rateLimit":20,"burstLimit":40}',
      });

      expect(config.siteOrigins).toEqual(['https://a.example.com', 'https://b.example.com']);
      expect(config.logRetentionDays).toBe(90);
      expect(config.customDomain?.domainName).toBe('comments.example.com');
      expect(config.throttle).toEqual({ rateLimit: 20, burstLimit: 40, postCommentRateLimit: 5, postCommentBurstLimit: 10 });
    });
  });

  describe('rejects, naming the key', () => {
    const cases: Array<[string, Record<string, unknown>, RegExp]> = [
      ['a missing moderator email', { moderatorEmail: undefined }, /moderatorEmail/],
      ['a bad moderator email', { moderatorEmail: 'not-an-email' }, /moderatorEmail: must be an email address/],
      ['a missing alarm email', { alarmEmail: undefined }, /alarmEmail/],
      ['a bad alarm email', { alarmEmail: 'ops@' }, /alarmEmail: must be an email address/],
      ['missing site origins', { siteOrigins: undefined }, /siteOrigins/],
      ['an empty list of site origins', { siteOrigins: [] }, /siteOrigins: must list at least one site origin/],
      ['a site origin with a path', { siteOrigins: ['https://blog.example.com/post'] }, /siteOrigins\.0: must be an origin/],
      ['a site origin that is not http(s)', { siteOrigins: ['ftp://blog.example.com'] }, /siteOrigins\.0: must be an origin/],
      ['an upper-case stage', { stage: 'Prod' }, /stage: must be lower-case/],
      ['a stage with spaces', { stage: 'my stage' }, /stage: must be lower-case/],
      ['a retention CloudWatch does not offer', { logRetentionDays: 10 }, /logRetentionDays: must be one of CloudWatch's retention periods/],
      ['a non-numeric retention', { logRetentionDays: 'forever' }, /logRetentionDays/],
      ['an unknown MFA mode', { mfa: 'OFF' }, /mfa/],
      ['an unknown removal policy', { removalPolicy: 'snapshot' }, /removalPolicy/],
      ['destroying prod data', { stage: 'prod', removalPolicy: 'destroy' }, /removalPolicy: prod must keep its data/],
      ['an unknown log level', { logLevel: 'TRACE' }, /logLevel/],
      ['an unknown Cognito plan', { cognitoPlan: 'LITE' }, /cognitoPlan/],
      ['a custom domain without certificate', { customDomain: { domainName: 'c.example.com' } }, /customDomain\.certificateArn/],
      [
        'a custom domain with a non-ACM certificate ARN',
        { customDomain: { domainName: 'c.example.com', certificateArn: 'arn:aws:iam::123456789012:server-certificate/x' } },
        /customDomain\.certificateArn: must be an ACM certificate ARN/,
      ],
      [
        'a custom domain that is not a host name',
        { customDomain: { domainName: 'https://c.example.com', certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' } },
        /customDomain\.domainName: must be a host name/,
      ],
      ['a zero personal-data retention', { personalDataRetentionDays: 0 }, /personalDataRetentionDays/],
      ['a negative number of trusted proxies', { trustedProxyHops: -1 }, /trustedProxyHops: must be 0 to 10/],
      ['a fractional number of trusted proxies', { trustedProxyHops: 1.5 }, /trustedProxyHops: must be a whole number/],
      ['trusted proxies without a custom domain (the execute-api endpoint would let clients skip them)', { trustedProxyHops: 1 }, /trustedProxyHops: needs customDomain/],
      ['a POST throttle above the stage throttle', { throttle: { rateLimit: 5, postCommentRateLimit: 10 } }, /throttle: the POST comment limits/],
      ['a misspelt key', { alarmEmails: 'ops@example.com' }, /alarmEmails|Unrecognized key/],
    ];

    it.each(cases)('%s', (_name, change, message) => {
      const raw: Record<string, unknown> = { ...valid, ...change };
      for (const key of Object.keys(change)) if (change[key] === undefined) delete raw[key];

      const act = () => parseStackConfig(raw);

      expect(act).toThrow(StackConfigError);
      expect(act).toThrow(message);
    });

    it('lists every bad key at once and says where configuration lives', () => {
      const act = () => parseStackConfig({ stage: 'prod', siteOrigins: 'nope', moderatorEmail: 'x' });

      expect(act).toThrow(/stage "prod".*cdk\.json context "stages\.prod" or -c key=value/s);
      expect(act).toThrow(/siteOrigins\.0[\s\S]*moderatorEmail[\s\S]*alarmEmail/);
    });
  });
});

describe('Function: readStackConfig', () => {
  it('defaults to the dev stage block of cdk.json', () => {
    const config = readStackConfig(contextOf({ stages: { dev: valid } }));

    expect(config.stage).toBe('dev');
    expect(config.moderatorEmail).toBe('moderators@example.com');
  });

  it('selects the stage block and lets flat -c values override it', () => {
    const context = {
      stage: 'prod',
      stages: { dev: valid, prod: { ...valid, alarmEmail: 'oncall@example.com' } },
      siteOrigins: 'https://news.example.com',
    };

    const config = readStackConfig(contextOf(context));

    expect(config).toMatchObject({ stage: 'prod', alarmEmail: 'oncall@example.com', siteOrigins: ['https://news.example.com'] });
  });

  it('fails for a stage whose block lacks required keys, naming each', () => {
    expect(() => readStackConfig(contextOf({ stage: 'staging', stages: { dev: valid, staging: {} } }))).toThrow(
      /stage "staging"[\s\S]*siteOrigins[\s\S]*moderatorEmail[\s\S]*alarmEmail/,
    );
  });
});

describe('Function: readStackConfig, unknown names', () => {
  it('refuses a stage that has no block under stages, naming those that do', () => {
    expect(() => readStackConfig(contextOf({ stage: 'staging', stages: { dev: valid, '//prod': valid } }))).toThrow(
      /Unknown stage "staging": cdk\.json has a block for "dev" under context\.stages/,
    );
  });

  it('refuses a misspelt context key and suggests the known one', () => {
    expect(() => readStackConfig(contextOf({ stages: { dev: valid }, moderatorEmial: 'm@example.com' }))).toThrow(
      /moderatorEmial \(did you mean moderatorEmail\?\)/,
    );
  });

  it("takes cdk.json's //prod template, copied as prod with its comment, as a valid prod stage", async () => {
    const { readFileSync } = await import('node:fs');
    const template = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')).context.stages['//prod'];

    const config = readStackConfig(contextOf({ stage: 'prod', stages: { prod: template } }));

    expect(config).toMatchObject({ stage: 'prod', isProd: true, demoPost: false, removalPolicy: 'retain' });
  });

  it("leaves CDK's own context keys alone", () => {
    const context = {
      stages: { dev: valid },
      '@aws-cdk/aws-lambda:recognizeLayerVersion': true,
      'aws:cdk:bundling-stacks': [],
      'acknowledged-issue-numbers': [1],
      'availability-zones:account=123456789012:region=eu-west-1': ['a'],
    };

    expect(readStackConfig(contextOf(context)).stage).toBe('dev');
  });

  it('takes demoPost and the adopted table and key ring as flat -c values', () => {
    const config = readStackConfig(
      contextOf({
        stages: { dev: valid },
        demoPost: 'false',
        existingTableName: 'LeaveAReply-dev-Comments-1',
        existingKeysSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:Keys-AbCdEf',
      }),
    );

    expect(config).toMatchObject({ demoPost: false, existingTableName: 'LeaveAReply-dev-Comments-1' });
  });

  it('refuses a keys secret that is not a full secret ARN', () => {
    expect(() => parseStackConfig({ ...valid, existingKeysSecretArn: 'Keys' })).toThrow(/existingKeysSecretArn: must be the full ARN/);
  });
});
