import type { Comment } from '../../shared/domain/comment.ts';

/** Object Mother: a pending comment as the worker reads it, every personal field filled in. */
export function aStoredComment(overrides: Partial<Comment> = {}): Comment {
  return {
    id: '01JDX6Z8Q5V3W1N2M4K7P9R0ST',
    postId: 'a-post',
    parentId: null,
    author: 'Hanako',
    email: 'hanako@example.com',
    url: 'https://hanako.example',
    content: '<p>A thoughtful comment.</p>',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    status: 'pending',
    previousStatus: null,
    ip: '192.0.2.10',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0',
    avatar: 'seed',
    moderation: { decidedBy: null, reasons: [], decidedAt: null, checkedAt: null, moderator: null },
    depth: 1,
    emailKey: 'email-key',
    duplicateKey: 'duplicate-key',
    version: 1,
    ...overrides,
  };
}
