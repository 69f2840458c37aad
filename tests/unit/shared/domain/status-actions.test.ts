import { describe, expect, it } from 'vitest';
import { CommentStatus } from '../../../../shared/domain/comment.ts';
import { InvalidTransitionError } from '../../../../shared/domain/errors.ts';
import { actionApplies, REPLY_TO_STATUS, STATUS_ACTIONS, statusChange, VERDICT_STATUS } from '../../../../shared/domain/status-actions.ts';
import { aStoredComment } from '../../../support/comment-mother.ts';

const AT = new Date('2026-11-28T12:00:00.000Z');

/** WordPress's comment actions: from each status, where each action leads (null: it does not apply). */
const EXPECTED: Record<(typeof STATUS_ACTIONS)[number], Record<CommentStatus, CommentStatus | null>> = {
  approve: { pending: 'approved', approved: null, spam: null, trash: null },
  unapprove: { pending: null, approved: 'pending', spam: null, trash: null },
  spam: { pending: 'spam', approved: 'spam', spam: null, trash: null },
  trash: { pending: 'trash', approved: 'trash', spam: 'trash', trash: null },
  restore: { pending: null, approved: null, spam: 'pending', trash: 'pending' },
};
const cases = STATUS_ACTIONS.flatMap((action) => CommentStatus.options.map((from) => [action, from, EXPECTED[action][from]] as const));

describe('Function: statusChange', () => {
  it.each(cases)('%s on a %s comment → %s', (action, from, to) => {
    // Prepare
    const comment = aStoredComment({ status: from });

    // Act / Assess
    expect(actionApplies(action, from)).toBe(to !== null);
    if (to === null) {
      expect(() => statusChange(comment, action, AT, 'moderator:m1', 'm1')).toThrow(InvalidTransitionError);
      return;
    }
    const { after, event } = statusChange(comment, action, AT, 'moderator:m1', 'm1');
    expect(after.status).toBe(to);
    expect(after.moderation).toMatchObject({ decidedBy: 'moderator', moderator: 'm1', decidedAt: AT.toISOString() });
    expect(event).toMatchObject({ at: AT.toISOString(), actor: 'moderator:m1', action, from, to });
  });

  it.each([
    ['spam', 'approved', 'approved'],
    ['trash', 'spam', 'spam'],
    ['approve', 'pending', null],
  ] as const)('%s remembers what a %s comment was (previousStatus %s)', (action, from, previous) => {
    // Assess
    expect(statusChange(aStoredComment({ status: from }), action, AT, 'link', 'moderation-link').after.previousStatus).toBe(previous);
  });

  it.each([
    ['spam', 'approved', 'approved'],
    ['trash', 'approved', 'approved'],
    ['trash', null, 'pending'],
  ] as const)('restore from %s returns to %s (or pending when unknown)', (from, previous, to) => {
    // Act
    const { after } = statusChange(aStoredComment({ status: from, previousStatus: previous }), 'restore', AT, 'moderator:m1', 'm1');

    // Assess
    expect(after).toMatchObject({ status: to, previousStatus: null });
  });
});

describe('Table: REPLY_TO_STATUS', () => {
  it.each([
    ['pending', 'approve'],
    ['approved', 'keep'],
    ['spam', 'refuse'],
    ['trash', 'refuse'],
  ] as const)('a reply to a %s comment: %s', (status, effect) => {
    expect(REPLY_TO_STATUS[status]).toBe(effect);
  });
});

describe('Table: VERDICT_STATUS', () => {
  it.each([
    ['approve', 'approved'],
    ['hold', 'pending'],
    ['spam', 'spam'],
  ] as const)('the worker’s %s leads to %s', (verdict, status) => {
    expect(VERDICT_STATUS[verdict]).toBe(status);
  });
});
