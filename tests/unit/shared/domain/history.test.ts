import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HistoryEvent, moderatorActor, personalDataRedactor } from '../../../../shared/domain/history.ts';

describe('Function: personalDataRedactor', () => {
  it('hides the email and IP wherever a reason quotes them, in any case', () => {
    // Prepare
    const redact = personalDataRedactor(['Hanako@Example.com', '203.0.113.9']);

    // Act
    const reason = redact('Contains a moderation word: "hanako@example.com" (from 203.0.113.9).');

    // Assess
    expect(reason).toBe('Contains a moderation word: "[hidden]" (from [hidden]).');
  });

  it('treats the values as text, not patterns, and ignores empty or tiny ones', () => {
    const redact = personalDataRedactor(['a.b+c@x.io', '', null, 'ab']);

    expect(redact('a.b+c@x.io axbxc@x.io ab')).toBe('[hidden] axbxc@x.io ab');
    expect(personalDataRedactor([])('unchanged')).toBe('unchanged');
  });

  it('hides exactly what a case-insensitive pattern of the values finds, for letters whose cases do not pair simply', () => {
    // The redactor skips texts that quote no value before it builds its pattern: it must skip none the pattern would change.
    const letters = ['a', 'B', 's', 'S', 'ß', 'ẞ', 'ς', 'σ', 'Σ', 'ſ', 'k', 'K', '\u212A', 'i', 'I', 'İ', 'ı', 'ﬀ', 'Ǆ', 'ǅ', 'ǆ', '𐐨', '𐐀', '@', '.'];
    const word = (min: number) => fc.array(fc.constantFrom(...letters), { minLength: min, maxLength: 6 }).map((chars) => chars.join(''));
    const asLiteral = (v: string) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    fc.assert(
      fc.property(fc.array(word(3), { minLength: 1, maxLength: 2 }), fc.array(word(0), { maxLength: 4 }), (values, texts) => {
        const usable = values.filter((v) => v.trim().length >= 3);
        const pattern = usable.length > 0 ? new RegExp(usable.map(asLiteral).join('|'), 'gi') : null;
        const redact = personalDataRedactor(values);
        for (const text of [...texts, texts.join(values[0]!), values.join(' ').toUpperCase(), values.join(' ').toLowerCase()]) {
          expect(redact(text)).toBe(pattern ? text.replace(pattern, '[hidden]') : text);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('Schema: HistoryEvent', () => {
  it('accepts every actor kind and the import action', () => {
    for (const actor of ['worker', 'link', 'import', 'visitor', 'privacy', moderatorActor('abc-123')]) {
      expect(HistoryEvent.safeParse({ at: '2026-11-28T10:00:00.000Z', actor, action: 'import', from: null, to: 'approved' }).success, actor).toBe(true);
    }
    expect(moderatorActor('abc-123')).toBe('moderator:abc-123');
  });

  it('refuses unknown actions and statuses', () => {
    expect(HistoryEvent.safeParse({ at: '2026-11-28T10:00:00.000Z', actor: 'worker', action: 'vanish', from: null, to: 'pending' }).success).toBe(false);
    expect(HistoryEvent.safeParse({ at: '2026-11-28T10:00:00.000Z', actor: 'worker', action: 'approve', from: 'limbo', to: 'approved' }).success).toBe(false);
  });
});
