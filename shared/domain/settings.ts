import * as z from 'zod';
import { builtOnFirstUse } from './built-on-first-use.ts';

/** Discussion settings. Defaults are WordPress's (Settings → Discussion). */
export const DEFAULT_SETTINGS = {
  requireNameEmail: true,
  manualModeration: false,
  previouslyApproved: true,
  maxLinks: 2,
  moderationKeys: [] as string[],
  disallowedKeys: [] as string[],
  closeAfterDays: 0,
  threadDepth: 5,
  floodSeconds: 15,
  ratePerIpPerMinute: 10,
};

/**
 * Each setting's schema (its description is the moderators' page label): built on the first read
 * of settings, not at cold start — the public function's reads never look at settings.
 */
const fields = builtOnFirstUse(() => {
  const keyList = z
    .array(z.string({ error: 'Each line must be text.' }).max(200, 'Each line is at most 200 characters.'), { error: 'A list of words, one per line.' })
    .max(1000, 'At most 1000 lines.')
    .transform((lines) => lines.map((line) => line.trim()).filter((line) => line !== ''));

  const bool = (name: string) => z.boolean({ error: `${name} must be true or false.` });
  const whole = (name: string, min: number, max: number) =>
    z.int({ error: `${name} must be a whole number from ${min} to ${max}.` }).min(min, `${name} must be at least ${min}.`).max(max, `${name} must be at most ${max}.`);

  return {
    requireNameEmail: bool('requireNameEmail').meta({ description: 'Comment author must fill out name and email.', default: true }),
    manualModeration: bool('manualModeration').meta({ description: 'Comment must be manually approved.', default: false }),
    previouslyApproved: bool('previouslyApproved').meta({ description: 'Comment author must have a previously approved comment.', default: true }),
    maxLinks: whole('maxLinks', 0, 1000).meta({ description: 'Hold a comment with this many links or more (0 = off).', default: 2 }),
    moderationKeys: keyList.meta({ description: 'Hold when any line appears in author, email, url, content, IP or user agent.', default: [] }),
    disallowedKeys: keyList.meta({ description: 'Mark as spam when any line appears in those fields.', default: [] }),
    closeAfterDays: whole('closeAfterDays', 0, 36500).meta({ description: 'Close comments on posts older than this many days (0 = never).', default: 0 }),
    threadDepth: whole('threadDepth', 1, 10).meta({ description: 'Deepest reply level; deeper replies attach at this level.', default: 5 }),
    floodSeconds: whole('floodSeconds', 0, 86400).meta({ description: 'Minimum seconds between comments from one email or IP (0 = off).', default: 15 }),
    ratePerIpPerMinute: whole('ratePerIpPerMinute', 0, 100000).meta({ description: 'Submissions per IP per minute (0 = off).', default: 10 }),
  };
});

export const Settings = /* @__PURE__ */ z.lazy(() => z.object(fields()).meta({ id: 'Settings' }));
export type Settings = z.infer<typeof Settings>;

/** PUT body: any subset; unknown names are an error, not silently dropped. */
export const SettingsUpdate = /* @__PURE__ */ z.lazy(() => z.object(fields()).partial().strict().meta({ id: 'SettingsUpdate' }));
export type SettingsUpdate = z.infer<typeof SettingsUpdate>;

/**
 * Stored settings may predate a new setting: what is missing or unreadable takes the
 * default, setting by setting (one bad value must not reset, say, the disallowed keys).
 */
export function withDefaults(stored: unknown): Settings {
  const source = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const settings: Record<string, unknown> = structuredClone(DEFAULT_SETTINGS);
  for (const [name, schema] of Object.entries(fields())) {
    const parsed = name in source ? schema.safeParse(source[name]) : undefined;
    if (parsed?.success) settings[name] = parsed.data;
  }
  return settings as Settings;
}
