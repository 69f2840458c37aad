import type { SettingsStore } from '../domain/storage-ports.ts';
import { Settings, type SettingsUpdate } from '../domain/settings.ts';
import { retryOnVersion, VERSION_CONFLICT } from './retry-on-version.ts';

/** Enough for several moderators saving in the same instant; each round one of them wins. */
const ATTEMPTS = 8;

/**
 * A moderator's change to the discussion settings: only the settings named are changed,
 * merged into what is stored at the moment of writing. The write is conditional on the
 * version read, so two moderators saving at once both keep their change (the loser
 * merges again onto the winner's settings).
 */
export async function updateSettings(deps: { settings: SettingsStore }, update: SettingsUpdate): Promise<Settings> {
  return retryOnVersion(
    async () => {
      const { settings, version } = await deps.settings.read();
      const next = Settings.parse({ ...settings, ...update });
      return (await deps.settings.replace(next, version)) ? next : VERSION_CONFLICT;
    },
    // A random pause spreads the writers apart, so the next round has a winner.
    { attempts: ATTEMPTS, pauseMs: (attempt) => 10 * attempt * Math.random() },
  );
}
