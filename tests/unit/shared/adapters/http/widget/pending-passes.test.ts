import { describe, expect, it } from 'vitest';
import { livePasses, MAX_PASSES, PASS_LIFETIME_MS, type PendingPass, passesAfterPage, withPass } from '../../../../../../shared/adapters/http/widget/pending-passes.ts';

const NOW = Date.parse('2026-11-28T12:00:00Z');
const pass = (id: string, savedAt = NOW): PendingPass => ({ id, hash: `hash-${id}`, savedAt });

describe('Function: withPass', () => {
  it('keeps the earlier pending comments when a later one is posted', () => {
    // Act
    const passes = withPass(withPass([], pass('01A')), pass('01B'));

    // Assess
    expect(passes.map((p) => p.id)).toEqual(['01A', '01B']);
  });

  it(`keeps the latest ${MAX_PASSES}, each id once`, () => {
    // Prepare
    let passes: PendingPass[] = [];

    // Act
    for (let i = 10; i < 25; i++) passes = withPass(passes, pass(`01${i}`));
    passes = withPass(passes, pass('0124'));

    // Assess
    expect(passes.map((p) => p.id)).toEqual(Array.from({ length: MAX_PASSES }, (_, i) => `01${15 + i}`));
  });
});

describe('Function: livePasses', () => {
  it('drops passes older than 7 days and junk, and reads the single pass of earlier versions', () => {
    // Act & Assess
    expect(livePasses([pass('01A', NOW - PASS_LIFETIME_MS), pass('01B', NOW - 1000), { id: 3 }, null], NOW)).toEqual([pass('01B', NOW - 1000)]);
    expect(livePasses(pass('01C'), NOW)).toEqual([pass('01C')]);
    expect(livePasses(null, NOW)).toEqual([]);
    expect(livePasses('junk', NOW)).toEqual([]);
  });
});

describe('Function: passesAfterPage', () => {
  const passes = [pass('01B'), pass('01D'), pass('01F')];

  it('keeps the passes whose comment is shown pending, drops those whose place is covered but not shown (approved, refused, expired)', () => {
    // Act
    const left = passesAfterPage(passes, { comments: [{ id: '01A' }, { id: '01D' }, { id: '01E' }], nextCursor: 'next' }, new Set(['01B']));

    // Assess: 01B shown pending; 01D approved; 01F after the page's end, so not yet decided.
    expect(left.map((p) => p.id)).toEqual(['01B', '01F']);
  });

  it('decides every pass on the last page', () => {
    // Act
    const left = passesAfterPage(passes, { comments: [{ id: '01A' }, { id: '01F', awaitingModeration: true }], nextCursor: null }, new Set(['01F']));

    // Assess
    expect(left.map((p) => p.id)).toEqual(['01F']);
  });
});
