/**
 * The one transaction that stores a new comment with every guard it must pass, as labelled
 * items (./labelled-transaction.ts), and what its cancellation means.
 */

import type { Comment } from '../../domain/comment.ts';
import type { HistoryEvent } from '../../domain/history.ts';
import type { SubmissionGuards } from '../../domain/storage-ports.ts';
import type { CommentItem, RequestDataItem } from './comment-item.ts';
import { historyPut } from './history-items.ts';
import { keys } from './keys.ts';
import type { FailedCondition, LabelledItem } from './labelled-transaction.ts';
import { idempotencyPut, rateCounterUpdate } from './submission-limit-items.ts';
import { countChanges, type TransactItem } from './transaction-items.ts';

/** Items with a condition say which guard they are; the others only come along. */
export type SubmissionLabel = 'comment' | 'duplicate' | 'idempotency' | 'rate' | 'flood' | 'stored-with-it';

/** A flood mark lives a day (DynamoDB TTL); `floodSeconds` is far shorter. */
const FLOOD_TTL_SECONDS = 86_400;

export interface NewComment {
  comment: Comment;
  item: CommentItem;
  requestData: RequestDataItem | null;
  guards: SubmissionGuards;
  event?: HistoryEvent | undefined;
  now: Date;
}

export function submissionItems(table: string, { comment, item, requestData, guards, event, now }: NewComment): Array<LabelledItem<SubmissionLabel>> {
  const along = (transactItem: TransactItem): LabelledItem<SubmissionLabel> => ({ label: 'stored-with-it', item: transactItem });
  const items: Array<LabelledItem<SubmissionLabel>> = [
    { label: 'comment', item: { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } } },
    {
      label: 'duplicate',
      item: { Put: { TableName: table, Item: { ...keys.duplicate(comment.duplicateKey), commentId: comment.id }, ConditionExpression: 'attribute_not_exists(pk)' } },
    },
  ];
  const { idempotency, rate } = guards;
  // The Idempotency-Key claim: a retry racing the first request stores nothing.
  if (idempotency) items.push({ label: 'idempotency', item: idempotencyPut(table, idempotency, now) });
  if (rate) items.push({ label: 'rate', item: { Update: rateCounterUpdate(table, rate.ipKey, rate.minute, rate.limit) } });
  if (requestData) items.push(along({ Put: { TableName: table, Item: requestData } }));
  if (event) items.push(along(historyPut(table, comment.id, event)));
  if (idempotency && comment.emailKey) {
    // The stored answer names the author: erase must be able to find it by email key.
    const expiresAt = Math.floor(idempotency.expiresAt.getTime() / 1000);
    items.push(along({ Put: { TableName: table, Item: { ...keys.idempotencyByAuthor(comment.emailKey, idempotency.scope), expiresAt } } }));
  }
  // A comment stored already approved (a moderator's reply) counts at once.
  items.push(...countChanges(table, { ...comment, status: 'pending' }, comment).map(along));
  const nowMs = Date.parse(comment.createdAt);
  const floodChecked = guards.floodSeconds > 0 ? [...new Set(guards.floodKeys)] : [];
  for (const floodKey of floodChecked) {
    items.push({
      label: 'flood',
      item: {
        Update: {
          TableName: table,
          Key: keys.flood(floodKey),
          UpdateExpression: 'SET lastAt = :now, expiresAt = :ttl',
          ConditionExpression: 'attribute_not_exists(lastAt) OR lastAt <= :threshold',
          ExpressionAttributeValues: { ':now': nowMs, ':ttl': Math.floor(nowMs / 1000) + FLOOD_TTL_SECONDS, ':threshold': nowMs - guards.floodSeconds * 1000 },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      },
    });
  }
  return items;
}

/** Why a submission's transaction was cancelled, in the order the checks are documented. */
export type SubmissionRefusal =
  | { kind: 'idempotency' }
  | { kind: 'rate' }
  | { kind: 'duplicate' }
  | { kind: 'flood'; retryAfterSeconds: number }
  | { kind: 'comment' };

/**
 * The refusal the client is told about when several guards failed at once: a retry of an earlier
 * request first (it gets the first answer), then the rate limit (checked before anything else),
 * then WordPress's duplicate check before its flood check.
 */
export function submissionRefusal(failed: ReadonlyArray<FailedCondition<SubmissionLabel>>, floodSeconds: number, nowMs: number): SubmissionRefusal | null {
  const has = (label: SubmissionLabel) => failed.find((f) => f.label === label);
  if (has('idempotency')) return { kind: 'idempotency' };
  if (has('rate')) return { kind: 'rate' };
  if (has('duplicate')) return { kind: 'duplicate' };
  const flooded = has('flood');
  if (flooded) {
    const lastAt = Number((flooded.old as { lastAt?: { N?: string } } | undefined)?.lastAt?.N ?? nowMs);
    return { kind: 'flood', retryAfterSeconds: floodSeconds - (nowMs - lastAt) / 1000 };
  }
  // An id used twice: never by ULIDs, but not to be mistaken for a guard.
  if (has('comment')) return { kind: 'comment' };
  return null;
}
