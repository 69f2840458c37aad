import { encodeTime } from 'ulid';
import type { Comment } from '../../domain/comment.ts';
import type { Page, PageRequest } from '../../domain/ports.ts';
import { withDefaults } from '../../domain/settings.ts';
import type { DecisionInputs, ModerationBacklog } from '../../domain/storage-ports.ts';
import { batchGetAll } from './batch-calls.ts';
import { keys } from './keys.ts';
import { queryIndex } from './query-index.ts';
import { storageCall } from './storage-calls.ts';
import { TABLE_INDEXES } from './table-design.ts';
import type { TableContext } from './table-context.ts';

/** What the moderation worker and the sweeper read and mark (the comments themselves are the CommentStore's). */
export class DynamoDbModerationBacklog implements ModerationBacklog {
  constructor(private readonly context: Pick<TableContext, 'client' | 'table'>) {}

  async decisionInputs(comment: Pick<Comment, 'emailKey' | 'author'>): Promise<DecisionInputs> {
    const author = comment.emailKey === null ? null : keys.approvedAuthor(comment.emailKey, comment.author);
    const items = await batchGetAll(this.context.client, this.context.table, [keys.settings(), ...(author ? [author] : [])]);
    const settingsItem = items.find((item) => item.pk === keys.settings().pk);
    const authorItem = author ? items.find((item) => item.pk === author.pk && item.sk === author.sk) : undefined;
    return { settings: withDefaults(settingsItem?.settings), authorPreviouslyApproved: Number(authorItem?.count ?? 0) > 0 };
  }

  async listUnchecked(createdBefore: Date, page: PageRequest): Promise<Page<string>> {
    // Ids are ULIDs: every id created before the time sorts below its time prefix.
    const result = await queryIndex(this.context, TABLE_INDEXES.byStatus, keys.byStatus('pending'), page, {
      sortKey: { below: encodeTime(createdBefore.getTime(), 10) },
      filter: 'attribute_exists(unchecked) AND attribute_not_exists(moderationFailedAt)',
    });
    return { items: result.items.map((item) => item.id), nextCursor: result.nextCursor };
  }

  async markModerationFailed(id: string, at: Date): Promise<void> {
    const { client, table } = this.context;
    await storageCall(() =>
      client.update({
        TableName: table,
        Key: keys.comment(id),
        UpdateExpression: 'SET moderationFailedAt = :at',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    ).catch((error: unknown) => {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    });
  }
}
