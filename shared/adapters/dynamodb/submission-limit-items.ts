import type { TransactWriteInputItem } from './document-calls.ts';
import type { IdempotencyClaim, IdempotentAnswer, SubmittedAnswer } from '../../domain/ports.ts';
import { keys } from './keys.ts';

type TransactItem = TransactWriteInputItem;

/** A rate counter outlives its minute a little, then DynamoDB TTL removes it. */
const RATE_COUNTER_SLACK_SECONDS = 120;

/**
 * The per-IP counter of one minute: one conditional `ADD`, so the limit holds across
 * every Lambda instance; a refused request changes nothing. On its own (notification links) or
 * as the `rate` item of a submission's transaction.
 */
export function rateCounterUpdate(table: string, ipKey: string, minute: number, limit: number): NonNullable<TransactItem['Update']> {
  return {
    TableName: table,
    Key: keys.rate(ipKey, minute),
    UpdateExpression: 'ADD #n :one SET expiresAt = if_not_exists(expiresAt, :ttl)',
    ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
    ExpressionAttributeNames: { '#n': 'n' },
    ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':ttl': (minute + 1) * 60 + RATE_COUNTER_SLACK_SECONDS },
  };
}

/** Stored answer of an Idempotency-Key: only keyed hashes and the public answer, never the key or the email. */
export interface IdempotencyItem {
  pk: string;
  sk: string;
  fingerprint: string;
  answer: SubmittedAnswer;
  expiresAt: number;
}

/** The claim, as one item of the transaction that stores the comment: it only succeeds on a free (or expired) scope. */
export function idempotencyPut(table: string, claim: IdempotencyClaim, now: Date): TransactItem {
  const item: IdempotencyItem = {
    ...keys.idempotency(claim.scope),
    fingerprint: claim.fingerprint,
    answer: claim.answer,
    expiresAt: Math.floor(claim.expiresAt.getTime() / 1000),
  };
  return {
    Put: {
      TableName: table,
      Item: item,
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
    },
  };
}

/** TTL deletion lags: an expired answer counts as gone. */
export function liveIdempotentAnswer(item: Partial<IdempotencyItem> | undefined, now: Date): IdempotentAnswer | null {
  if (!item || typeof item.fingerprint !== 'string' || !item.answer) return null;
  if (typeof item.expiresAt === 'number' && item.expiresAt < now.getTime() / 1000) return null;
  // DynamoDB maps keep no order: rebuild the answer in its published field order, byte for byte as first sent.
  const { id, postId, parentId, author, url, content, createdAt, status, avatar } = item.answer;
  // An answer stored before the avatar seed was part of it (at most 24 hours old) has none.
  return { fingerprint: item.fingerprint, answer: { id, postId, parentId: parentId ?? null, author, url: url ?? null, content, createdAt, status, avatar: avatar ?? null } };
}
