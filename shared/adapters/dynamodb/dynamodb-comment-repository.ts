import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import { type Comment, type CommentStatus, type PublicComment, toPublicComment } from '../../domain/comment.ts';
import { DuplicateCommentError, FloodError } from '../../domain/errors.ts';
import type { HistoryEvent } from '../../domain/history.ts';
import type { ApprovedPage, CommentRepository, CommentStanding, CreateGuards, IdempotentAnswer, Page, PageRequest } from '../../domain/ports.ts';
import { emptyPost, type Post, type PostSettingsUpdate } from '../../domain/post.ts';
import { type Settings, withDefaults } from '../../domain/settings.ts';
import type { FieldCipher } from '../../privacy/field-cipher.ts';
import { type CommentItem, CommentItemMapper, type RequestDataItem } from './comment-item.ts';
import { decodeCursor, encodeCursor, invalidCursor } from './cursor.ts';
import { historyFromItems, historyPut } from './history-items.ts';
import { hydrateItems } from './hydrate-items.ts';
import { HISTORY_PREFIX, keys } from './keys.ts';
import { settingsOverwrite, settingsReplacement, settingsVersion } from './settings-items.ts';
import { idempotencyPut, liveIdempotentAnswer, rateCounterUpdate } from './submission-limit-items.ts';
import { storageCall, transactIfUnchanged, transactWithRetry } from './storage-calls.ts';
import { TABLE_INDEXES, TABLE_KEYS } from './table-design.ts';
import { addTo, countChanges, duplicateMarkerChanges, type TransactItem } from './transaction-items.ts';

export interface DynamoDbCommentRepositoryOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  cipher: FieldCipher;
  /** Days IP and user agent are kept. */
  retentionDays: number;
  now?: () => Date;
}

const FLOOD_TTL_SECONDS = 86_400;
/** The public fields and the standing: the encrypted email is not even read. */
const STANDING_ATTRIBUTES = ['id', 'postId', 'parentId', 'author', 'url', 'content', 'createdAt', 'avatar', 'status'];
const STANDING_PROJECTION = {
  ProjectionExpression: STANDING_ATTRIBUTES.map((_, i) => `#a${i}`).join(', '),
  ExpressionAttributeNames: Object.fromEntries(STANDING_ATTRIBUTES.map((name, i) => [`#a${i}`, name])),
};

/** The public fields of a stored item; personal fields are never read, let alone decrypted. */
function publicView(item: CommentItem): PublicComment {
  return toPublicComment({ ...item, email: '', ip: null, userAgent: null, parentId: item.parentId ?? null, avatar: item.avatar ?? null } as Comment);
}

/** Comments in one DynamoDB table (see ./README.md for the key design). */
export class DynamoDbCommentRepository implements CommentRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly mapper: CommentItemMapper;
  private readonly now: () => Date;

  constructor(options: DynamoDbCommentRepositoryOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.mapper = new CommentItemMapper(options.cipher, options.retentionDays);
    this.now = options.now ?? (() => new Date());
  }

  async create(comment: Comment, guards: CreateGuards, event?: HistoryEvent): Promise<IdempotentAnswer | null> {
    const item = await this.mapper.toItem(comment);
    const requestData = await this.mapper.toRequestDataItem(comment);
    const nowMs = Date.parse(comment.createdAt);
    const transactItems: TransactItem[] = [
      { Put: { TableName: this.table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.duplicate(comment.duplicateKey), commentId: comment.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    // Index 2: the Idempotency-Key claim, so that a retry racing the first request stores nothing.
    if (guards.idempotency) transactItems.push(idempotencyPut(this.table, guards.idempotency, this.now()));
    if (requestData) transactItems.push({ Put: { TableName: this.table, Item: requestData } });
    if (event) transactItems.push(historyPut(this.table, comment.id, event));
    if (guards.idempotency && comment.emailKey) {
      // The stored answer names the author: erase must be able to find it by email key.
      const expiresAt = Math.floor(guards.idempotency.expiresAt.getTime() / 1000);
      transactItems.push({ Put: { TableName: this.table, Item: { ...keys.idempotencyByAuthor(comment.emailKey, guards.idempotency.scope), expiresAt } } });
    }
    // A comment stored already approved (a moderator's reply) counts at once.
    transactItems.push(...countChanges(this.table, { ...comment, status: 'pending' }, comment));
    const floodChecked = guards.floodSeconds > 0 ? [...new Set(guards.floodKeys)] : [];
    for (const floodKey of floodChecked) {
      transactItems.push({
        Update: {
          TableName: this.table,
          Key: keys.flood(floodKey),
          UpdateExpression: 'SET lastAt = :now, expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(lastAt) OR lastAt <= :threshold',
          ExpressionAttributeValues: {
            ':now': nowMs,
            ':ttl': Math.floor(nowMs / 1000) + FLOOD_TTL_SECONDS,
            ':threshold': nowMs - guards.floodSeconds * 1000,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    }

    try {
      await transactWithRetry(this.client, transactItems);
      return null;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (guards.idempotency && reasons[2]?.Code === 'ConditionalCheckFailed') {
        const earlier = await this.findIdempotentAnswer(guards.idempotency.scope);
        if (earlier) return earlier;
      }
      // WordPress checks duplicates before flooding.
      if (reasons[1]?.Code === 'ConditionalCheckFailed') throw new DuplicateCommentError();
      const floodStart = transactItems.length - floodChecked.length;
      const flooded = reasons.slice(floodStart).find((r) => r.Code === 'ConditionalCheckFailed');
      if (flooded) {
        const lastAt = Number((flooded.Item as { lastAt?: { N?: string } } | undefined)?.lastAt?.N ?? nowMs);
        throw new FloodError(guards.floodSeconds - (nowMs - lastAt) / 1000);
      }
      throw error;
    }
  }

  async countSubmission(ipKey: string, minute: number, limit: number): Promise<boolean> {
    try {
      await storageCall(() => this.client.send(new UpdateCommand(rateCounterUpdate(this.table, ipKey, minute, limit))));
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async findIdempotentAnswer(scope: string): Promise<IdempotentAnswer | null> {
    const result = await storageCall(() =>
      this.client.send(new GetCommand({ TableName: this.table, Key: keys.idempotency(scope), ConsistentRead: true })),
    );
    return liveIdempotentAnswer(result.Item, this.now());
  }

  async get(id: string): Promise<Comment | null> {
    const result = await storageCall(() =>
      this.client.send(new QueryCommand({
        TableName: this.table,
        // The comment and its request data; its history (sorted before them) is not read.
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :comment AND :request',
        ExpressionAttributeValues: { ':pk': keys.comment(id).pk, ':comment': keys.comment(id).sk, ':request': keys.requestData(id).sk },
        ConsistentRead: true,
      })),
    );
    const items = (result.Items ?? []) as Array<CommentItem | RequestDataItem>;
    const main = items.find((i) => i.sk === 'COMMENT') as CommentItem | undefined;
    if (!main) return null;
    const requestData = items.find((i) => i.sk === 'REQUEST') as RequestDataItem | undefined;
    return this.mapper.fromItems(main, requestData, this.now());
  }

  async getStanding(id: string): Promise<CommentStanding | null> {
    const result = await storageCall(() =>
      this.client.send(new GetCommand({ TableName: this.table, Key: keys.comment(id), ...STANDING_PROJECTION, ConsistentRead: true })),
    );
    const item = result.Item as CommentItem | undefined;
    return item ? { comment: publicView(item), postId: item.postId, status: item.status } : null;
  }

  async listApproved(postId: string, page: PageRequest): Promise<ApprovedPage> {
    const { items, nextCursor, startAfter } = await this.queryIndex(TABLE_INDEXES.byPostStatus, keys.byPostStatus(postId, 'approved'), page);
    return { items: items.map(publicView), nextCursor, startAfter };
  }

  async list(filter: { status: CommentStatus; postId?: string | undefined }, page: PageRequest): Promise<Page<Comment>> {
    const result = filter.postId
      ? await this.queryIndex(TABLE_INDEXES.byPostStatus, keys.byPostStatus(filter.postId, filter.status), page)
      : await this.queryIndex(TABLE_INDEXES.byStatus, keys.byStatus(filter.status), page);
    return { items: await this.hydrate(result.items), nextCursor: result.nextCursor };
  }

  async listUnchecked(createdBefore: Date, page: PageRequest): Promise<Page<string>> {
    // Ids are ULIDs: every id created before the time sorts below its time prefix.
    const result = await this.queryIndex(TABLE_INDEXES.byStatus, keys.byStatus('pending'), page, {
      sortKeyBelow: encodeTime(createdBefore.getTime(), 10),
      filter: 'attribute_exists(unchecked) AND attribute_not_exists(moderationFailedAt)',
    });
    return { items: result.items.map((item) => item.id), nextCursor: result.nextCursor };
  }

  async markModerationFailed(id: string, at: Date): Promise<void> {
    await storageCall(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.comment(id),
          UpdateExpression: 'SET moderationFailedAt = :at',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':at': at.toISOString() },
        }),
      ),
    ).catch((error: unknown) => {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    });
  }

  async listReplies(postId: string, parentId: string): Promise<Comment[]> {
    const replies: CommentItem[] = [];
    for (const status of ['pending', 'approved', 'spam', 'trash'] as const) {
      let cursor: string | undefined;
      do {
        const page = await this.queryIndex(TABLE_INDEXES.byPostStatus, keys.byPostStatus(postId, status), { limit: 100, cursor }, {
          filter: 'parentId = :parentId',
          values: { ':parentId': parentId },
        });
        replies.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return this.hydrate(replies);
  }

  async listByEmailKey(emailKey: string, page: PageRequest): Promise<Page<Comment>> {
    const result = await this.queryIndex(TABLE_INDEXES.byAuthor, keys.byAuthor(emailKey), page);
    return { items: await this.hydrate(result.items), nextCursor: result.nextCursor };
  }

  async forgetEmailKey(emailKey: string): Promise<void> {
    const result = await storageCall(() =>
      this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': keys.approvedAuthor(emailKey, '').pk },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
        }),
      ),
    );
    const filed = (result.Items ?? []) as Array<{ pk: string; sk: string }>;
    // Idempotency records filed under the address go with their pointers.
    const answers = filed.filter((key) => key.sk.startsWith('IDEMPOTENCY#')).map((key) => keys.idempotency(key.sk.slice('IDEMPOTENCY#'.length)));
    const stale = [...filed, ...answers, keys.flood(`email:${emailKey}`)];
    for (const key of stale) {
      await storageCall(() => this.client.send(new DeleteCommand({ TableName: this.table, Key: { pk: key.pk, sk: key.sk } })));
    }
  }

  async hasApprovedComment(emailKey: string, author: string): Promise<boolean> {
    const result = await storageCall(() => this.client.send(new GetCommand({ TableName: this.table, Key: keys.approvedAuthor(emailKey, author) })));
    return Number(result.Item?.count ?? 0) > 0;
  }

  async save(before: Comment, after: Comment, event?: HistoryEvent): Promise<boolean> {
    const item = await this.mapper.toItem({ ...after, version: before.version + 1 });
    const transactItems: TransactItem[] = [
      {
        Put: {
          TableName: this.table,
          Item: item,
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': before.version },
        },
      },
      ...(await this.requestDataChange(before, after)),
      ...countChanges(this.table, before, after),
      ...duplicateMarkerChanges(this.table, before, after),
      ...(event ? [historyPut(this.table, after.id, event)] : []),
    ];
    return transactIfUnchanged(this.client, transactItems);
  }

  async appendHistory(commentId: string, event: HistoryEvent): Promise<void> {
    const { Put: put } = historyPut(this.table, commentId, event);
    await storageCall(() => this.client.send(new PutCommand(put!)));
  }

  async history(commentId: string): Promise<HistoryEvent[]> {
    const items: Array<Record<string, unknown>> = [];
    let start: Record<string, unknown> | undefined;
    do {
      const result = await storageCall(() =>
        this.client.send(new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.comment(commentId).pk, ':prefix': HISTORY_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        })),
      );
      items.push(...(result.Items ?? []));
      start = result.LastEvaluatedKey;
    } while (start);
    return historyFromItems(items);
  }

  async remove(comment: Comment, event?: HistoryEvent): Promise<boolean> {
    const gone: Comment = { ...comment, status: 'trash' };
    const transactItems: TransactItem[] = [
      {
        Delete: {
          TableName: this.table,
          Key: keys.comment(comment.id),
          ConditionExpression: 'version = :version',
          ExpressionAttributeValues: { ':version': comment.version },
        },
      },
      { Delete: { TableName: this.table, Key: keys.requestData(comment.id) } },
      ...countChanges(this.table, comment, gone),
      ...(comment.status === 'trash' ? [] : [{ Delete: { TableName: this.table, Key: keys.duplicate(comment.duplicateKey) } }]),
      ...(event ? [historyPut(this.table, comment.id, event)] : []),
    ];
    return transactIfUnchanged(this.client, transactItems);
  }

  async getPost(postId: string): Promise<Post> {
    const result = await storageCall(() => this.client.send(new GetCommand({ TableName: this.table, Key: keys.post(postId) })));
    const item = result.Item;
    if (!item) return emptyPost(postId);
    return {
      postId,
      commentsOpen: item.commentsOpen !== false,
      publishedAt: typeof item.publishedAt === 'string' ? item.publishedAt : null,
      approvedCount: Math.max(0, Number(item.approvedCount ?? 0)),
    };
  }

  async updatePost(postId: string, update: PostSettingsUpdate): Promise<Post> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
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
    if (sets.length > 0) {
      await storageCall(() =>
        this.client.send(new UpdateCommand({
          TableName: this.table,
          Key: keys.post(postId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        })),
      );
    }
    return this.getPost(postId);
  }

  async getSettings(): Promise<Settings> {
    const result = await storageCall(() => this.client.send(new GetCommand({ TableName: this.table, Key: keys.settings() })));
    return withDefaults(result.Item?.settings);
  }

  async readSettings(): Promise<{ settings: Settings; version: number }> {
    // Strongly consistent: a save merges onto what is stored now, not onto a lagging copy.
    const result = await storageCall(() => this.client.send(new GetCommand({ TableName: this.table, Key: keys.settings(), ConsistentRead: true })));
    return { settings: withDefaults(result.Item?.settings), version: settingsVersion(result.Item) };
  }

  async replaceSettings(settings: Settings, expectedVersion: number): Promise<boolean> {
    try {
      await storageCall(() => this.client.send(new PutCommand(settingsReplacement(this.table, settings, expectedVersion))));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async saveSettings(settings: Settings): Promise<void> {
    await storageCall(() => this.client.send(new UpdateCommand(settingsOverwrite(this.table, settings))));
  }

  private async requestDataChange(before: Comment, after: Comment): Promise<TransactItem[]> {
    if (before.ip === after.ip && before.userAgent === after.userAgent) return [];
    const item = await this.mapper.toRequestDataItem(after);
    return item
      ? [{ Put: { TableName: this.table, Item: item } }]
      : [{ Delete: { TableName: this.table, Key: keys.requestData(after.id) } }];
  }

  private async queryIndex(
    index: { name: string; partitionKey: string; sortKey: string },
    partition: string,
    page: PageRequest,
    options: { sortKeyBelow?: string; filter?: string; values?: Record<string, unknown> } = {},
  ): Promise<{ items: CommentItem[]; nextCursor: string | null; startAfter: string | null }> {
    const startKey = decodeCursor(page.cursor, { index, partition });

    const input: QueryCommandInput = {
      TableName: this.table,
      IndexName: index.name,
      KeyConditionExpression: options.sortKeyBelow ? '#pk = :pk AND #sk < :below' : '#pk = :pk',
      ExpressionAttributeNames: { '#pk': index.partitionKey, ...(options.sortKeyBelow ? { '#sk': index.sortKey } : {}) },
      ExpressionAttributeValues: { ':pk': partition, ...(options.sortKeyBelow ? { ':below': options.sortKeyBelow } : {}), ...options.values },
      Limit: page.limit,
      ScanIndexForward: true,
      ExclusiveStartKey: startKey,
    };
    if (options.filter) input.FilterExpression = options.filter;
    const result = await storageCall(() => this.client.send(new QueryCommand(input))).catch((error: unknown) => {
      // Whatever slips past the shape check, DynamoDB's refusal of a start key is the client's cursor.
      if (startKey && (error as { name?: string } | null)?.name === 'ValidationException') throw invalidCursor();
      throw error;
    });
    return { items: (result.Items ?? []) as CommentItem[], nextCursor: encodeCursor(result.LastEvaluatedKey), startAfter: startKey?.[index.sortKey] ?? null };
  }

  /** Full comments for moderators: the request data of a page comes in one BatchGet. */
  private async hydrate(items: CommentItem[]): Promise<Comment[]> {
    return hydrateItems(this.client, this.table, this.mapper, items, this.now());
  }
}
