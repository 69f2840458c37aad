import { type Comment, type CommentStatus, type PublicComment, toPublicComment } from '../../domain/comment.ts';
import type { HistoryEvent } from '../../domain/history.ts';
import type { CommentStanding, Page, PageRequest } from '../../domain/ports.ts';
import type { ApprovedListing, CommentStore } from '../../domain/storage-ports.ts';
import type { CommentItem, RequestDataItem } from './comment-item.ts';
import { historyPut } from './history-items.ts';
import { hydrateItems } from './hydrate-items.ts';
import { keys } from './keys.ts';
import { labelled, transactLabelled } from './labelled-transaction.ts';
import { isPostHead, postFromItem, readPost } from './post-items.ts';
import { cursorAfter, queryAllOfIndex, queryIndex } from './query-index.ts';
import { storageCall } from './storage-calls.ts';
import { POST_HEAD_SORT_KEY, TABLE_INDEXES } from './table-design.ts';
import type { TableContext } from './table-context.ts';
import { countChanges, duplicateMarkerChanges, type TransactItem } from './transaction-items.ts';

/** The public fields and the standing: the encrypted email is not even read. */
const STANDING_ATTRIBUTES = ['id', 'postId', 'parentId', 'author', 'url', 'content', 'createdAt', 'avatar', 'status'];
const STANDING_PROJECTION = {
  ProjectionExpression: STANDING_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(STANDING_ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
};
/** Comment listings of a post's partition start above the post item filed at its head. */
const COMMENTS_ONLY = { sortKey: { above: POST_HEAD_SORT_KEY } };

/** The public fields of a stored item; personal fields are never read, let alone decrypted. */
function publicView(item: CommentItem): PublicComment {
  return toPublicComment({ ...item, email: '', ip: null, userAgent: null, parentId: item.parentId ?? null, avatar: item.avatar ?? null } as Comment);
}

/** Comments in the comments table (see ./README.md for the key design). */
export class DynamoDbCommentStore implements CommentStore {
  /** The document client every store of this table shares (the DynamoDB call counters patch it). */
  readonly client: TableContext['client'];

  constructor(private readonly context: TableContext) {
    this.client = context.client;
  }

  async get(id: string): Promise<Comment | null> {
    const { client, table, mapper, now } = this.context;
    const result = await storageCall(() =>
      client.query({
        TableName: table,
        // The comment and its request data; its history (sorted before them) is not read.
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :comment AND :request',
        ExpressionAttributeValues: { ':pk': keys.comment(id).pk, ':comment': keys.comment(id).sk, ':request': keys.requestData(id).sk },
        ConsistentRead: true,
      }),
    );
    const items = (result.Items ?? []) as Array<CommentItem | RequestDataItem>;
    const main = items.find((i) => i.sk === 'COMMENT') as CommentItem | undefined;
    if (!main) return null;
    const requestData = items.find((i) => i.sk === 'REQUEST') as RequestDataItem | undefined;
    return mapper.fromItems(main, requestData, now());
  }

  async getStanding(id: string): Promise<CommentStanding | null> {
    const { client, table } = this.context;
    const result = await storageCall(() => client.get({ TableName: table, Key: keys.comment(id), ...STANDING_PROJECTION, ConsistentRead: true }));
    const item = result.Item as CommentItem | undefined;
    return item ? { comment: publicView(item), postId: item.postId, status: item.status } : null;
  }

  /**
   * A first page is one Query: the post item heads the partition, so asking for one item more
   * brings the count with the comments. A later page (its cursor is past the head) reads the
   * post beside the Query.
   */
  async listApproved(postId: string, page: PageRequest): Promise<ApprovedListing> {
    const index = TABLE_INDEXES.byPostStatus;
    const partition = keys.byPostStatus(postId, 'approved');
    if (page.cursor) {
      const [result, post] = await Promise.all([queryIndex(this.context, index, partition, page, COMMENTS_ONLY), readPost(this.context, postId)]);
      return { items: result.items.map(publicView), nextCursor: result.nextCursor, startAfter: result.startAfter, count: post.approvedCount };
    }
    const result = await queryIndex(this.context, index, partition, { limit: page.limit + 1 });
    const head = isPostHead(result.items[0]) ? result.items[0] : undefined;
    const rows = head ? result.items.slice(1) : result.items;
    const comments = rows.slice(0, page.limit);
    // Without a head (a post item stored before heads existed) one comment too many came: the cursor is set before it.
    const nextCursor = rows.length > page.limit ? cursorAfter(comments.at(-1)!, index) : result.nextCursor;
    const count = head
      ? postFromItem(postId, head as unknown as Record<string, unknown>).approvedCount
      : comments.length === 0
        ? 0
        : (await readPost(this.context, postId)).approvedCount;
    return { items: comments.map(publicView), nextCursor, startAfter: null, count };
  }

  async list(filter: { status: CommentStatus; postId?: string | undefined }, page: PageRequest): Promise<Page<Comment>> {
    const result = filter.postId
      ? await queryIndex(this.context, TABLE_INDEXES.byPostStatus, keys.byPostStatus(filter.postId, filter.status), page, COMMENTS_ONLY)
      : await queryIndex(this.context, TABLE_INDEXES.byStatus, keys.byStatus(filter.status), page);
    return { items: await this.hydrate(result.items), nextCursor: result.nextCursor };
  }

  async listReplies(postId: string, parentId: string): Promise<Comment[]> {
    const replies: CommentItem[] = [];
    for (const status of ['pending', 'approved', 'spam', 'trash'] as const) {
      replies.push(
        ...(await queryAllOfIndex(this.context, TABLE_INDEXES.byPostStatus, keys.byPostStatus(postId, status), {
          ...COMMENTS_ONLY,
          filter: 'parentId = :parentId',
          values: { ':parentId': parentId },
        })),
      );
    }
    return this.hydrate(replies);
  }

  async save(before: Comment, after: Comment, event?: HistoryEvent): Promise<boolean> {
    const { table, mapper } = this.context;
    const item = await mapper.toItem({ ...after, version: before.version + 1 });
    const versioned: TransactItem = { Put: { TableName: table, Item: item, ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': before.version } } };
    return this.writeIfUnchanged(versioned, [
      ...(await this.requestDataChange(before, after)),
      ...countChanges(table, before, after),
      ...duplicateMarkerChanges(table, before, after),
      ...(event ? [historyPut(table, after.id, event)] : []),
    ]);
  }

  async remove(comment: Comment, event?: HistoryEvent): Promise<boolean> {
    const { table } = this.context;
    const gone: Comment = { ...comment, status: 'trash' };
    const versioned: TransactItem = {
      Delete: { TableName: table, Key: keys.comment(comment.id), ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': comment.version } },
    };
    return this.writeIfUnchanged(versioned, [
      { Delete: { TableName: table, Key: keys.requestData(comment.id) } },
      ...countChanges(table, comment, gone),
      ...(comment.status === 'trash' ? [] : [{ Delete: { TableName: table, Key: keys.duplicate(comment.duplicateKey) } }]),
      ...(event ? [historyPut(table, comment.id, event)] : []),
    ]);
  }

  /** The change and what follows it, all or nothing; false when the comment's version moved since it was read. */
  private async writeIfUnchanged(versioned: TransactItem, following: TransactItem[]): Promise<boolean> {
    const failed = await transactLabelled(this.context.client, [labelled('version', versioned), ...following.map((item) => labelled('follows', item))]);
    if (failed.length === 0) return true;
    if (failed.some((f) => f.label === 'version')) return false;
    throw new Error(`A comment change was refused (conditions failed: ${failed.map((f) => f.label).join(', ')}).`);
  }

  private async requestDataChange(before: Comment, after: Comment): Promise<TransactItem[]> {
    const { table, mapper } = this.context;
    if (before.ip === after.ip && before.userAgent === after.userAgent) return [];
    const item = await mapper.toRequestDataItem(after);
    return item ? [{ Put: { TableName: table, Item: item } }] : [{ Delete: { TableName: table, Key: keys.requestData(after.id) } }];
  }

  /** Full comments for moderators: the request data of a page comes in one BatchGet. */
  private hydrate(items: CommentItem[]): Promise<Comment[]> {
    return hydrateItems(this.context.client, this.context.table, this.context.mapper, items, this.context.now());
  }
}
