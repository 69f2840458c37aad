/**
 * The one definition of how a Lambda entry point is bundled. `CommentFunction`
 * hands it to CDK's `NodejsFunction` (which runs the local esbuild), and
 * `scripts/bench.ts` hands the very same options to esbuild's API, so the
 * bench measures exactly what gets deployed.
 */

import path from 'node:path';
import type { BuildOptions } from 'esbuild';
import { METRICS_NAMESPACE } from '../shared/deployment-names.ts';

/** Node 24 on Lambda (`Runtime.NODEJS_24_X`). */
export const LAMBDA_NODE_TARGET = 'node24';

/**
 * Some CommonJS dependencies call `require()` for Node built-ins; in an ESM
 * bundle that throws "Dynamic require of node:… is not supported" unless a
 * real `require` exists. The alias avoids clashing with bundled identifiers.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __lambdaCreateRequire } from 'node:module'; const require = __lambdaCreateRequire(import.meta.url);";

/** The esbuild settings shared by CDK and the bench. */
export const LAMBDA_BUNDLING = {
  target: LAMBDA_NODE_TARGET,
  platform: 'node',
  format: 'esm',
  minify: true,
  sourcemap: false,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
} as const;

/** esbuild API options equivalent to the command line CDK's `NodejsFunction` runs. */
export function esbuildOptionsFor(entry: string, outfile: string, define: Record<string, string> = {}): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    target: LAMBDA_BUNDLING.target,
    platform: LAMBDA_BUNDLING.platform,
    format: LAMBDA_BUNDLING.format,
    minify: LAMBDA_BUNDLING.minify,
    sourcemap: LAMBDA_BUNDLING.sourcemap,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
    define,
    logLevel: 'warning',
  };
}

/** The repository root (this file lives in `<root>/infra`). */
export const REPO_ROOT = path.join(import.meta.dirname, '..');

/** Every Lambda entry point, relative to the repository root. */
export const LAMBDA_ENTRIES = {
  publicApi: 'functions/public-api/index.ts',
  moderatorApi: 'functions/moderator-api/index.ts',
  moderationWorker: 'functions/moderation-worker/index.ts',
  sweeper: 'functions/sweeper/index.ts',
} as const;
export type LambdaName = keyof typeof LAMBDA_ENTRIES;

/** Absolute path of a Lambda entry point. */
export function entryPath(name: LambdaName): string {
  return path.join(REPO_ROOT, LAMBDA_ENTRIES[name]);
}

/**
 * Plausible Lambda environment for importing a bundle outside Lambda (the
 * bundling test and the bench): what the stack sets, with fake values, plus
 * the variables the Lambda runtime itself provides. Nothing here is contacted
 * at import time.
 */
export const IMPORT_CHECK_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
  AWS_SECRET_ACCESS_KEY: 'fake-secret',
  AWS_SESSION_TOKEN: 'fake-token',
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  TABLE_NAME: 'comments',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/moderation',
  SITE_ORIGINS: 'https://blog.example.com',
  AUTH_MODE: 'cognito',
  AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
  AUTH_AUDIENCE: 'exampleclientid',
  KEYS_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:keys-AbCdEf',
  NOTIFY_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:moderators',
  MODERATION_URL: 'https://api.example.com/',
  PERSONAL_DATA_RETENTION_DAYS: '30',
  POWERTOOLS_SERVICE_NAME: 'bench',
  POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
  LOG_LEVEL: 'ERROR',
  // The SDK warns on Node < 22 that it will need Node 22 from 2027; Lambda runs Node 24.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
