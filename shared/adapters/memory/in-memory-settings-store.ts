import { type Settings, withDefaults } from '../../domain/settings.ts';
import type { SettingsStore } from '../../domain/storage-ports.ts';
import type { MemoryTable } from './memory-table.ts';

/** The discussion settings, versioned like the DynamoDB item (0: never stored). */
export class InMemorySettingsStore implements SettingsStore {
  constructor(private readonly table: MemoryTable) {}

  async get(): Promise<Settings> {
    return withDefaults(structuredClone(this.table.settings?.settings));
  }

  async read(): Promise<{ settings: Settings; version: number }> {
    return { settings: await this.get(), version: this.table.settings?.version ?? 0 };
  }

  async replace(settings: Settings, expectedVersion: number): Promise<boolean> {
    if ((this.table.settings?.version ?? 0) !== expectedVersion) return false;
    this.table.settings = { settings: structuredClone(settings), version: expectedVersion + 1 };
    return true;
  }

  async save(settings: Settings): Promise<void> {
    // Still moves the version on, so a concurrent conditional save retries.
    this.table.settings = { settings: structuredClone(settings), version: (this.table.settings?.version ?? 0) + 1 };
  }
}
