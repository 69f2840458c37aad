import type { DocumentCalls } from './document-calls.ts';
import { type Comment, CommentId, CommentStatus } from '../../domain/comment.ts';
import { ValidationError } from '../../domain/errors.ts';
import type { CommentImportStore, ImportedComment, ImportedRef, Page, PageRequest } from '../../domain/ports.ts';
import type { FieldCipher } from '../../privacy/field-cipher.ts';
import { batchGetAll } from './batch-calls.ts';
import { type CommentItem, CommentItemMapper } from './comment-item.ts';
import { historyPut } from './history-items.ts';
import { hydrateItems } from './hydrate-items.ts';
import { importTransactions, inWaves, type PreparedImport } from './import-claims.ts';
import { keys } from './keys.ts';
import { isTransactionCanceled } from './errors.ts';
import { storageCall, transactWithRetry } from './storage-calls.ts';
import { TABLE_INDEXES } from './table-design.ts';

export interface DynamoDbImportStoreOptions {
  client: DocumentCalls;
  tableName: string;
  cipher: FieldCipher;
  retentionDays: number;
  now?: () => Date;
}

interface RefItem {
  pk: string;
  commentId?: string;
  postId?: string;
  depth?: number;
  waiting?: Set<string>;
}

/** Imports and exports in bulk, in the comments table (see ./README.md, *Import*). */
export class DynamoDbImportStore implements CommentImportStore {
  private readonly client: DocumentCalls;
  private readonly table: string;
  private readonly mapper: CommentItemMapper;
  private readonly now: () => Date;

  constructor(options: DynamoDbImportStoreOptions) {
    this.client = options.client;
    this.table = options.tableName;
    this.mapper = new CommentItemMapper(options.cipher, options.retentionDays);
    this.now = options.now ?? (() => new Date());
  }

  async lookup(importKeys: string[], commentIds: string[]) {
    const items = await batchGetAll(this.client, this.table, [...importKeys.map(keys.importRef), ...commentIds.map(keys.comment)], {
      projection: 'pk, sk, commentId, postId, #depth, waiting',
      names: { '#depth': 'depth' },
    });
    const refs = new Map<string, ImportedRef>();
    const comments = new Map<string, { postId: string; depth: number }>();
    for (const item of items as unknown as Array<RefItem & { sk: string }>) {
      if (item.sk === 'IMPORT') {
        refs.set(item.pk.slice('IMPORT#'.length), {
          ...(item.commentId ? { commentId: item.commentId, postId: item.postId!, depth: Number(item.depth ?? 1) } : {}),
          waiting: [...(item.waiting ?? [])],
        });
      } else if (item.postId) {
        comments.set(item.pk.slice('COMMENT#'.length), { postId: item.postId, depth: Number(item.depth ?? 1) });
      }
    }
    return { refs, comments };
  }

  async store(batch: ImportedComment[], receivedAt: string): Promise<Set<string>> {
    // Ids come from the external ids, so a comment written again is the same item, never a second one.
    const prepared: PreparedImport[] = [];
    for (const entry of batch) {
      const { comment } = entry;
      const puts = [(await this.mapper.toItem(comment)) as unknown as PreparedImport['puts'][number]];
      const requestData = await this.mapper.toRequestDataItem(comment, receivedAt);
      if (requestData) puts.push(requestData as unknown as PreparedImport['puts'][number]);
      if (comment.status !== 'trash') puts.push({ ...keys.duplicate(comment.duplicateKey), commentId: comment.id });
      // The history's first event, with the comment or not at all (its id is new: no condition needed).
      puts.push(historyPut(this.table, comment.id, entry.event).Put!.Item as PreparedImport['puts'][number]);
      prepared.push({ entry, puts });
    }

    // Stored, claimed and counted together, per transaction (./import-claims.ts).
    const claimed = new Set<string>();
    let remaining = prepared;
    while (remaining.length > 0) {
      const lost = new Set<string>();
      const unfiled = new Set<string>();
      for (const wave of inWaves(importTransactions(this.table, remaining))) {
        const results = await Promise.allSettled(wave.map((transaction) => transactWithRetry(this.client, transaction.items)));
        results.forEach((result, at) => {
          const { parts } = wave[at]!;
          if (result.status === 'fulfilled') {
            for (const part of parts) if (part.kind === 'claim') claimed.add(part.commentId);
            return;
          }
          const error = result.reason as unknown;
          if (!isTransactionCanceled(error)) throw error;
          const reasons = error.CancellationReasons ?? [];
          const before = lost.size + unfiled.size;
          parts.forEach((part, index) => {
            if (reasons[index]?.Code !== 'ConditionalCheckFailed') return;
            // Claimed meanwhile by another import of the same record: that one stored and counted it.
            if (part.kind === 'claim') lost.add(part.commentId);
            // The parent arrived meanwhile: the reply is linked to it directly afterwards.
            if (part.kind === 'wait') for (const id of part.commentIds) unfiled.add(id);
          });
          if (lost.size + unfiled.size === before) throw error;
        });
      }
      remaining = remaining
        .filter(({ entry }) => !claimed.has(entry.comment.id) && !lost.has(entry.comment.id))
        .map(({ entry: { waitsFor, ...entry }, puts }) => ({ entry: unfiled.has(entry.comment.id) || !waitsFor ? entry : { ...entry, waitsFor }, puts }));
    }
    return claimed;
  }

  async settle(importKey: string, commentIds: string[]): Promise<void> {
    await storageCall(() =>
      this.client.update({
        TableName: this.table,
        Key: keys.importRef(importKey),
        UpdateExpression: 'DELETE waiting :ids',
        ExpressionAttributeValues: { ':ids': new Set(commentIds) },
      }),
    );
  }

  async exportPage(filter: { postId?: string | undefined }, page: PageRequest): Promise<Page<Comment>> {
    const after = decodeExportCursor(page.cursor, filter.postId);
    const pages = await Promise.all(
      CommentStatus.options.map((status) => {
        const index = filter.postId ? TABLE_INDEXES.byPostStatus : TABLE_INDEXES.byStatus;
        const partition = filter.postId ? keys.byPostStatus(filter.postId, status) : keys.byStatus(status);
        return storageCall(() =>
          this.client.query({
            TableName: this.table,
            IndexName: index.name,
            KeyConditionExpression: '#pk = :pk AND #sk > :after',
            ExpressionAttributeNames: { '#pk': index.partitionKey, '#sk': index.sortKey },
            ExpressionAttributeValues: { ':pk': partition, ':after': after },
            Limit: page.limit,
          }),
        );
      }),
    );
    // Ids sort by creation time: merging the four status lists by id gives every comment oldest first.
    const merged = pages.flatMap((result) => (result.Items ?? []) as CommentItem[]).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const items = merged.slice(0, page.limit);
    const more = merged.length > page.limit || pages.some((result) => result.LastEvaluatedKey !== undefined);
    const last = items.at(-1);
    return {
      items: await hydrateItems(this.client, this.table, this.mapper, items, this.now()),
      nextCursor: more && last ? encodeExportCursor(last.id, filter.postId) : null,
    };
  }

  async externalIds(commentIds: string[]): Promise<Map<string, string>> {
    const found = await batchGetAll(this.client, this.table, commentIds.map(keys.comment), { projection: 'id, externalId' });
    return new Map(found.map((item) => [String(item.id), String(item.externalId ?? item.id)]));
  }
}

/** Export cursors: the last id given, bound to the post filter they were issued for. */
function encodeExportCursor(after: string, postId: string | undefined): string {
  return Buffer.from(JSON.stringify({ after, postId: postId ?? null }), 'utf8').toString('base64url');
}

function decodeExportCursor(cursor: string | undefined, postId: string | undefined): string {
  if (cursor === undefined || cursor === '') return '0';
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const { after, postId: boundTo } = (decoded ?? {}) as { after?: unknown; postId?: unknown };
  if (!CommentId.safeParse(after).success || boundTo !== (postId ?? null)) {
    throw new ValidationError({ cursor: 'This page cursor is not valid here. Start again without it.' });
  }
  return after as string;
}
