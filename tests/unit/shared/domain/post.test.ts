import { describe, expect, it } from 'vitest';
import { areCommentsOpen, emptyPost, type Post, PostSettings } from '../../../../shared/domain/post.ts';

const DAY_MS = 86_400_000;
const now = new Date('2026-06-01T12:00:00.000Z');

/** Object Mother: an open post published `daysAgo` days before `now`. */
function aPost(overrides: Partial<Post> & { daysAgo?: number } = {}): Post {
  const { daysAgo, ...rest } = overrides;
  return {
    ...emptyPost('a-post'),
    publishedAt: daysAgo === undefined ? null : new Date(now.getTime() - daysAgo * DAY_MS).toISOString(),
    ...rest,
  };
}

describe('Function: areCommentsOpen', () => {
  it('is open for a new post', () => {
    // Act & Assess
    expect(areCommentsOpen(emptyPost('a-post'), 0, now)).toBe(true);
  });

  it('is closed when a moderator closed the post', () => {
    // Act & Assess
    expect(areCommentsOpen(aPost({ commentsOpen: false }), 0, now)).toBe(false);
  });

  it('is closed by a moderator even when the post is young', () => {
    // Act & Assess
    expect(areCommentsOpen(aPost({ commentsOpen: false, daysAgo: 1 }), 14, now)).toBe(false);
  });

  it('never closes by age when closeAfterDays is 0', () => {
    // Act & Assess
    expect(areCommentsOpen(aPost({ daysAgo: 10_000 }), 0, now)).toBe(true);
  });

  it('is open up to exactly closeAfterDays after publication', () => {
    // Act & Assess
    expect(areCommentsOpen(aPost({ daysAgo: 14 }), 14, now)).toBe(true);
  });

  it('is closed once the post is older than closeAfterDays', () => {
    // Act & Assess
    expect(areCommentsOpen(aPost({ daysAgo: 14.001 }), 14, now)).toBe(false);
  });

  it('does not close by age a post whose publication date is unknown', () => {
    // Act & Assess
    expect(areCommentsOpen(aPost({ publishedAt: null }), 1, now)).toBe(true);
  });

  it('is open for a post published in the future', () => {
    // Act & Assess
    expect(areCommentsOpen(aPost({ daysAgo: -3 }), 1, now)).toBe(true);
  });
});

describe('Function: emptyPost', () => {
  it('is open, unpublished and without comments', () => {
    // Act & Assess
    expect(emptyPost('p')).toEqual({ postId: 'p', commentsOpen: true, publishedAt: null, approvedCount: 0 });
  });
});

describe('Schema: PostSettings', () => {
  it.each([{}, { commentsOpen: false }, { publishedAt: '2026-01-01T00:00:00Z' }, { publishedAt: '2026-01-01T09:00:00+09:00' }, { publishedAt: null }])('accepts %j', (body) => {
    // Act & Assess
    expect(PostSettings.safeParse(body).success).toBe(true);
  });

  it.each([{ commentsOpen: 'no' }, { publishedAt: 'yesterday' }, { publishedAt: '2026-01-01' }, { approvedCount: 5 }])('rejects %j', (body) => {
    // Act & Assess
    expect(PostSettings.safeParse(body).success).toBe(false);
  });
});
