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
