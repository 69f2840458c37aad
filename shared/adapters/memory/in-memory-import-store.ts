import type { Comment } from '../../domain/comment.ts';
import type { CommentImportStore, ImportedComment, ImportedRef, Page, PageRequest } from '../../domain/ports.ts';
import { pageOf } from './memory-cursor.ts';
import { authorKey, type MemoryTable } from './memory-table.ts';

/** Imports and exports in memory: a comment is stored, claimed and counted together, once. */
export class InMemoryImportStore implements CommentImportStore {
  constructor(private readonly table: MemoryTable) {}

  async lookup(importKeys: string[], commentIds: string[]) {
    const refs = new Map<string, ImportedRef>();
    for (const importKey of importKeys) {
      const ref = this.table.importRefs.get(importKey);
      if (!ref) continue;
      const { commentId, postId, depth } = ref;
      refs.set(importKey, { ...(commentId ? { commentId, postId: postId!, depth: depth ?? 1 } : {}), waiting: [...ref.waiting] });
    }
    const comments = new Map<string, { postId: string; depth: number }>();
    for (const id of commentIds) {
      const comment = this.table.comments.get(id);
      if (comment) comments.set(id, { postId: comment.postId, depth: comment.depth });
    }
    return { refs, comments };
  }

  async store(batch: ImportedComment[], receivedAt: string): Promise<Set<string>> {
    const { table } = this;
    const claimed = new Set<string>();
    for (const { comment, importKey, waitsFor, event } of batch) {
      const ref = table.importRefs.get(importKey) ?? { waiting: new Set<string>() };
      // Claimed already by another import of the same record: that one stored and counted it.
      if (ref.commentId) continue;
      table.importRefs.set(importKey, { ...ref, commentId: comment.id, postId: comment.postId, depth: comment.depth });
      table.write(comment, receivedAt);
      if (comment.status !== 'trash') table.duplicates.set(comment.duplicateKey, comment.id);
      table.appendHistory(comment.id, event);
      if (comment.status === 'approved') {
        table.addToPost(comment.postId, 1);
        if (comment.emailKey) table.addToAuthor(authorKey(comment.emailKey, comment.author), 1);
      }
      if (waitsFor) {
        const parent = table.importRefs.get(waitsFor) ?? { waiting: new Set<string>() };
        // Once the parent is there, the import links the reply directly instead.
        if (!parent.commentId) table.importRefs.set(waitsFor, { ...parent, waiting: new Set([...parent.waiting, comment.id]) });
      }
      claimed.add(comment.id);
    }
    return claimed;
  }

  async settle(importKey: string, commentIds: string[]): Promise<void> {
    const ref = this.table.importRefs.get(importKey);
    if (ref) this.table.importRefs.set(importKey, { ...ref, waiting: new Set([...ref.waiting].filter((id) => !commentIds.includes(id))) });
  }

  async exportPage(filter: { postId?: string | undefined }, page: PageRequest): Promise<Page<Comment>> {
    const { postId } = filter;
    const matching = this.table.sortedComments((c) => postId === undefined || c.postId === postId);
    const result = pageOf(matching, `export:${postId ?? ''}`, page);
    return { items: result.items.map((c) => this.table.read(c.id)!), nextCursor: result.nextCursor };
  }

  async externalIds(commentIds: string[]): Promise<Map<string, string>> {
    const found = commentIds.flatMap((id) => {
      const comment = this.table.comments.get(id);
      return comment ? [[id, comment.externalId ?? id] as const] : [];
    });
    return new Map(found);
  }
}
