import { afterEach, describe, expect, it, vi } from 'vitest';
import { importFresh } from './support/function-env.ts';

/** What the CDK stack sets for the functions (no endpoint is contacted: loading does no network work). */
const COMPLETE: Record<string, string> = {
  TABLE_NAME: 'comments',
  QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/moderation',
  KEYS_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:keys-AbCdEf',
  AUTH_MODE: 'cognito',
  AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_example',
  AUTH_AUDIENCE: 'exampleclientid',
  AWS_REGION: 'us-east-1',
};

const ENTRIES: Record<'api' | 'moderation worker' | 'sweeper', () => Promise<unknown>> = {
  api: () => import('../../functions/api/index.ts'),
  'moderation worker': () => import('../../functions/moderation-worker/index.ts'),
  sweeper: () => import('../../functions/sweeper/index.ts'),
};

/** The environment without `unset`, as a function would start with it. */
function startWithout(...unset: string[]): void {
  for (const [name, value] of Object.entries(COMPLETE)) vi.stubEnv(name, unset.includes(name) ? undefined : value);
  for (const name of ['KEYS_FILE', 'DYNAMODB_ENDPOINT', 'SQS_ENDPOINT', 'AUTH_SECRET']) vi.stubEnv(name, undefined);
}

afterEach(() => vi.unstubAllEnvs());

describe('Each function checks its environment when it loads', () => {
  it.each(Object.keys(ENTRIES) as Array<keyof typeof ENTRIES>)('%s: loads with the complete environment', async (name) => {
    startWithout();
    await expect(importFresh(ENTRIES[name])).resolves.toHaveProperty('handler');
  });

  it.each([
    ['api', 'QUEUE_URL', /The api function needs QUEUE_URL/],
    ['sweeper', 'QUEUE_URL', /The sweeper needs QUEUE_URL/],
    ['api', 'TABLE_NAME', /TABLE_NAME/],
    ['moderation worker', 'TABLE_NAME', /TABLE_NAME/],
    ['sweeper', 'TABLE_NAME', /TABLE_NAME/],
    ['api', 'KEYS_SECRET_ARN', /KEYS_SECRET_ARN/],
    ['moderation worker', 'KEYS_SECRET_ARN', /KEYS_SECRET_ARN/],
    ['api', 'AUTH_ISSUER', /AUTH_ISSUER/],
  ] as const)('%s without %s: refuses to load, naming it', async (name, variable, message) => {
    startWithout(variable);
    const loading = importFresh(ENTRIES[name]);
    await expect(loading).rejects.toThrow(message);
    await expect(loading).rejects.toMatchObject({ name: 'ConfigurationError' });
  });

  it('the moderation worker needs no queue: it loads without QUEUE_URL', async () => {
    startWithout('QUEUE_URL');
    await expect(importFresh(ENTRIES['moderation worker'])).resolves.toHaveProperty('handler');
  });
});
