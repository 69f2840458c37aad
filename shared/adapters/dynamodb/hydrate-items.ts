import type { DocumentCalls } from './document-calls.ts';
import type { Comment } from '../../domain/comment.ts';
import { batchGetAll } from './batch-calls.ts';
import type { CommentItem, CommentItemMapper, RequestDataItem } from './comment-item.ts';
import { keys } from './keys.ts';

/** Full comments from their main items: the request data of all of them comes in batch reads, then everything is decrypted. */
export async function hydrateItems(client: DocumentCalls, table: string, mapper: CommentItemMapper, items: CommentItem[], now: Date): Promise<Comment[]> {
  const found = (await batchGetAll(client, table, items.map((item) => keys.requestData(item.id)))) as unknown as RequestDataItem[];
  const requestData = new Map(found.map((item) => [item.pk, item]));
  return Promise.all(items.map((item) => mapper.fromItems(item, requestData.get(keys.requestData(item.id).pk), now)));
}
