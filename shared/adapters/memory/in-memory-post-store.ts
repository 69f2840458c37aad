import { emptyPost, type Post, type PostSettingsUpdate } from '../../domain/post.ts';
import type { PostStore } from '../../domain/storage-ports.ts';
import type { MemoryTable } from './memory-table.ts';

/** The post as stored, with what a post never stored has (WordPress's defaults, no comments). */
export function postOf(table: MemoryTable, postId: string): Post {
  const stored = table.posts.get(postId);
  if (!stored) return emptyPost(postId);
  return { postId, commentsOpen: stored.commentsOpen !== false, publishedAt: stored.publishedAt ?? null, approvedCount: Math.max(0, stored.approvedCount) };
}

export class InMemoryPostStore implements PostStore {
  constructor(private readonly table: MemoryTable) {}

  async get(postId: string): Promise<Post> {
    return postOf(this.table, postId);
  }

  async update(postId: string, update: PostSettingsUpdate): Promise<Post> {
    const stored = this.table.posts.get(postId) ?? { approvedCount: 0 };
    const changed = { ...stored };
    if (update.commentsOpen !== undefined) changed.commentsOpen = update.commentsOpen;
    if (update.publishedAt !== undefined) changed.publishedAt = update.publishedAt === null ? null : new Date(update.publishedAt).toISOString();
    if (update.commentsOpen !== undefined || update.publishedAt !== undefined) this.table.posts.set(postId, changed);
    return postOf(this.table, postId);
  }
}
