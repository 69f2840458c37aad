import { describe, expect, it } from 'vitest';
import { awaitsWorker, isUndecided, TRASH_LIFETIME_DAYS, trashExpiresAt } from '../../../../shared/domain/comment-lifecycle.ts';
import { aStoredComment } from '../../../support/comment-mother.ts';

const at = '2026-03-01T10:00:00.000Z';

describe('Function: awaitsWorker', () => {
  it('is true for a comment the worker has not checked and nobody decided', () => {
    expect(awaitsWorker(aStoredComment())).toBe(true);
  });

  it('is false once the worker checked it', () => {
    expect(awaitsWorker(aStoredComment({ moderation: { decidedBy: 'rules', reasons: [], decidedAt: at, checkedAt: at, moderator: null } }))).toBe(false);
  });

  it('is false once a moderator decided before the worker could (the sweeper must not re-queue it forever)', () => {
    expect(awaitsWorker(aStoredComment({ moderation: { decidedBy: 'moderator', reasons: [], decidedAt: at, checkedAt: null, moderator: 'mod' } }))).toBe(false);
  });
});

describe('Function: isUndecided', () => {
  it('is true only for a pending comment that awaits the worker', () => {
    expect(isUndecided(aStoredComment({ status: 'pending' }))).toBe(true);
    for (const status of ['approved', 'spam', 'trash'] as const) expect(isUndecided(aStoredComment({ status })), status).toBe(false);
  });

  it('is false for a pending comment the worker already held', () => {
    expect(isUndecided(aStoredComment({ moderation: { decidedBy: 'rules', reasons: ['Held'], decidedAt: at, checkedAt: at, moderator: null } }))).toBe(false);
  });
});

describe('Function: trashExpiresAt', () => {
  it('removes trash TRASH_LIFETIME_DAYS (30) after it was trashed (its last change)', () => {
    expect(TRASH_LIFETIME_DAYS).toBe(30);
    expect(trashExpiresAt(aStoredComment({ status: 'trash', updatedAt: at }))?.toISOString()).toBe('2026-03-31T10:00:00.000Z');
  });

  it('never expires anything outside the trash', () => {
    for (const status of ['pending', 'approved', 'spam'] as const) expect(trashExpiresAt(aStoredComment({ status, updatedAt: at })), status).toBeNull();
  });
});
