import type { Settings } from '../domain/settings.ts';
import type { SettingsStore } from '../domain/storage-ports.ts';

type Versioned = { settings: Settings; version: number };

/**
 * The moderation worker's copy of the settings, kept for as long as its process lives.
 * Settings versions only grow, and each queue message names the version its submission
 * read: a copy at that version or a newer one is good enough (the worker decides with the
 * settings the submission saw, or newer ones), so only the first message after a settings
 * change costs a read — strongly consistent, so it returns that version or a newer one.
 * Messages still naming an older version then use the newer copy instead of reading again.
 */
export class SettingsSnapshot {
  private copy: Versioned | null = null;
  private reading: Promise<Versioned> | null = null;

  constructor(private readonly store: Pick<SettingsStore, 'read'>) {}

  /** The settings at `version` or later: the copy when it is recent enough, else what is stored now. */
  async atLeast(version: number): Promise<Settings> {
    if (this.copy && this.copy.version >= version) return this.copy.settings;
    // The records of a batch miss together (a cold worker, a settings change): one read for all…
    this.reading ??= this.store.read().finally(() => (this.reading = null));
    const shared = this.keep(await this.reading);
    if (shared.version >= version) return shared.settings;
    // …unless it began before this message's settings were saved: then a read of its own, the newest there is.
    return this.keep(await this.store.read()).settings;
  }

  /** Keeps the newer of the copy and `read` (reads of one batch may finish out of order), and returns it. */
  private keep(read: Versioned): Versioned {
    if (!this.copy || read.version > this.copy.version) this.copy = read;
    return this.copy;
  }
}
