import { describe, expect, it } from 'vitest';
import { identicon, identiconSquares, readableTime } from '../../../../shared/domain/display.ts';

describe('Function: readableTime', () => {
  it('reads like people write dates, in the locale and zone given', () => {
    expect(readableTime('2026-11-28T08:06:47.000Z', 'en', 'UTC')).toBe('November 28, 2026 at 8:06 AM');
    expect(readableTime('2026-11-28T08:06:47.000Z', 'de', 'Europe/Berlin')).toBe('28. November 2026 um 09:06');
    expect(readableTime('2026-11-28T08:06:47.000Z', 'ja', 'Asia/Tokyo')).toBe('2026年11月28日 17:06');
  });

  it('gives back what it cannot read', () => {
    expect(readableTime('not a date', 'en', 'UTC')).toBe('not a date');
  });
});

describe('Function: identicon', () => {
  it('is stable per seed and differs between seeds', () => {
    expect(identicon('seed-a')).toEqual(identicon('seed-a'));
    expect(identicon('seed-a')).not.toEqual(identicon('seed-b'));
    expect(identicon(null)).toBeNull();
  });

  it('never draws an empty grid (an empty one reads as a missing picture)', () => {
    // Before: the second half of the cells came from a product whose low bits repeat the first
    // half's, so 1 seed in 256 drew nothing. 20,000 seeds: about 78 empty ones then.
    for (let i = 0; i < 20_000; i++) expect(identiconSquares(identicon(`seed-${i}`)!).length, `seed-${i}`).toBeGreaterThan(0);
  });

  it('is mirrored on a 5×5 grid', () => {
    const squares = identiconSquares(identicon('a-seed-with-cells')!);

    for (const [x, y] of squares) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(5);
      expect(y).toBeLessThan(5);
      expect(squares).toContainEqual([4 - x, y]);
    }
  });
});
