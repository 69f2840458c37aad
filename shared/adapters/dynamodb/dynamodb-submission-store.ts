import { CommentId, type Comment } from '../../domain/comment.ts';
import { DuplicateCommentError, FloodError, RateLimitedError } from '../../domain/errors.ts';
import type { HistoryEvent } from '../../domain/history.ts';
import type { IdempotentAnswer } from '../../domain/ports.ts';
import { type Settings, withDefaults } from '../../domain/settings.ts';
import type { ParentCandidate, SubmissionGuards, SubmissionReads, SubmissionStore, SubmissionWanted } from '../../domain/storage-ports.ts';
import { batchGetAll } from './batch-calls.ts';
import type { CommentItem } from './comment-item.ts';
import { keys } from './keys.ts';
import { transactLabelled } from './labelled-transaction.ts';
import { postFromItem } from './post-items.ts';
import { settingsVersion } from './settings-items.ts';
import { storageCall } from './storage-calls.ts';
import { submissionItems, submissionRefusal } from './submission-transaction.ts';
import { liveIdempotentAnswer } from './submission-limit-items.ts';
import type { TableContext } from './table-context.ts';

const sameKey = (item: Record<string, unknown>, key: { pk: string; sk: string }) => item.pk === key.pk && item.sk === key.sk;

/** New comments: one BatchGetItem of what a submission checks, one TransactWriteItems that stores it with its guards. */
export class DynamoDbSubmissionStore implements SubmissionStore {
  /** The settings last read, parsed: a version names one content (every save moves it on), so they are parsed once per change. */
  private parsedSettings: { version: number; settings: Settings } | undefined;

  constructor(private readonly context: TableContext) {}

  async read(postId: string, wanted: SubmissionWanted): Promise<SubmissionReads> {
    const { idempotencyScope, parentId, author } = wanted;
    const parentKey = parentId !== undefined && CommentId.safeParse(parentId).success ? keys.comment(parentId) : null;
    const idempotencyKey = idempotencyScope === undefined ? null : keys.idempotency(idempotencyScope);
    const authorKey = author ? keys.approvedAuthor(author.emailKey, author.author) : null;
    const wantedKeys = [keys.settings(), keys.post(postId), ...[idempotencyKey, parentKey, authorKey].filter((key) => key !== null)];
    const items = await batchGetAll(this.context.client, this.context.table, wantedKeys);
    const find = (key: { pk: string; sk: string } | null) => (key ? items.find((item) => sameKey(item, key)) : undefined);
    const parentItem = find(parentKey) as CommentItem | undefined;
    const settingsItem = find(keys.settings());
    const version = settingsVersion(settingsItem);
    return {
      settings: this.settingsAt(version, settingsItem),
      settingsVersion: version,
      authorPreviouslyApproved: Number(find(authorKey)?.count ?? 0) > 0,
      post: postFromItem(postId, find(keys.post(postId))),
      earlier: liveIdempotentAnswer(find(idempotencyKey), this.context.now()),
      parent: parentItem ? parentCandidate(parentItem) : null,
    };
  }

  private settingsAt(version: number, item: Record<string, unknown> | undefined): Settings {
    if (version > 0 && this.parsedSettings?.version === version) return this.parsedSettings.settings;
    const settings = withDefaults(item?.settings);
    if (version > 0) this.parsedSettings = { version, settings };
    return settings;
  }

  async create(comment: Comment, guards: SubmissionGuards, event?: HistoryEvent): Promise<IdempotentAnswer | null> {
    const { mapper, table, client } = this.context;
    const items = submissionItems(table, {
      comment,
      item: await mapper.toItem(comment),
      requestData: await mapper.toRequestDataItem(comment),
      guards,
      event,
      now: this.context.now(),
    });
    const failed = await transactLabelled(client, items);
    if (failed.length === 0) return null;
    const nowMs = Date.parse(comment.createdAt);
    if (guards.idempotency && submissionRefusal(failed, guards.floodSeconds, nowMs)?.kind === 'idempotency') {
      // Only in a race with the first request (a finished one was found by `read`): its answer.
      const earlier = await this.findIdempotentAnswer(guards.idempotency.scope);
      if (earlier) return earlier;
    }
    // No answer to replay (the claim had just expired): the other guards speak.
    const refusal = submissionRefusal(
      failed.filter((f) => f.label !== 'idempotency'),
      guards.floodSeconds,
      nowMs,
    );
    if (refusal?.kind === 'rate') throw new RateLimitedError(guards.rate?.retryAfterSeconds ?? 60);
    if (refusal?.kind === 'duplicate') throw new DuplicateCommentError();
    if (refusal?.kind === 'flood') throw new FloodError(refusal.retryAfterSeconds);
    throw new Error(`The comment could not be stored (conditions failed: ${failed.map((f) => f.label).join(', ')}).`);
  }

  private async findIdempotentAnswer(scope: string): Promise<IdempotentAnswer | null> {
    const { client, table, now } = this.context;
    const result = await storageCall(() => client.get({ TableName: table, Key: keys.idempotency(scope), ConsistentRead: true }));
    return liveIdempotentAnswer(result.Item, now());
  }
}

function parentCandidate(item: CommentItem): ParentCandidate {
  return { id: item.id, postId: item.postId, parentId: item.parentId ?? null, status: item.status, depth: item.depth };
}
