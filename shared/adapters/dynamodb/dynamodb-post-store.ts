import type { Post, PostSettingsUpdate } from '../../domain/post.ts';
import type { PostStore } from '../../domain/storage-ports.ts';
import { keys } from './keys.ts';
import { postFromItem, postHead, readPost } from './post-items.ts';
import { storageCall } from './storage-calls.ts';
import type { TableContext } from './table-context.ts';

/** Posts as far as comments need them (./post-items.ts). */
export class DynamoDbPostStore implements PostStore {
  constructor(private readonly context: Pick<TableContext, 'client' | 'table'>) {}

  get(postId: string): Promise<Post> {
    return readPost(this.context, postId);
  }

  async update(postId: string, update: PostSettingsUpdate): Promise<Post> {
    const head = postHead(postId);
    const names: Record<string, string> = { '#hpk': 'gsi1pk', '#hsk': 'gsi1sk' };
    const values: Record<string, unknown> = { ':hpk': head.gsi1pk, ':hsk': head.gsi1sk };
    const sets: string[] = [];
    if (update.commentsOpen !== undefined) {
      sets.push('#open = :open');
      names['#open'] = 'commentsOpen';
      values[':open'] = update.commentsOpen;
    }
    if (update.publishedAt !== undefined) {
      sets.push('#published = :published');
      names['#published'] = 'publishedAt';
      values[':published'] = update.publishedAt === null ? null : new Date(update.publishedAt).toISOString();
    }
    if (sets.length === 0) return this.get(postId);
    const { client, table } = this.context;
    const result = await storageCall(() =>
      client.update({
        TableName: table,
        Key: keys.post(postId),
        // A post item made here is filed at the head of its approved list too.
        UpdateExpression: `SET ${[...sets, '#hpk = :hpk', '#hsk = :hsk'].join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        // The post as it now is, in the same request.
        ReturnValues: 'ALL_NEW',
      }),
    );
    return postFromItem(postId, result.Attributes);
  }
}
