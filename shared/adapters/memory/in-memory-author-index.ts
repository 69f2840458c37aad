import type { Comment } from '../../domain/comment.ts';
import type { Page, PageRequest } from '../../domain/ports.ts';
import type { AuthorIndex } from '../../domain/storage-ports.ts';
import { emailFloodKey } from '../../domain/submission-guards.ts';
import { pageOf } from './memory-cursor.ts';
import type { MemoryTable } from './memory-table.ts';

/** What is filed under an email key: its comments, approved-author records, idempotency answers, flood mark. */
export class InMemoryAuthorIndex implements AuthorIndex {
  constructor(private readonly table: MemoryTable) {}

  async listByEmailKey(emailKey: string, page: PageRequest): Promise<Page<Comment>> {
    const filed = this.table.sortedComments((c) => c.emailKey === emailKey);
    const result = pageOf(filed, `author:${emailKey}`, page);
    return { items: result.items.map((c) => this.table.read(c.id)!), nextCursor: result.nextCursor };
  }

  async forget(emailKey: string): Promise<void> {
    const { table } = this;
    for (const key of [...table.approvedAuthors.keys()]) if (key.startsWith(`${emailKey}\0`)) table.approvedAuthors.delete(key);
    for (const scope of table.idempotencyByAuthor.get(emailKey) ?? []) table.idempotency.delete(scope);
    table.idempotencyByAuthor.delete(emailKey);
    table.floodMarks.delete(emailFloodKey(emailKey));
  }
}
