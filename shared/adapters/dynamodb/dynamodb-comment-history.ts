import type { HistoryEvent } from '../../domain/history.ts';
import type { CommentHistory } from '../../domain/storage-ports.ts';
import { historyFromItems, historyPut } from './history-items.ts';
import { HISTORY_PREFIX, keys } from './keys.ts';
import { storageCall } from './storage-calls.ts';
import type { TableContext } from './table-context.ts';

/** History events in each comment's partition (./history-items.ts). */
export class DynamoDbCommentHistory implements CommentHistory {
  constructor(private readonly context: Pick<TableContext, 'client' | 'table'>) {}

  async append(commentId: string, event: HistoryEvent): Promise<void> {
    const { Put: put } = historyPut(this.context.table, commentId, event);
    await storageCall(() => this.context.client.put(put!));
  }

  async list(commentId: string): Promise<HistoryEvent[]> {
    const { client, table } = this.context;
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await storageCall(() =>
        client.query({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.comment(commentId).pk, ':prefix': HISTORY_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start);
    return historyFromItems(items);
  }
}
