/**
 * Two moderators saving settings at once must both be kept: each PUT changes only the
 * settings it names, merged into what is stored at the moment of writing.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import { composeApp } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/domain/settings.ts';
import { createTestStack, type TestStack } from '../support/test-stack.ts';

let stack: TestStack;
let auth: { authorization: string };
beforeAll(async () => {
  stack = await createTestStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
});

/** Another API instance (its own SDK clients), as a second Lambda would be. */
const anotherInstance = () => createApp(composeApp(stack.env, { clientIp: () => null }));

const CHANGES: Array<Partial<Settings>> = [
  { maxLinks: 7 },
  { floodSeconds: 33 },
  { threadDepth: 3 },
  { closeAfterDays: 9 },
  { manualModeration: true },
  { moderationKeys: ['casino'] },
];

describe('PUT /moderation/settings under concurrency', () => {
  it('keeps every change of moderators saving at the same time (no lost update)', async () => {
    for (let round = 0; round < 3; round++) {
      // Prepare
      await stack.deps.settings.save({ ...DEFAULT_SETTINGS });
      const apps = [stack.app, anotherInstance(), anotherInstance()];

      // Act
      const answers = await Promise.all(
        CHANGES.map((change, i) =>
          apps[i % apps.length]!.request('/moderation/settings', { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(change) }),
        ),
      );

      // Assess
      expect(answers.map((a) => a.status)).toEqual(CHANGES.map(() => 200));
      expect(await stack.deps.settings.get()).toEqual({ ...DEFAULT_SETTINGS, ...Object.assign({}, ...CHANGES) });
    }
  });
});
