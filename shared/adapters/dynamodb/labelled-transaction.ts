/**
 * Transactions built from labelled items: what each item stands for travels with it, so a
 * cancellation is read back by label, never by position. Adding an item to a transaction can
 * then never change which failure means what.
 */

import type { DocumentCalls } from './document-calls.ts';
import { type CancellationReason, isTransactionCanceled } from './errors.ts';
import { transactWithRetry } from './storage-calls.ts';
import type { TransactItem } from './transaction-items.ts';

export type { CancellationReason } from './errors.ts';

export interface LabelledItem<L extends string> {
  label: L;
  item: TransactItem;
}

/** One item whose condition failed, with the item as it was (when the item asked for it). */
export interface FailedCondition<L extends string> {
  label: L;
  /** The stored item, in DynamoDB's attribute-value form (`ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`). */
  old?: Record<string, unknown> | undefined;
}


export function labelled<L extends string>(label: L, item: TransactItem): LabelledItem<L> {
  return { label, item };
}

/**
 * The labels of the items whose condition failed. DynamoDB reports one reason per item, in the
 * order sent: this is the only place that order is read.
 */
export function failedConditions<L extends string>(items: ReadonlyArray<LabelledItem<L>>, reasons: ReadonlyArray<CancellationReason>): Array<FailedCondition<L>> {
  return items.flatMap(({ label }, index) => {
    const reason = reasons[index];
    return reason?.Code === 'ConditionalCheckFailed' ? [{ label, old: reason.Item }] : [];
  });
}

/**
 * Runs the transaction (retrying conflicts with other transactions). Resolves to the failed
 * conditions: none when it committed; anything else but a condition failure is thrown.
 */
export async function transactLabelled<L extends string>(client: DocumentCalls, items: ReadonlyArray<LabelledItem<L>>): Promise<Array<FailedCondition<L>>> {
  try {
    await transactWithRetry(
      client,
      items.map(({ item }) => item),
    );
    return [];
  } catch (error) {
    if (!isTransactionCanceled(error)) throw error;
    const failed = failedConditions(items, error.CancellationReasons ?? []);
    if (failed.length === 0) throw error;
    return failed;
  }
}
