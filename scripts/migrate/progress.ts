/** What the import has done so far, for people watching it. */
export interface ProgressState {
  done: number;
  total: number;
  imported: number;
  unchanged: number;
  skipped: number;
  elapsedMs: number;
}

const number = (n: number) => n.toLocaleString('en-US');

export function rate(state: ProgressState): number {
  return state.elapsedMs > 0 ? (state.done * 1000) / state.elapsedMs : 0;
}

export function eta(state: ProgressState): string {
  const perSecond = rate(state);
  if (perSecond === 0 || state.done === 0) return '--';
  const seconds = Math.ceil((state.total - state.done) / perSecond);
  return seconds >= 3600 ? `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m` : seconds >= 60 ? `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/** A terminal's bar: `[########------------]  42% 4,200/10,000 · 812/s · ETA 7s · imported 4,100, unchanged 0, skipped 100`. */
export function progressBar(state: ProgressState, width = 24): string {
  const fraction = state.total > 0 ? Math.min(1, state.done / state.total) : 0;
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}% ${number(state.done)}/${number(state.total)} · ${number(Math.round(rate(state)))}/s · ETA ${eta(state)} · ${counts(state)}`;
}

/** A log's line, every few seconds when the output is not a terminal. */
export function progressLine(state: ProgressState): string {
  const percent = state.total > 0 ? Math.floor((state.done / state.total) * 100) : 0;
  return `import: ${number(state.done)}/${number(state.total)} records (${percent}%), ${number(Math.round(rate(state)))}/s, ETA ${eta(state)}; ${counts(state)}`;
}

/** The one final line (API.md). */
export function counts(state: Pick<ProgressState, 'imported' | 'unchanged' | 'skipped'>): string {
  return `imported ${state.imported}, unchanged ${state.unchanged}, skipped ${state.skipped}`;
}

/** Draws the bar in place on a terminal (at most 10 times a second), or writes a line every few seconds. */
export class ProgressReporter {
  private lastDraw = 0;
  constructor(
    private readonly out: { write(text: string): unknown; isTTY?: boolean },
    private readonly everyMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  update(state: ProgressState, force = false): void {
    const at = this.now();
    if (this.out.isTTY) {
      if (force || at - this.lastDraw >= 100) {
        this.out.write(`\r\x1b[2K${progressBar(state)}`);
        this.lastDraw = at;
      }
    } else if (force || at - this.lastDraw >= this.everyMs) {
      this.out.write(`${progressLine(state)}\n`);
      this.lastDraw = at;
    }
  }

  finish(state: ProgressState): void {
    this.update(state, true);
    if (this.out.isTTY) this.out.write('\n');
  }
}
