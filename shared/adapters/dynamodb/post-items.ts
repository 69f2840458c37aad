import { emptyPost, type Post } from '../../domain/post.ts';
import { keys } from './keys.ts';
import { storageCall } from './storage-calls.ts';
import { POST_HEAD_SORT_KEY } from './table-design.ts';
import type { TableContext } from './table-context.ts';
import type { TransactItem } from './transaction-items.ts';

/**
 * The post item (`POST#<postId>` / `POST`): `commentsOpen`, `publishedAt`, `approvedCount`.
 * Every write that may create it also files it at the head of the post's approved list
 * (table-design.ts, POST_HEAD_SORT_KEY), so that a public page is one Query.
 */
export function postHead(postId: string): { gsi1pk: string; gsi1sk: string } {
  return { gsi1pk: keys.byPostStatus(postId, 'approved'), gsi1sk: POST_HEAD_SORT_KEY };
}

export function isPostHead(item: { gsi1sk?: unknown } | undefined): boolean {
  return item?.gsi1sk === POST_HEAD_SORT_KEY;
}

export function postFromItem(postId: string, item: Record<string, unknown> | undefined): Post {
  if (!item) return emptyPost(postId);
  return {
    postId,
    commentsOpen: item.commentsOpen !== false,
    publishedAt: typeof item.publishedAt === 'string' ? item.publishedAt : null,
    approvedCount: Math.max(0, Number(item.approvedCount ?? 0)),
  };
}

/** The post's approved count moves by `delta` (creating the post item, filed at the head of its list). */
export function postCountChange(table: string, postId: string, delta: number): TransactItem {
  const head = postHead(postId);
  return {
    Update: {
      TableName: table,
      Key: keys.post(postId),
      UpdateExpression: 'ADD #count :delta SET #hpk = :hpk, #hsk = :hsk',
      ExpressionAttributeNames: { '#count': 'approvedCount', '#hpk': 'gsi1pk', '#hsk': 'gsi1sk' },
      ExpressionAttributeValues: { ':delta': delta, ':hpk': head.gsi1pk, ':hsk': head.gsi1sk },
    },
  };
}

export async function readPost(context: Pick<TableContext, 'client' | 'table'>, postId: string): Promise<Post> {
  const result = await storageCall(() => context.client.get({ TableName: context.table, Key: keys.post(postId) }));
  return postFromItem(postId, result.Item);
}
