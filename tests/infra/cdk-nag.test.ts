import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterEach, describe, expect, it } from 'vitest';
import { routeTable } from '../../shared/adapters/http/route-table.ts';
import { buildStack, type SynthesizedStack } from './stack-harness.ts';

const nag = { plugins: (app: import('aws-cdk-lib').App) => [new AwsSolutionsChecks(app)] };

/** Every acknowledgement recorded in the app: `{ path, id, reason }`. */
function acknowledgements(built: SynthesizedStack): Array<{ path: string; id: string; reason: string }> {
  return built.app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // Recorded as `{ "Annotation::<rule id>": reason }` (cdk-nag strips the prefix).
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([key, reason]) => ({ path: construct.node.path, id: key.replace(/^annotation::/i, ''), reason })),
  );
}

describe('cdk-nag: AwsSolutionsChecks', () => {
  let built: SynthesizedStack | undefined;
  afterEach(() => built?.dispose());

  it('finds nothing unacknowledged in a prod stack (with aws-cdk-lib\'s CloudFormation validation on)', () => {
    built = buildStack({
      ...nag,
      cfnValidation: true,
      config: {
        stage: 'prod',
        customDomain: { domainName: 'comments.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123' },
      },
    });

    expect(() => built!.app.synth()).not.toThrow();
    const report = JSON.parse(readFileSync(path.join(built.outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: Array<{ violations: unknown[] }>;
    };
    expect(report.pluginReports.flatMap((r) => r.violations)).toEqual([]);
  }, 30_000);

  it('finds nothing unacknowledged in a dev stack with optional MFA', () => {
    built = buildStack({ ...nag, config: { stage: 'dev', mfa: 'OPTIONAL' } });

    expect(() => built!.app.synth()).not.toThrow();
  }, 30_000);

  it('acknowledges only known rules, each with a specific reason', () => {
    built = buildStack({ ...nag, config: { stage: 'dev', mfa: 'OPTIONAL' } });
    const acks = acknowledgements(built);

    expect(new Set(acks.map((a) => a.id.replace(/\[.*$/, '')))).toEqual(
      new Set(['AwsSolutions-APIG4', 'AwsSolutions-COG2', 'AwsSolutions-COG8', 'AwsSolutions-IAM5', 'AwsSolutions-SMG4']),
    );
    for (const ack of acks) {
      expect(ack.reason.length, `${ack.id} on ${ack.path}`).toBeGreaterThan(80);
    }
    // IAM5 only ever for the X-Ray "*" and the table's own indexes, finding by finding.
    expect(new Set(acks.filter((a) => a.id.startsWith('AwsSolutions-IAM5')).map((a) => a.id.replace(/<\w+\.Arn>/, '<Table>')))).toEqual(
      new Set(['AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-IAM5[Resource::<Table>/index/*]']),
    );
    // APIG4 only on the routes without a token: every registered route outside the moderator prefixes, and $default.
    const table = routeTable();
    const openRoutes = [...table.public, ...table.moderators]
      .filter((route) => !/^\/(moderation|privacy)\//.test(route.path))
      .map((route) => `${route.method.toUpperCase()}${route.path.replaceAll('/', '--')}`);
    expect(openRoutes).toContain('POST--posts--{postId}--comments');
    expect(acks.filter((a) => a.id === 'AwsSolutions-APIG4').map((a) => a.path.split('/').slice(-1)[0]).sort()).toEqual(['DefaultRoute', ...openRoutes].sort());
  });

  it('would fail the synth on a new finding (the check is live)', () => {
    built = buildStack(nag);
    new Queue(built.stack, 'CarelessQueue');

    expect(() => built!.app.synth()).toThrow(/CarelessQueue[\s\S]*AwsSolutions-SQS4/);
  }, 30_000);
});
