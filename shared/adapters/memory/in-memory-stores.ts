import type { CommentImportStore } from '../../domain/ports.ts';
import type { StoragePorts } from '../../domain/storage-ports.ts';
import { InMemoryAuthorIndex } from './in-memory-author-index.ts';
import { InMemoryCommentHistory } from './in-memory-comment-history.ts';
import { InMemoryCommentStore } from './in-memory-comment-store.ts';
import { InMemoryImportStore } from './in-memory-import-store.ts';
import { InMemoryModerationBacklog } from './in-memory-moderation-backlog.ts';
import { InMemoryPostStore } from './in-memory-post-store.ts';
import { InMemoryRequestCounter } from './in-memory-request-counter.ts';
import { InMemorySettingsStore } from './in-memory-settings-store.ts';
import { InMemorySubmissionStore } from './in-memory-submission-store.ts';
import { MemoryTable, type MemoryTableOptions } from './memory-table.ts';

/**
 * Every storage port over one in-memory table: the same semantics as `createDynamoDbStores`
 * (tests/contract holds both to one suite), for the fast test tier and tools that need no AWS.
 */
export function createInMemoryStores(options: MemoryTableOptions): StoragePorts & { imports: CommentImportStore } {
  const table = new MemoryTable(options);
  return {
    comments: new InMemoryCommentStore(table),
    submissions: new InMemorySubmissionStore(table),
    posts: new InMemoryPostStore(table),
    settings: new InMemorySettingsStore(table),
    authors: new InMemoryAuthorIndex(table),
    history: new InMemoryCommentHistory(table),
    backlog: new InMemoryModerationBacklog(table),
    requestCounter: new InMemoryRequestCounter(table),
    imports: new InMemoryImportStore(table),
  };
}
