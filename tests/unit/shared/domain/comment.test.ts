import { describe, expect, it } from 'vitest';
import { type Comment, CommentId, PostId, toModeratorComment, toPublicComment, toSubmittedComment } from '../../../../shared/domain/comment.ts';
import { aStoredComment } from '../../../support/comment-mother.ts';

/** A stored, approved comment with every personal field filled in. */
function aComment(overrides: Partial<Comment> = {}): Comment {
  return aStoredComment({
    content: '<p>Hello</p>',
    status: 'approved',
    userAgent: 'Firefox/130.0',
    moderation: { decidedBy: 'rules', reasons: ['ok'], decidedAt: '2026-01-01T00:00:01.000Z', checkedAt: '2026-01-01T00:00:01.000Z', moderator: null },
    version: 3,
    ...overrides,
  });
}

const PERSONAL = ['hanako@example.com', '192.0.2.10', 'Firefox/130.0', 'email-key', 'duplicate-key'];

describe('Function: toPublicComment', () => {
  it("keeps only docs/api.md's public fields", () => {
    // Act
    const visible = toPublicComment(aComment());

    // Assess
    expect(Object.keys(visible).sort()).toEqual(['author', 'avatar', 'content', 'createdAt', 'id', 'parentId', 'url']);
  });

  it('carries no personal data, status or moderation notes', () => {
    // Act
    const text = JSON.stringify(toPublicComment(aComment()));

    // Assess
    for (const value of [...PERSONAL, 'approved', 'rules']) expect(text).not.toContain(value);
  });
});

describe('Function: toSubmittedComment', () => {
  it('adds the post and the status to the public fields (the avatar seed too), without personal data', () => {
    // Act
    const answer = toSubmittedComment(aComment({ status: 'pending' }));

    // Assess
    expect(Object.keys(answer).sort()).toEqual(['author', 'avatar', 'content', 'createdAt', 'id', 'parentId', 'postId', 'status', 'url']);
    for (const value of PERSONAL) expect(JSON.stringify(answer)).not.toContain(value);
  });
});

describe('Function: toModeratorComment', () => {
  it('shows moderators everything but the internal lookup keys', () => {
    // Prepare
    const { emailKey: _e, duplicateKey: _d, ...expected } = aComment();

    // Act & Assess
    expect(toModeratorComment(aComment())).toEqual(expected);
  });
});

describe('Schema: PostId', () => {
  it.each(['a', 'japan-us-defence', '2026.11_post~1', 'A'.repeat(128)])('accepts %s', (id) => {
    // Act & Assess
    expect(PostId.safeParse(id).success).toBe(true);
  });

  it.each(['', '-starts-with-dash', '.hidden', 'has space', 'slash/inside', 'ünicode', 'A'.repeat(129), '%2e%2e'])('rejects %j', (id) => {
    // Act & Assess
    expect(PostId.safeParse(id).success).toBe(false);
  });
});

describe('Schema: CommentId', () => {
  it.each([
    ['a ULID', '01JDX6Z8Q5V3W1N2M4K7P9R0ST', true],
    ['lower case', '01jdx6z8q5v3w1n2m4k7p9r0st', false],
    ['too short', '01JDX6Z8Q5V3W1N2M4K7P9R0S', false],
    ['a letter ULIDs never use (U)', '01JDX6Z8Q5V3W1N2M4K7P9R0SU', false],
  ])('%s → %s', (_why, id, valid) => {
    // Act & Assess
    expect(CommentId.safeParse(id).success).toBe(valid);
  });
});
