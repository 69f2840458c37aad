import { vi } from 'vitest';
import type { TestStack } from '../../support/test-stack.ts';

/**
 * The environment the CDK stack gives a function, pointing at a test stack's table
 * and queue. The entry points read it at import time, so set it before `import()`.
 */
export function stubFunctionEnv(stack: TestStack, extra: Record<string, string> = {}): void {
  const { env } = stack;
  const variables: Record<string, string | undefined> = {
    TABLE_NAME: env.TABLE_NAME,
    QUEUE_URL: env.QUEUE_URL,
    DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT,
    SQS_ENDPOINT: env.SQS_ENDPOINT,
    KEYS_FILE: env.KEYS_FILE,
    AUTH_MODE: env.AUTH_MODE,
    AUTH_SECRET: env.AUTH_SECRET,
    SITE_ORIGINS: env.SITE_ORIGINS.join(','),
    AWS_REGION: env.AWS_REGION,
    ...extra,
  };
  for (const [name, value] of Object.entries(variables)) if (value !== undefined) vi.stubEnv(name, value);
}

/** Imports an entry point afresh, so it reads the environment just stubbed. */
export async function importFresh<T>(load: () => Promise<T>): Promise<T> {
  vi.resetModules();
  return load();
}
