import type { Clock } from '../../shared/domain/ports.ts';

/**
 * A clock handed to the composition root that runs with real time unless a test stops it,
 * and jumps forward on demand: a test that waits for time to pass (a flood interval, an
 * expiry) moves it instead of sleeping, to the millisecond.
 */
export class AdjustableClock implements Clock {
  private stoppedAt: number | null = null;
  private offsetMs = 0;

  now(): Date {
    return new Date(this.stoppedAt ?? Date.now() + this.offsetMs);
  }

  /** Time stands still until `advance` or `resume`. */
  stop(): void {
    this.stoppedAt = this.now().getTime();
  }

  advance(ms: number): void {
    if (this.stoppedAt !== null) this.stoppedAt += ms;
    else this.offsetMs += ms;
  }

  /** Runs with real time again, from where it stood (never backwards). */
  resume(): void {
    if (this.stoppedAt === null) return;
    this.offsetMs = this.stoppedAt - Date.now();
    this.stoppedAt = null;
  }
}
