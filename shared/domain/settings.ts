import * as z from 'zod';

const keyList = z
  .array(z.string().max(200, 'Each line is at most 200 characters.'), { error: 'A list of words, one per line.' })
  .max(1000, 'At most 1000 lines.')
  .transform((lines) => lines.map((line) => line.trim()).filter((line) => line !== ''));

/** Discussion settings. Defaults are WordPress's (Settings → Discussion). */
export const Settings = z
  .object({
    requireNameEmail: z.boolean().default(true).meta({ description: 'Comment author must fill out name and email.' }),
    manualModeration: z.boolean().default(false).meta({ description: 'Comment must be manually approved.' }),
    previouslyApproved: z.boolean().default(true).meta({ description: 'Comment author must have a previously approved comment.' }),
    maxLinks: z.int().min(0).max(1000).default(2).meta({ description: 'Hold a comment with this many links or more (0 = off).' }),
    moderationKeys: keyList.default([]).meta({ description: 'Hold when any line appears in author, email, url, content, IP or user agent.' }),
    disallowedKeys: keyList.default([]).meta({ description: 'Mark as spam when any line appears in those fields.' }),
    closeAfterDays: z.int().min(0).max(36500).default(0).meta({ description: 'Close comments on posts older than this many days (0 = never).' }),
    threadDepth: z.int().min(1).max(10).default(5).meta({ description: 'Deepest reply level; deeper replies attach at this level.' }),
    floodSeconds: z.int().min(0).max(86400).default(15).meta({ description: 'Minimum seconds between comments from one email or IP (0 = off).' }),
    ratePerIpPerMinute: z.int().min(0).max(100000).default(10).meta({ description: 'Submissions per IP per minute (0 = off).' }),
  })
  .meta({ id: 'Settings' });
export type Settings = z.infer<typeof Settings>;

/** PUT body: any subset; unknown names are an error, not silently dropped. */
export const SettingsUpdate = Settings.partial()
  .strict()
  .meta({ id: 'SettingsUpdate' });
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** Stored settings may predate a new setting: fill what is missing with the default. */
export function withDefaults(stored: unknown): Settings {
  const parsed = Settings.safeParse(stored ?? {});
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}
