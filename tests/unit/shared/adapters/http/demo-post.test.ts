import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../../../shared/config.ts';
import { appWithoutStorage } from '../../../../support/app-without-storage.ts';

describe('The demo post at /', () => {
  it('is not served unless switched on: 404 not_found, storage untouched', async () => {
    // Act
    const answers = [await appWithoutStorage().request('/'), await appWithoutStorage({ demoPost: false }).request('/')];

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
