import { getRandomValues } from 'node:crypto';

/**
 * A random source for ulid's factory: fractions in [0, 1) drawn from a pool of cryptographically
 * random bytes, refilled `poolSize` bytes at a time. ulid's default source asks for one byte per
 * character, 16 system calls per id; it was the largest frame of a submission's own code (issue 13).
 * The fractions are the same ones ulid makes (a byte / 256).
 */
export function pooledRandom(poolSize = 256): () => number {
  const pool = new Uint8Array(poolSize);
  let next = poolSize;
  return () => {
    if (next === poolSize) {
      getRandomValues(pool);
      next = 0;
    }
    return pool[next++]! / 256;
  };
}
