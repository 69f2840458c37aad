import { HistoryEvent } from '../../domain/history.ts';
import type { CommentHistory } from '../../domain/storage-ports.ts';
import type { MemoryTable } from './memory-table.ts';

/** Each comment's events, append-only, kept after the comment is gone. */
export class InMemoryCommentHistory implements CommentHistory {
  constructor(private readonly table: MemoryTable) {}

  async append(commentId: string, event: HistoryEvent): Promise<void> {
    this.table.appendHistory(commentId, HistoryEvent.parse(event));
  }

  async list(commentId: string): Promise<HistoryEvent[]> {
    return structuredClone(this.table.history.get(commentId) ?? []);
  }
}
