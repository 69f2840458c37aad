import { afterEach, describe, expect, it, vi } from 'vitest';
import { composeModeratorApi, composePublicApi, composeSweeper, composeWorker } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { freshModules, restoreAfterFile } from './support/function-env.ts';

/** What the CDK stack sets for the functions (no endpoint is contacted: composing does no network work). */
const COMPLETE: Record<string, string> = {
  TABLE_NAME: 'comments',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/moderation',
  KEYS_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:keys-AbCdEf',
  AUTH_MODE: 'cognito',
  AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
  AUTH_AUDIENCE: 'exampleclientid',
  AWS_REGION: 'us-east-1',
};

type FunctionName = 'public api' | 'moderator api' | 'moderation worker' | 'sweeper';

/** What each entry point does at cold start: validate the environment, compose its deps. */
const COMPOSE: Record<FunctionName, (source: Record<string, string | undefined>) => unknown> = {
  'public api': (source) => composePublicApi(loadEnv(source)),
  'moderator api': (source) => composeModeratorApi(loadEnv(source)),
  'moderation worker': (source) => composeWorker(loadEnv(source)),
  sweeper: (source) => composeSweeper(loadEnv(source)),
};

const ENTRIES: Record<FunctionName, () => Promise<unknown>> = {
  'public api': () => import('../../functions/public-api/index.ts'),
  'moderator api': () => import('../../functions/moderator-api/index.ts'),
  'moderation worker': () => import('../../functions/moderation-worker/index.ts'),
  sweeper: () => import('../../functions/sweeper/index.ts'),
};

const without = (...unset: string[]) => Object.fromEntries(Object.entries(COMPLETE).filter(([name]) => !unset.includes(name)));

restoreAfterFile();
afterEach(() => vi.unstubAllEnvs());

describe('Each function checks its environment when it loads', () => {
  it.each(Object.keys(ENTRIES) as FunctionName[])('%s: its entry point loads with the complete environment', async (name) => {
    for (const [variable, value] of Object.entries(COMPLETE)) vi.stubEnv(variable, value);
    for (const variable of ['KEYS_FILE', 'DYNAMODB_ENDPOINT', 'SQS_ENDPOINT', 'AUTH_SECRET']) vi.stubEnv(variable, undefined);
    await expect(freshModules(ENTRIES[name])).resolves.toHaveProperty('handler');
  });

  it.each([
    ['public api', 'QUEUE_URL', /The public api function needs QUEUE_URL/],
    ['sweeper', 'QUEUE_URL', /The sweeper needs QUEUE_URL/],
    ['public api', 'TABLE_NAME', /TABLE_NAME/],
    ['moderator api', 'TABLE_NAME', /TABLE_NAME/],
    ['moderation worker', 'TABLE_NAME', /TABLE_NAME/],
    ['sweeper', 'TABLE_NAME', /TABLE_NAME/],
    ['public api', 'KEYS_SECRET_ARN', /KEYS_SECRET_ARN/],
    ['moderator api', 'KEYS_SECRET_ARN', /KEYS_SECRET_ARN/],
    ['moderation worker', 'KEYS_SECRET_ARN', /KEYS_SECRET_ARN/],
    ['public api', 'AUTH_ISSUER', /AUTH_ISSUER/],
    ['moderator api', 'AUTH_ISSUER', /AUTH_ISSUER/],
  ] as const)('%s without %s: refuses to start, naming it', (name, variable, message) => {
    const compose = () => COMPOSE[name](without(variable));
    expect(compose).toThrow(message);
    expect(compose).toThrow(expect.objectContaining({ name: 'ConfigurationError' }));
  });

  it.each(['moderator api', 'moderation worker'] as const)('%s queues nothing: it starts without QUEUE_URL', (name) => {
    expect(() => COMPOSE[name](without('QUEUE_URL'))).not.toThrow();
  });

  it('the sweeper holds no keys: it starts without KEYS_SECRET_ARN', () => {
    expect(() => COMPOSE.sweeper(without('KEYS_SECRET_ARN'))).not.toThrow();
  });
});
