import { describe, expect, it } from 'vitest';
import { createInMemoryStores } from '../../../../shared/adapters/memory/in-memory-stores.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/domain/settings.ts';
import type { SettingsStore } from '../../../../shared/domain/storage-ports.ts';
import { SettingsSnapshot } from '../../../../shared/use-cases/settings-snapshot.ts';

type Versioned = Awaited<ReturnType<SettingsStore['read']>>;

/** The in-memory settings store, with every read counted. */
function countedStore() {
  const { settings } = createInMemoryStores({ retentionDays: 30, now: () => new Date() });
  const counted = { reads: 0 };
  const store: Pick<SettingsStore, 'read'> = {
    read: () => {
      counted.reads++;
      return settings.read();
    },
  };
  return { settings, store, counted };
}

/** A read held until the test lets it finish, to put reads and saves in a chosen order. */
function heldReads(source: Pick<SettingsStore, 'read'>) {
  const waiting: Array<() => void> = [];
  const store: Pick<SettingsStore, 'read'> = {
    read: async (): Promise<Versioned> => {
      const value = await source.read();
      await new Promise<void>((resolve) => waiting.push(resolve));
      return value;
    },
  };
  const releaseAll = async () => {
    // Let the reads reach their hold first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (const release of waiting.splice(0)) release();
  };
  return { store, releaseAll };
}

const withKeys = (moderationKeys: string[]): Settings => ({ ...DEFAULT_SETTINGS, moderationKeys });

describe('Class: SettingsSnapshot', () => {
  describe('Method: atLeast', () => {
    it('reads the settings the first time (cold worker), then answers the same version from its copy', async () => {
      // Prepare
      const { settings, store, counted } = countedStore();
      await settings.save(withKeys(['first']));
      const snapshot = new SettingsSnapshot(store);

      // Act
      const first = await snapshot.atLeast(1);
      const again = await snapshot.atLeast(1);

      // Assess
      expect([first.moderationKeys, again.moderationKeys]).toEqual([['first'], ['first']]);
      expect(counted.reads).toBe(1);
    });

    it('reads again when a message names a newer version, and keeps the newer settings', async () => {
      // Prepare
      const { settings, store, counted } = countedStore();
      await settings.save(withKeys(['first']));
      const snapshot = new SettingsSnapshot(store);
      await snapshot.atLeast(1);

      // Act
      await settings.save(withKeys(['second']));
      const changed = await snapshot.atLeast(2);
      const afterwards = await snapshot.atLeast(2);

      // Assess
      expect([changed.moderationKeys, afterwards.moderationKeys]).toEqual([['second'], ['second']]);
      expect(counted.reads).toBe(2);
    });

    it('answers a message naming an older version with its newer copy, without reading', async () => {
      // Prepare: the worker already saw version 2 (a later submission's message came first).
      const { settings, store, counted } = countedStore();
      await settings.save(withKeys(['first']));
      await settings.save(withKeys(['second']));
      const snapshot = new SettingsSnapshot(store);
      await snapshot.atLeast(2);

      // Act
      const older = await snapshot.atLeast(1);

      // Assess
      expect(older.moderationKeys).toEqual(['second']);
      expect(counted.reads).toBe(1);
    });

    it('answers WordPress’s defaults at version 0 when no settings were ever stored', async () => {
      const { store, counted } = countedStore();
      const snapshot = new SettingsSnapshot(store);

      expect(await snapshot.atLeast(0)).toEqual(DEFAULT_SETTINGS);
      expect(await snapshot.atLeast(0)).toEqual(DEFAULT_SETTINGS);
      expect(counted.reads).toBe(1);
    });

    it('lets the concurrent records of a batch share one read', async () => {
      // Prepare
      const { settings, store, counted } = countedStore();
      await settings.save(withKeys(['only']));
      const snapshot = new SettingsSnapshot(store);

      // Act
      const all = await Promise.all(Array.from({ length: 10 }, () => snapshot.atLeast(1)));

      // Assess
      expect(all.map((s) => s.moderationKeys)).toEqual(Array.from({ length: 10 }, () => ['only']));
      expect(counted.reads).toBe(1);
    });

    it('reads on its own when the shared read began before the settings its message names were saved', async () => {
      // Prepare: a read for version 1 is under way when version 2 is saved and its message arrives.
      const { settings, store: counting, counted } = countedStore();
      await settings.save(withKeys(['first']));
      const { store, releaseAll } = heldReads(counting);
      const snapshot = new SettingsSnapshot(store);
      const early = snapshot.atLeast(1);
      await new Promise((resolve) => setTimeout(resolve, 0));
      await settings.save(withKeys(['second']));

      // Act
      const late = snapshot.atLeast(2);
      await releaseAll();
      const earlyResult = await early;
      await releaseAll();
      const lateResult = await late;

      // Assess: the early message got version 1 (its own), the late one version 2, and nothing older is kept.
      expect(earlyResult.moderationKeys).toEqual(['first']);
      expect(lateResult.moderationKeys).toEqual(['second']);
      expect(counted.reads).toBe(2);
      expect((await snapshot.atLeast(1)).moderationKeys).toEqual(['second']);
    });

    it('answers what is stored when a message names a version the store does not have (a restored table), reading at most twice', async () => {
      // Prepare
      const { settings, store, counted } = countedStore();
      await settings.save(withKeys(['restored']));
      const snapshot = new SettingsSnapshot(store);

      // Act
      const answer = await snapshot.atLeast(7);

      // Assess
      expect(answer.moderationKeys).toEqual(['restored']);
      expect(counted.reads).toBe(2);
    });
  });
});
