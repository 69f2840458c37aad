import { describe, expect, it } from 'vitest';
import { ServiceUnavailableError } from '../../../../shared/domain/errors.ts';
import { retryOnVersion, VERSION_CONFLICT } from '../../../../shared/use-cases/retry-on-version.ts';

/** An attempt that loses `conflicts` times to another writer, then writes. */
function losing(conflicts: number) {
  const attempts: number[] = [];
  const attempt = async (n: number) => {
    attempts.push(n);
    return n <= conflicts ? VERSION_CONFLICT : `written on try ${n}`;
  };
  return { attempts, attempt };
}

describe('Function: retryOnVersion', () => {
  it.each([
    [0, 3, 'written on try 1', [1]],
    [1, 3, 'written on try 2', [1, 2]],
    [2, 3, 'written on try 3', [1, 2, 3]],
    [7, 8, 'written on try 8', [1, 2, 3, 4, 5, 6, 7, 8]],
  ])('after %i conflicts (of %i tries) answers what the write answered', async (conflicts, tries, written, numbers) => {
    // Prepare
    const { attempts, attempt } = losing(conflicts);

    // Act
    const result = await retryOnVersion(attempt, { attempts: tries });

    // Assess
    expect(result).toBe(written);
    expect(attempts).toEqual(numbers);
  });

  it.each([
    [3, undefined],
    [8, 8],
  ])('gives up after %i lost tries with 503 unavailable, nothing more tried', async (tries, option) => {
    // Prepare
    const { attempts, attempt } = losing(Number.POSITIVE_INFINITY);

    // Act / Assess
    await expect(retryOnVersion(attempt, option ? { attempts: option } : {})).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(attempts.length).toBe(tries);
  });

  it('answers undefined and false like any result (only the conflict marker retries)', async () => {
    // Assess
    await expect(retryOnVersion(async () => undefined)).resolves.toBeUndefined();
    await expect(retryOnVersion(async () => false)).resolves.toBe(false);
  });

  it('pauses between tries, not after the last', async () => {
    // Prepare
    const pauses: number[] = [];
    const { attempt } = losing(Number.POSITIVE_INFINITY);

    // Act
    await retryOnVersion(attempt, { attempts: 3, pauseMs: (n) => pauses.push(n) && 1 }).catch(() => undefined);

    // Assess
    expect(pauses).toEqual([1, 2]);
  });

  it('lets any other error through at once', async () => {
    // Prepare
    let tries = 0;

    // Act / Assess
    await expect(
      retryOnVersion(async () => {
        tries++;
        throw new Error('not a conflict');
      }),
    ).rejects.toThrow('not a conflict');
    expect(tries).toBe(1);
  });
});
