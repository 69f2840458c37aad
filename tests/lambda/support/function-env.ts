import { afterAll, expect, vi } from 'vitest';
import { type Env, loadEnv } from '../../../shared/config.ts';
import type { TestStack } from '../../support/test-stack.ts';

/**
 * The environment the CDK stack gives a function, pointing at a test stack's table and queue,
 * validated as a function does at cold start: handed to `compose<Function>` and the handler
 * factory (functions/<name>/handler.ts), with no `process.env` stubbing and no module reset.
 */
export function functionEnv(stack: TestStack, extra: Record<string, string | undefined> = {}): Env {
  const { env } = stack;
  return loadEnv({
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
  });
}

/** The files that called `restoreAfterFile()`. */
const restoring = new Set<string | undefined>();

/**
 * Called at the top of a file that uses `freshModules`. Files share their worker's module cache
 * (no isolation): after this file, the variables it stubbed go back and the modules it loaded
 * afresh are dropped, so the next file loads the app as configured for tests.
 */
export function restoreAfterFile(): void {
  restoring.add(expect.getState().testPath);
  afterAll(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });
}

/**
 * Powertools' logger and metrics are module singletons that read their own variables
 * (POWERTOOLS_*, AWS_LAMBDA_INITIALIZATION_TYPE) and mark the cold start when loaded: tests of
 * those set the variables with `vi.stubEnv` and load the factory and the wiring afresh, together.
 */
export async function freshModules<T>(load: () => Promise<T>): Promise<T> {
  if (!restoring.has(expect.getState().testPath)) throw new Error('Call restoreAfterFile() at the top of this file: the next file in this worker would get these modules.');
  vi.resetModules();
  return load();
}
