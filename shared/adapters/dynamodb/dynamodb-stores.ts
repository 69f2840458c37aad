import type { StoragePorts } from '../../domain/storage-ports.ts';
import { DynamoDbAuthorIndex } from './dynamodb-author-index.ts';
import { DynamoDbCommentHistory } from './dynamodb-comment-history.ts';
import { DynamoDbCommentStore } from './dynamodb-comment-store.ts';
import { DynamoDbModerationBacklog } from './dynamodb-moderation-backlog.ts';
import { DynamoDbPostStore } from './dynamodb-post-store.ts';
import { DynamoDbRequestCounter } from './dynamodb-request-counter.ts';
import { DynamoDbSettingsStore } from './dynamodb-settings-store.ts';
import { DynamoDbSubmissionStore } from './dynamodb-submission-store.ts';
import { type DynamoDbStoreOptions, tableContext } from './table-context.ts';

/**
 * Every storage port of the use cases, over one comments table, sharing its client and item
 * mapper. The import store is built apart (`DynamoDbImportStore`), for the moderators' function only.
 */
export function createDynamoDbStores(options: DynamoDbStoreOptions): StoragePorts {
  const context = tableContext(options);
  return {
    comments: new DynamoDbCommentStore(context),
    submissions: new DynamoDbSubmissionStore(context),
    posts: new DynamoDbPostStore(context),
    settings: new DynamoDbSettingsStore(context),
    authors: new DynamoDbAuthorIndex(context),
    history: new DynamoDbCommentHistory(context),
    backlog: new DynamoDbModerationBacklog(context),
    requestCounter: new DynamoDbRequestCounter(context),
  };
}
