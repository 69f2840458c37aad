import { type Comment, type CommentStatus, toPublicComment } from '../../domain/comment.ts';
import type { HistoryEvent } from '../../domain/history.ts';
import type { CommentStanding, Page, PageRequest } from '../../domain/ports.ts';
import type { ApprovedListing, CommentStore } from '../../domain/storage-ports.ts';
import { pageOf } from './memory-cursor.ts';
import type { MemoryTable } from './memory-table.ts';

/** Comments in memory, with the DynamoDB store's versions, counts, markers and history. */
export class InMemoryCommentStore implements CommentStore {
  constructor(private readonly table: MemoryTable) {}

  async get(id: string): Promise<Comment | null> {
    return this.table.read(id);
  }

  async getStanding(id: string): Promise<CommentStanding | null> {
    const comment = this.table.read(id);
    return comment ? { comment: toPublicComment(comment), postId: comment.postId, status: comment.status } : null;
  }

  async listApproved(postId: string, page: PageRequest): Promise<ApprovedListing> {
    const approved = this.table.sortedComments((c) => c.postId === postId && c.status === 'approved');
    const result = pageOf(approved, `post:${postId}:approved`, page);
    return {
      items: result.items.map((c) => toPublicComment(this.table.read(c.id)!)),
      nextCursor: result.nextCursor,
      startAfter: result.startAfter,
      count: Math.max(0, this.table.posts.get(postId)?.approvedCount ?? 0),
    };
  }

  async list(filter: { status: CommentStatus; postId?: string | undefined }, page: PageRequest): Promise<Page<Comment>> {
    const { status, postId } = filter;
    const matching = this.table.sortedComments((c) => c.status === status && (postId === undefined || c.postId === postId));
    const result = pageOf(matching, postId === undefined ? `status:${status}` : `post:${postId}:${status}`, page);
    return { items: result.items.map((c) => this.table.read(c.id)!), nextCursor: result.nextCursor };
  }

  async listReplies(postId: string, parentId: string): Promise<Comment[]> {
    return this.table.sortedComments((c) => c.postId === postId && c.parentId === parentId).map((c) => this.table.read(c.id)!);
  }

  async save(before: Comment, after: Comment, event?: HistoryEvent): Promise<boolean> {
    const { table } = this;
    const stored = table.read(before.id);
    if (!stored || stored.version !== before.version) return false;
    // The request data is written again only when it changed (its retention then runs from the creation).
    const requestDataChanged = before.ip !== after.ip || before.userAgent !== after.userAgent;
    table.write({ ...after, version: before.version + 1 }, requestDataChanged ? after.createdAt : 'unchanged');
    // The comment item is put whole: the worker's "gave up" mark does not survive a change.
    table.moderationFailed.delete(before.id);
    table.changeCounts(before, after);
    table.moveDuplicateMarker(before, after);
    if (event) table.appendHistory(after.id, event);
    return true;
  }

  async remove(comment: Comment, event?: HistoryEvent): Promise<boolean> {
    const { table } = this;
    const stored = table.read(comment.id);
    if (!stored || stored.version !== comment.version) return false;
    table.delete(comment.id);
    table.changeCounts(comment, { ...comment, status: 'trash' });
    table.moveDuplicateMarker(comment, null);
    if (event) table.appendHistory(comment.id, event);
    return true;
  }
}
