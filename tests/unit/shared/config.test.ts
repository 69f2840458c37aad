import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../shared/config.ts';

const CONFIG = path.join(import.meta.dirname, '../../../shared/config.ts');

describe('loadEnv', () => {
  it('names each bad variable with what is wrong with it', () => {
    expect(() => loadEnv({ TABLE_NAME: 't', AUTH_MODE: 'x', PERSONAL_DATA_RETENTION_DAYS: 'abc', DEMO_POST: 'yes' })).toThrow(
      'Invalid environment: AUTH_MODE: Invalid option: expected one of "cognito"|"local"; PERSONAL_DATA_RETENTION_DAYS: Invalid input: expected number, received NaN; DEMO_POST: must be on or off',
    );
  });

  it('reads the defaults and the lists', () => {
    const env = loadEnv({ TABLE_NAME: 't', SITE_ORIGINS: 'https://a.example, https://b.example,,', TRUSTED_PROXY_HOPS: '2' });
    expect(env).toMatchObject({ AUTH_MODE: 'cognito', PERSONAL_DATA_RETENTION_DAYS: 30, TRUSTED_PROXY_HOPS: 2, DEMO_POST: false, AWS_REGION: 'us-east-1' });
    expect(env.SITE_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
  });

  // The schema is zod/mini, which loads no locale: in a process where nothing else loaded zod's
  // classic build (which sets English), the messages must still say what is wrong.
  it('gives English messages when it is the only zod user of its process', () => {
    const script = `const { loadEnv } = await import(${JSON.stringify(CONFIG)});
try { loadEnv({ TABLE_NAME: 't', PERSONAL_DATA_RETENTION_DAYS: 'abc' }); } catch (error) { process.stdout.write(error.message); }`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('Invalid environment: PERSONAL_DATA_RETENTION_DAYS: Invalid input: expected number, received NaN');
  });
});
