import { describe, expect, it } from 'vitest';
import type { CommentItem } from '../../../../../shared/adapters/dynamodb/comment-item.ts';
import { type CancellationReason, failedConditions, labelled } from '../../../../../shared/adapters/dynamodb/labelled-transaction.ts';
import { type NewComment, type SubmissionLabel, submissionItems, submissionRefusal } from '../../../../../shared/adapters/dynamodb/submission-transaction.ts';
import type { SubmissionGuards } from '../../../../../shared/domain/storage-ports.ts';
import { aStoredComment } from '../../../../support/comment-mother.ts';

const NOW_MS = Date.parse('2026-01-01T00:00:00.000Z');
const failedAt = (count: number, failing: Record<number, CancellationReason['Item']>): CancellationReason[] =>
  Array.from({ length: count }, (_, i) => (i in failing ? { Code: 'ConditionalCheckFailed', Item: failing[i] } : { Code: 'None' }));

/** A new comment with every guard: rate, idempotency, flood by email and IP. */
function aNewComment(guards: Partial<SubmissionGuards> = {}, extra: Partial<NewComment> = {}): NewComment {
  const comment = aStoredComment({ createdAt: new Date(NOW_MS).toISOString() });
  return {
    comment,
    item: { pk: `COMMENT#${comment.id}`, sk: 'COMMENT' } as CommentItem,
    requestData: { pk: `COMMENT#${comment.id}`, sk: 'REQUEST', ip: 'x', userAgent: 'y', expiresAt: 1 },
    guards: {
      floodKeys: ['email:ek', 'ip:ik'],
      floodSeconds: 15,
      rate: { ipKey: 'ik', minute: 1, limit: 3, retryAfterSeconds: 40 },
      idempotency: { scope: 's', fingerprint: 'f', answer: { id: comment.id } as never, expiresAt: new Date(NOW_MS + 1000) },
      ...guards,
    },
    event: { at: comment.createdAt, actor: 'visitor', action: 'submit', from: null, to: 'pending' },
    now: new Date(NOW_MS),
    ...extra,
  };
}

/** Cancels the transaction on the items with these labels (the first of each), as DynamoDB reports it: one reason per item. */
function cancelOn(items: ReturnType<typeof submissionItems>, labels: SubmissionLabel[], old?: Record<string, unknown>): CancellationReason[] {
  const failing: Record<number, CancellationReason['Item']> = {};
  for (const label of labels) failing[items.findIndex((i) => i.label === label)] = old;
  return failedAt(items.length, failing);
}

describe('Function: failedConditions', () => {
  it('names the failed items by their labels, with the old item when DynamoDB returned it', () => {
    // Prepare
    const items = [labelled('a', { Put: { TableName: 't', Item: {} } }), labelled('b', { Put: { TableName: 't', Item: {} } }), labelled('c', { Put: { TableName: 't', Item: {} } })];

    // Act
    const failed = failedConditions(items, failedAt(3, { 2: { lastAt: { N: '5' } } }));

    // Assess
    expect(failed).toEqual([{ label: 'c', old: { lastAt: { N: '5' } } }]);
  });

  it('reads nothing from reasons that are not condition failures (conflicts, None) or missing', () => {
    const items = [labelled('a', { Put: { TableName: 't', Item: {} } }), labelled('b', { Put: { TableName: 't', Item: {} } })];

    expect(failedConditions(items, [{ Code: 'TransactionConflict' }])).toEqual([]);
  });
});

describe('Function: submissionItems + submissionRefusal', () => {
  it('labels every guard: one comment, one duplicate marker, one idempotency claim, one rate counter, a flood mark per key', () => {
    const labels = submissionItems('t', aNewComment()).map((i) => i.label);

    expect(labels.filter((l) => l === 'comment')).toHaveLength(1);
    expect(labels.filter((l) => l === 'duplicate')).toHaveLength(1);
    expect(labels.filter((l) => l === 'idempotency')).toHaveLength(1);
    expect(labels.filter((l) => l === 'rate')).toHaveLength(1);
    expect(labels.filter((l) => l === 'flood')).toHaveLength(2);
  });

  it('puts the rate counter in the transaction as a conditional ADD on the minute’s counter', () => {
    const rate = submissionItems('t', aNewComment()).find((i) => i.label === 'rate')!.item.Update!;

    expect(rate.Key).toEqual({ pk: 'RATE#ik#1', sk: 'RATE' });
    expect(rate.ConditionExpression).toBe('attribute_not_exists(#n) OR #n < :limit');
    expect(rate.ExpressionAttributeValues).toMatchObject({ ':limit': 3 });
  });

  it.each([
    [['rate'], 'rate'],
    [['duplicate'], 'duplicate'],
    [['idempotency'], 'idempotency'],
    [['flood'], 'flood'],
    [['rate', 'duplicate', 'flood'], 'rate'],
    [['duplicate', 'flood'], 'duplicate'],
    [['idempotency', 'rate', 'duplicate'], 'idempotency'],
  ] as const)('maps a cancellation on %j to %s (replay, then rate limit, then duplicate before flood)', (labels, kind) => {
    const items = submissionItems('t', aNewComment());

    const refusal = submissionRefusal(failedConditions(items, cancelOn(items, [...labels])), 15, NOW_MS);

    expect(refusal?.kind).toBe(kind);
  });

  it('tells a flooded author how long is left, from the mark DynamoDB returned', () => {
    const items = submissionItems('t', aNewComment());

    const refusal = submissionRefusal(failedConditions(items, cancelOn(items, ['flood'], { lastAt: { N: String(NOW_MS - 5_000) } })), 15, NOW_MS);

    expect(refusal).toEqual({ kind: 'flood', retryAfterSeconds: 10 });
  });

  it('keeps each failure’s meaning whichever items come along (no idempotency, no request data, no event, no flood check)', () => {
    const variants = [
      aNewComment({ idempotency: undefined } as Partial<SubmissionGuards>),
      aNewComment({ rate: undefined, floodSeconds: 0 } as Partial<SubmissionGuards>),
      aNewComment({}, { requestData: null, event: undefined }),
      aNewComment({}, { comment: aStoredComment({ status: 'approved', createdAt: new Date(NOW_MS).toISOString() }) }),
    ];
    for (const variant of variants) {
      const items = submissionItems('t', variant);
      for (const label of ['duplicate', 'rate', 'idempotency', 'flood'] as const) {
        if (!items.some((i) => i.label === label)) continue;
        expect(submissionRefusal(failedConditions(items, cancelOn(items, [label])), 15, NOW_MS)?.kind, label).toBe(label);
      }
    }
  });

  it('does not mistake a failure of an item that only comes along for a guard', () => {
    const items = submissionItems('t', aNewComment());
    const along = items.findIndex((i) => i.label === 'stored-with-it');

    expect(submissionRefusal(failedConditions(items, failedAt(items.length, { [along]: undefined })), 15, NOW_MS)).toBeNull();
  });
});
