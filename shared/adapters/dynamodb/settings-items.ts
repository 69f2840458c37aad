import type { PutInput, UpdateInput } from './document-calls.ts';
import type { Settings } from '../../domain/settings.ts';
import { keys } from './keys.ts';

/**
 * The settings item: `{ settings, version }`. A moderator's save is conditional on the
 * version read (0: no item, or one written before versions), so concurrent saves merge
 * instead of overwriting each other (use-cases/update-settings.ts).
 */
export function settingsReplacement(table: string, settings: Settings, expectedVersion: number): PutInput {
  return {
    TableName: table,
    Item: { ...keys.settings(), settings, version: expectedVersion + 1 },
    ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(#version)' : '#version = :expected',
    ExpressionAttributeNames: { '#version': 'version' },
    ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':expected': expectedVersion } }),
  };
}

/** An unconditional save (set-up, tests) still moves the version on, so a concurrent conditional save retries. */
export function settingsOverwrite(table: string, settings: Settings): UpdateInput {
  return {
    TableName: table,
    Key: keys.settings(),
    UpdateExpression: 'SET #settings = :settings ADD #version :one',
    ExpressionAttributeNames: { '#settings': 'settings', '#version': 'version' },
    ExpressionAttributeValues: { ':settings': settings, ':one': 1 },
  };
}

/** The stored version, 0 when there is none or it is unreadable. */
export function settingsVersion(item: Record<string, unknown> | undefined): number {
  const version = Number(item?.version ?? 0);
  return Number.isInteger(version) && version > 0 ? version : 0;
}
