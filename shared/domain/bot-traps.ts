/**
 * Two silent bot traps for comment forms (see docs/site-owners.md):
 *
 * - a honeypot: a text field people never see (hidden off-screen), which bots that fill every
 *   field fill in;
 * - a minimum fill time: the form carries the server time when it was rendered; a form sent back
 *   sooner than people can type is a script.
 *
 * A trapped submission is accepted like any other (so bots learn nothing) and stored as spam.
 * Absent fields punish nobody: only a filled honeypot or a present, too recent time does.
 */
export const HONEYPOT_FIELD = 'hp_website';
export const RENDERED_AT_FIELD = 'form_rendered_at';
export const MIN_FILL_MS = 3000;

/** Values below this are read as seconds (PHP's time()), above as milliseconds (Date.now()). */
const SECONDS_BELOW = 100_000_000_000;
/** A render time further ahead than this is no render time at all: ignored. */
const MAX_AHEAD_MS = 3_600_000;

/** Why this submission looks automated (empty when it does not). */
export function botTrapReasons(input: Record<string, unknown>, now: Date): string[] {
  const reasons: string[] = [];
  if (isFilled(input[HONEYPOT_FIELD])) {
    reasons.push(`The hidden field ${HONEYPOT_FIELD} was filled in (a bot).`);
  }
  const renderedAt = parseRenderedAt(input[RENDERED_AT_FIELD]);
  if (renderedAt !== null) {
    const elapsed = now.getTime() - renderedAt;
    if (elapsed < MIN_FILL_MS && elapsed > -MAX_AHEAD_MS) {
      reasons.push(`Sent ${(Math.max(0, elapsed) / 1000).toFixed(1)} s after the form was shown (under ${MIN_FILL_MS / 1000} s: a bot).`);
    }
  }
  return reasons;
}

function isFilled(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  return typeof value === 'string' ? value.trim() !== '' : true;
}

/** Epoch milliseconds (or seconds), as a JSON number or a string of digits; anything else is ignored. */
export function parseRenderedAt(value: unknown): number | null {
  let number: number;
  if (typeof value === 'number') number = value;
  else if (typeof value === 'string' && /^\s*\d{1,16}(\.\d{1,6})?\s*$/.test(value)) number = Number(value);
  else return null;
  if (!Number.isFinite(number) || number <= 0) return null;
  return number < SECONDS_BELOW ? number * 1000 : number;
}
