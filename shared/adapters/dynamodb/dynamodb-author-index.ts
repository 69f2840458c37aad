import type { Comment } from '../../domain/comment.ts';
import type { Page, PageRequest } from '../../domain/ports.ts';
import type { AuthorIndex } from '../../domain/storage-ports.ts';
import { emailFloodKey } from '../../domain/submission-guards.ts';
import { hydrateItems } from './hydrate-items.ts';
import { keys } from './keys.ts';
import { queryIndex } from './query-index.ts';
import { storageCall } from './storage-calls.ts';
import { TABLE_INDEXES } from './table-design.ts';
import type { TableContext } from './table-context.ts';

const IDEMPOTENCY_POINTER = 'IDEMPOTENCY#';

/** Everything filed under an email key: the `AUTHOR#` partition and `gsi3` (see ./README.md). */
export class DynamoDbAuthorIndex implements AuthorIndex {
  constructor(private readonly context: TableContext) {}

  async listByEmailKey(emailKey: string, page: PageRequest): Promise<Page<Comment>> {
    const { client, table, mapper, now } = this.context;
    const result = await queryIndex(this.context, TABLE_INDEXES.byAuthor, keys.byAuthor(emailKey), page);
    return { items: await hydrateItems(client, table, mapper, result.items, now()), nextCursor: result.nextCursor };
  }

  async forget(emailKey: string): Promise<void> {
    const { client, table } = this.context;
    const result = await storageCall(() =>
      client.query({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.approvedAuthor(emailKey, '').pk },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      }),
    );
    const filed = (result.Items ?? []) as Array<{ pk: string; sk: string }>;
    // Idempotency records filed under the address go with their pointers.
    const answers = filed.filter((key) => key.sk.startsWith(IDEMPOTENCY_POINTER)).map((key) => keys.idempotency(key.sk.slice(IDEMPOTENCY_POINTER.length)));
    const stale = [...filed, ...answers, keys.flood(emailFloodKey(emailKey))];
    for (const key of stale) {
      await storageCall(() => client.delete({ TableName: table, Key: { pk: key.pk, sk: key.sk } }));
    }
  }
}
