import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildStack, type SynthesizedStack } from './stack-harness.ts';

const TABLE = 'LeaveAReply-prod-CommentsTable-OLD1';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:KeysSecret-AbCdEf';
const adopt = { existingTableName: TABLE, existingKeysSecretArn: SECRET };

let built: SynthesizedStack | undefined;
afterEach(() => built?.dispose());

describe('Stack: restore and upgrade (adopting a retained table and key ring)', () => {
  it('creates no table and no secret, and points the functions at the adopted ones', () => {
    // Act
    built = buildStack({ config: { stage: 'prod', ...adopt } });
    const template = built.template();

    // Assess
    template.resourceCountIs('AWS::DynamoDB::Table', 0);
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TABLE_NAME: TABLE, KEYS_SECRET_ARN: SECRET }) },
    });
    template.hasOutput('TableName', { Value: TABLE });
    template.hasOutput('KeysSecretArn', { Value: SECRET });
  });

  it('grants the adopted table and its indexes, still cdk-nag clean', () => {
    // Act
    built = buildStack({ config: { stage: 'prod', ...adopt }, plugins: (app) => [new AwsSolutionsChecks(app)] });

    // Assess
    expect(() => built!.app.synth()).not.toThrow();
    expect(JSON.stringify(built.template().findResources('AWS::IAM::Policy'))).toContain(`table/${TABLE}/index/*`);
  }, 30_000);
});

describe('Stack: outputs', () => {
  it('has the stable output names docs/deploy.md uses', () => {
    // Act
    built = buildStack({
      config: { stage: 'prod', customDomain: { domainName: 'comments.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123' } },
    });

    // Assess
    expect(Object.keys(built.template().toJSON().Outputs).sort()).toEqual(
      ['AlarmTopicArn', 'ApiUrl', 'CustomDomainTarget', 'DeadLetterQueueArn', 'KeysSecretArn', 'ModeratorPageUrl', 'ModeratorTopicArn', 'SignInDomain', 'TableName', 'UserPoolClientId', 'UserPoolId'].sort(),
    );
  });
});

describe('Stack: demo post', () => {
  const demoPost = (config: Record<string, unknown>) => {
    built = buildStack({ config });
    const api = Object.values(built.template().findResources('AWS::Lambda::Function')).find(
      (f) => (f as { Properties: { Environment?: { Variables?: Record<string, unknown> } } }).Properties.Environment?.Variables?.SITE_ORIGINS,
    ) as { Properties: { Environment: { Variables: Record<string, unknown> } } };
    const value = api.Properties.Environment.Variables.DEMO_POST;
    built.dispose();
    return value;
  };

  it('is off by default in prod, on in other stages, and configurable', () => {
    // Assess
    expect(demoPost({ stage: 'prod' })).toBe('off');
    expect(demoPost({ stage: 'dev' })).toBe('on');
    expect(demoPost({ stage: 'prod', demoPost: 'true' })).toBe('on');
    expect(demoPost({ stage: 'dev', demoPost: false })).toBe('off');
  });
});

describe('cdk synth (the real CLI) refuses configuration it does not know', () => {
  const ROOT = join(import.meta.dirname, '..', '..');
  const synth = (...context: string[]): Promise<{ status: number | null; stderr: string }> =>
    new Promise((resolve, reject) => {
      // Each run its own output folder: the CLI locks the one it synthesizes into.
      const output = mkdtempSync(join(tmpdir(), 'leave-a-reply-cli-'));
      // The project's own CLI, as `npx cdk` finds it (npx itself would add half a second of CPU per run).
      const cli = spawn(join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--no-notices', '-q', '--output', output, ...context.flatMap((c) => ['-c', c])], {
        cwd: ROOT,
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_OUTDIR: '' },
        stdio: ['ignore', 'ignore', 'pipe'],
        timeout: 60_000,
      });
      let stderr = '';
      cli.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      cli.once('error', reject);
      cli.once('close', (status) => {
        rmSync(output, { recursive: true, force: true });
        resolve({ status, stderr });
      });
    });
  // Both CLI runs at once: each is mostly the CLI and the app starting, not CPU.
  let unknownStage: Awaited<ReturnType<typeof synth>>;
  let misspelt: Awaited<ReturnType<typeof synth>>;
  beforeAll(async () => {
    [unknownStage, misspelt] = await Promise.all([synth('stage=staging'), synth('alarmEmial=ops@example.com')]);
  }, 60_000);

  it('an unknown stage', () => {
    // Assess
    expect(unknownStage.status).not.toBe(0);
    expect(unknownStage.stderr).toContain('Unknown stage "staging"');
    expect(unknownStage.stderr).toContain('"dev"');
  });

  it('a misspelt key, naming the one meant', () => {
    // Assess
    expect(misspelt.status).not.toBe(0);
    expect(misspelt.stderr).toContain('alarmEmial (did you mean alarmEmail?)');
  });
});
