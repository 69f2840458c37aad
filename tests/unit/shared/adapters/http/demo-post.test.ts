import { describe, expect, it } from 'vitest';
import { createApp } from '../../../../../shared/adapters/http/app.ts';
import type { AppDeps } from '../../../../../shared/adapters/http/app-deps.ts';
import { loadEnv } from '../../../../../shared/config.ts';

/** A port that fails the test if anything touches it. */
const untouchable = <T>(name: string): T =>
  new Proxy({}, { get: (_target, property) => () => { throw new Error(`${name}.${String(property)} was called`); } }) as T;

const deps = (demoPost?: boolean): AppDeps => ({
  comments: untouchable('comments'),
  queue: untouchable('queue'),
  notifier: untouchable('notifier'),
  hasher: untouchable('hasher'),
  clock: untouchable('clock'),
  ids: untouchable('ids'),
  verifier: untouchable('verifier'),
  siteOrigins: [],
  clientIp: () => null,
  ...(demoPost === undefined ? {} : { demoPost }),
});

describe('The demo post at /', () => {
  it('is not served unless switched on: 404 not_found, storage untouched', async () => {
    // Act
    const answers = [await createApp(deps()).request('/'), await createApp(deps(false)).request('/')];

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(404);
      expect(await answer.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });

  it('is switched by DEMO_POST=on|off, off when unset', () => {
    // Assess
    expect(loadEnv({ TABLE_NAME: 't' }).DEMO_POST).toBe(false);
    expect(loadEnv({ TABLE_NAME: 't', DEMO_POST: 'on' }).DEMO_POST).toBe(true);
    expect(loadEnv({ TABLE_NAME: 't', DEMO_POST: 'off' }).DEMO_POST).toBe(false);
    expect(() => loadEnv({ TABLE_NAME: 't', DEMO_POST: 'yes' })).toThrow(/DEMO_POST: must be on or off/);
  });
});
