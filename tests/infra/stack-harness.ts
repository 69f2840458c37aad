import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { App, type IPolicyValidationPlugin, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CommentStack } from '../../infra/comment-stack.ts';
import { parseStackConfig, type StackConfig } from '../../infra/config.ts';

/** A resource of a synthesized template, as the tests read it. */
export interface CfnResource {
  // biome-ignore lint/suspicious/noExplicitAny: CloudFormation properties are untyped JSON; each test reads the shape it asserts.
  Properties: Record<string, any>;
  DependsOn?: string[];
}

/** A valid configuration (Object Mother); tests override what they are about. */
export function aConfig(overrides: Record<string, unknown> = {}): StackConfig {
  return parseStackConfig({
    stage: 'test',
    siteOrigins: ['https://blog.example.com', 'https://www.example.org'],
    moderatorEmail: 'moderators@example.com',
    alarmEmail: 'ops@example.com',
    ...overrides,
  });
}

export interface SynthOptions {
  /** Overrides of `aConfig()`. */
  config?: Record<string, unknown>;
  /** Really run esbuild (slow); otherwise bundling is skipped. */
  bundling?: boolean;
  /** aws-cdk-lib's built-in CloudFormation validation (~3 s); off unless asked. */
  cfnValidation?: boolean;
  /** Extra policy validation plugins, e.g. cdk-nag. */
  plugins?: (app: App) => IPolicyValidationPlugin[];
}

export interface SynthesizedStack {
  app: App;
  stack: CommentStack;
  config: StackConfig;
  outdir: string;
  /** Synthesizes (again) and returns the template. */
  template: () => Template;
  /** Removes the cloud assembly directory. */
  dispose: () => void;
}

/**
 * One CommentStack in its own App whose cloud assembly goes to a fresh temp
 * directory (CDK would otherwise leave `cdk.out*` folders in the system temp).
 */
export function buildStack(options: SynthOptions = {}): SynthesizedStack {
  const outdir = mkdtempSync(path.join(tmpdir(), 'leave-a-reply-cdk-'));
  const app = new App({
    outdir,
    builtinCloudFormationValidation: options.cfnValidation ?? false,
    context: options.bundling ? {} : { 'aws:cdk:bundling-stacks': [] },
  });
  const config = aConfig(options.config);
  const stack = new CommentStack(app, `LeaveAReply-${config.stage}`, { config });
  if (options.plugins) Validations.of(app).addPlugins(...options.plugins(app));
  let template: Template | undefined;
  return {
    app,
    stack,
    config,
    outdir,
    template: () => (template ??= Template.fromStack(stack)),
    dispose: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

