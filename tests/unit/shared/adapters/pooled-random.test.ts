import { decodeTime, isValid, monotonicFactory } from 'ulid';
import { describe, expect, it } from 'vitest';
import { pooledRandom } from '../../../../shared/adapters/pooled-random.ts';

describe('Function: pooledRandom', () => {
  it('answers fractions in [0, 1) in steps of 1/256, as ulid makes them from a byte', () => {
    const random = pooledRandom(16);
    const drawn = Array.from({ length: 1000 }, () => random());

    expect(drawn.every((x) => x >= 0 && x < 1 && Number.isInteger(x * 256))).toBe(true);
    // 1000 draws over 256 values: far more than a handful of distinct ones
    expect(new Set(drawn).size).toBeGreaterThan(200);
  });

  it('refills the pool with fresh bytes once it is used up', () => {
    const random = pooledRandom(64);
    const first = Array.from({ length: 64 }, () => random());
    const second = Array.from({ length: 64 }, () => random());

    expect(second).not.toEqual(first);
  });

  it("makes valid, distinct, time-ordered ulids with ulid's monotonic factory", () => {
    const nextId = monotonicFactory(pooledRandom());
    const at = Date.UTC(2026, 10, 28, 12);
    const ids = [...Array.from({ length: 500 }, () => nextId(at)), nextId(at + 1)];

    expect(ids.every(isValid)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(decodeTime(ids[0]!)).toBe(at);
  });
});
