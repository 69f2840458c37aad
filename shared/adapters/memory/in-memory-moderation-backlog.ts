import { encodeTime } from 'ulid';
import type { Comment } from '../../domain/comment.ts';
import { awaitsWorker } from '../../domain/comment-lifecycle.ts';
import type { Page, PageRequest } from '../../domain/ports.ts';
import { withDefaults } from '../../domain/settings.ts';
import type { DecisionInputs, ModerationBacklog } from '../../domain/storage-ports.ts';
import { pageOf } from './memory-cursor.ts';
import { authorKey, type MemoryTable } from './memory-table.ts';

/** The worker's decision inputs, the sweeper's list, and giving up on a comment. */
export class InMemoryModerationBacklog implements ModerationBacklog {
  constructor(private readonly table: MemoryTable) {}

  async decisionInputs(comment: Pick<Comment, 'emailKey' | 'author'>): Promise<DecisionInputs> {
    const approved = comment.emailKey === null ? 0 : (this.table.approvedAuthors.get(authorKey(comment.emailKey, comment.author)) ?? 0);
    return { settings: withDefaults(structuredClone(this.table.settings?.settings)), authorPreviouslyApproved: approved > 0 };
  }

  async listUnchecked(createdBefore: Date, page: PageRequest): Promise<Page<string>> {
    // Ids are ULIDs: every id created before the time sorts below its time prefix.
    const below = encodeTime(createdBefore.getTime(), 10);
    const owed = this.table.sortedComments((c) => c.status === 'pending' && c.id < below && awaitsWorker(c) && !this.table.moderationFailed.has(c.id));
    const result = pageOf(owed, 'status:pending', page);
    return { items: result.items.map((c) => c.id), nextCursor: result.nextCursor };
  }

  async markModerationFailed(id: string, at: Date): Promise<void> {
    if (this.table.comments.has(id)) this.table.moderationFailed.set(id, at.toISOString());
  }
}
