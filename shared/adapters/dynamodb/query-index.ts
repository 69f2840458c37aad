import type { QueryInput } from './document-calls.ts';
import type { PageRequest } from '../../domain/ports.ts';
import type { CommentItem } from './comment-item.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';
import { storageCall } from './storage-calls.ts';
import type { IndexDesign } from './table-design.ts';
import type { TableContext } from './table-context.ts';

export interface IndexQueryOptions {
  /** One condition on the index sort key: ids below a bound (the sweeper), or above one (skipping the post head). */
  sortKey?: { below: string } | { above: string };
  filter?: string;
  values?: Record<string, unknown>;
}

export interface IndexPage {
  items: CommentItem[];
  nextCursor: string | null;
  /** The id the cursor continued after (null on a first page). */
  startAfter: string | null;
}

/** One page of an index partition, continuing from an opaque cursor bound to that partition (./cursor.ts). */
export async function queryIndex(
  context: Pick<TableContext, 'client' | 'table'>,
  index: IndexDesign,
  partition: string,
  page: PageRequest,
  options: IndexQueryOptions = {},
): Promise<IndexPage> {
  const startKey = decodeCursor(page.cursor, { index, partition });
  const bound = options.sortKey ? ('below' in options.sortKey ? { op: '<', value: options.sortKey.below } : { op: '>', value: options.sortKey.above }) : null;
  const input: QueryInput = {
    TableName: context.table,
    IndexName: index.name,
    KeyConditionExpression: bound ? `#pk = :pk AND #sk ${bound.op} :bound` : '#pk = :pk',
    ExpressionAttributeNames: { '#pk': index.partitionKey, ...(bound ? { '#sk': index.sortKey } : {}) },
    ExpressionAttributeValues: { ':pk': partition, ...(bound ? { ':bound': bound.value } : {}), ...options.values },
    Limit: page.limit,
    ScanIndexForward: true,
    ExclusiveStartKey: startKey,
  };
  if (options.filter) input.FilterExpression = options.filter;
  const result = await storageCall(() => context.client.query(input)).catch((error: unknown) => {
    // Whatever slips past the shape check, DynamoDB's refusal of a start key is the client's cursor.
    if (startKey && (error as { name?: string } | null)?.name === 'ValidationException') throw invalidCursor();
    throw error;
  });
  return { items: (result.Items ?? []) as CommentItem[], nextCursor: encodeCursor(result.LastEvaluatedKey), startAfter: startKey?.[index.sortKey] ?? null };
}

/** Every item of an index partition, page by page. */
export async function queryAllOfIndex(
  context: Pick<TableContext, 'client' | 'table'>,
  index: IndexDesign,
  partition: string,
  options: IndexQueryOptions = {},
): Promise<CommentItem[]> {
  const items: CommentItem[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryIndex(context, index, partition, { limit: 100, cursor }, options);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

/** The cursor that continues right after this item of the index (what DynamoDB's LastEvaluatedKey would be). */
export function cursorAfter(item: CommentItem, index: IndexDesign): string | null {
  const record = item as unknown as Record<string, unknown>;
  return encodeCursor({ pk: item.pk, sk: item.sk, [index.partitionKey]: record[index.partitionKey], [index.sortKey]: record[index.sortKey] });
}
