import { describe, expect, it } from 'vitest';
import { DEFAULT_STRINGS, fill, relativeWait } from '../../../../../../shared/adapters/http/widget/strings.ts';

describe('Function: relativeWait', () => {
  it.each([
    [1, 'en', 'in 1 second'],
    [15, 'en', 'in 15 seconds'],
    [119, 'en', 'in 119 seconds'],
    [120, 'en', 'in 2 minutes'],
    [600, 'en', 'in 10 minutes'],
    [601, 'en', 'in 11 minutes'],
    [7200, 'en', 'in 120 minutes'],
    [7201, 'en', 'in 3 hours'],
    [600, 'de', 'in 10 Minuten'],
    [15, 'ja', '15 秒後'],
  ])('says %i seconds in %s as "%s" (rounded up: never too early)', (seconds, locale, expected) => {
    // Act & Assess
    expect(relativeWait(seconds, locale)).toBe(expected);
  });

  it('falls back to the default locale for a malformed one instead of throwing', () => {
    // Act & Assess
    expect(relativeWait(600, 'not a locale!')).toMatch(/10/);
  });
});

describe('String: wait', () => {
  it('reads as people say it: "try again in 10 minutes", not "wait 600 seconds"', () => {
    // Act
    const message = fill(DEFAULT_STRINGS.wait, { wait: relativeWait(600, 'en'), seconds: 600 });

    // Assess
    expect(message).toBe('You are posting too quickly. Please try again in 10 minutes.');
  });
});
