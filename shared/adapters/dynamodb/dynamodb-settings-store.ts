import { type Settings, withDefaults } from '../../domain/settings.ts';
import type { SettingsStore } from '../../domain/storage-ports.ts';
import { isConditionalCheckFailed } from './errors.ts';
import { keys } from './keys.ts';
import { settingsOverwrite, settingsReplacement, settingsVersion } from './settings-items.ts';
import { storageCall } from './storage-calls.ts';
import type { TableContext } from './table-context.ts';

/** The discussion settings item (./settings-items.ts). */
export class DynamoDbSettingsStore implements SettingsStore {
  constructor(private readonly context: Pick<TableContext, 'client' | 'table'>) {}

  async get(): Promise<Settings> {
    const { client, table } = this.context;
    const result = await storageCall(() => client.get({ TableName: table, Key: keys.settings() }));
    return withDefaults(result.Item?.settings);
  }

  async read(): Promise<{ settings: Settings; version: number }> {
    const { client, table } = this.context;
    // Strongly consistent: a save merges onto what is stored now, not onto a lagging copy.
    const result = await storageCall(() => client.get({ TableName: table, Key: keys.settings(), ConsistentRead: true }));
    return { settings: withDefaults(result.Item?.settings), version: settingsVersion(result.Item) };
  }

  async replace(settings: Settings, expectedVersion: number): Promise<boolean> {
    try {
      await storageCall(() => this.context.client.put(settingsReplacement(this.context.table, settings, expectedVersion)));
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async save(settings: Settings): Promise<void> {
    await storageCall(() => this.context.client.update(settingsOverwrite(this.context.table, settings)));
  }
}
