import * as z from 'zod';
import { PostId } from './comment.ts';

/** What the backend knows about a post: only what comment rules need. */
export const PostSettings = /* @__PURE__ */ z
  .object({
    commentsOpen: z.boolean({ error: 'commentsOpen must be true or false.' }).optional(),
    publishedAt: z.iso.datetime({ offset: true, error: 'publishedAt must be an ISO 8601 date-time.' }).nullable().optional(),
  })
  .strict()
  .meta({ id: 'PostSettings' });
export type PostSettingsUpdate = z.infer<typeof PostSettings>;

export const Post = /* @__PURE__ */ z
  .object({
    postId: PostId,
    commentsOpen: z.boolean(),
    publishedAt: z.string().nullable(),
    approvedCount: z.int().meta({ description: 'Approved comments on the post.' }),
  })
  .meta({ id: 'Post' });
export type Post = z.infer<typeof Post>;

export function emptyPost(postId: string): Post {
  return { postId, commentsOpen: true, publishedAt: null, approvedCount: 0 };
}

/** WordPress closes comments on posts older than `close_comments_days_old`. */
export function areCommentsOpen(post: Post, closeAfterDays: number, now: Date): boolean {
  if (!post.commentsOpen) return false;
  if (closeAfterDays > 0 && post.publishedAt) {
    const ageMs = now.getTime() - Date.parse(post.publishedAt);
    if (ageMs > closeAfterDays * 86_400_000) return false;
  }
  return true;
}
