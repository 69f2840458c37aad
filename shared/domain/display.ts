/**
 * How a comment looks to people, shared by the server-rendered HTML and the browser widget
 * (which bundles this file): no Node or DOM APIs here.
 */

/** A 5×5 mirrored identicon from the public avatar seed (itself a server-keyed hash). */
export interface Identicon {
  hue: number;
  /** 15 cells, column by column for the left three columns; the right two mirror the left two. */
  cells: boolean[];
}

/** Column 2 (the mirror axis), row 2. */
const CENTRE_CELL = 12;

export function identicon(seed: string | null): Identicon | null {
  if (!seed) return null;
  let hash = 2166136261;
  for (const ch of seed) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0;
  // Cells from bits 0–14 and the hue from the bits above them, so neither decides the other.
  const cells = Array.from({ length: 15 }, (_, i) => ((hash >>> i) & 1) === 1);
  // An empty grid would read as a missing picture: fill the centre instead (1 seed in 32,768).
  if (!cells.includes(true)) cells[CENTRE_CELL] = true;
  return { hue: (hash >>> 15) % 360, cells };
}

/** The filled squares of an identicon as [x, y] on a 5×5 grid. */
export function identiconSquares(icon: Identicon): Array<[number, number]> {
  const squares: Array<[number, number]> = [];
  icon.cells.forEach((on, i) => {
    if (!on) return;
    const x = Math.floor(i / 5);
    const y = i % 5;
    squares.push([x, y]);
    if (x < 2) squares.push([4 - x, y]);
  });
  return squares;
}

/**
 * A date people read ("November 28, 2026 at 8:06 AM"). The server renders it in English and
 * UTC (it does not know the visitor); in the browser the visitor's locale and time zone apply.
 */
export function readableTime(iso: string, locale?: string | string[], timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(date);
}
