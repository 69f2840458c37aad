/**
 * History events live in the comment's own partition (`COMMENT#<id>` / `AUDIT#<ulid>`):
 * appended in the same transaction as the change they record, read with one Query,
 * and kept when the comment is deleted. The sort key prefix sorts before `COMMENT`,
 * so reading the comment itself (`COMMENT`..`REQUEST`) never reads its history.
 */

import { monotonicFactory } from 'ulid';
import { HistoryEvent } from '../../domain/history.ts';
import { keys } from './keys.ts';
import type { TransactItem } from './transaction-items.ts';

const nextEventId = monotonicFactory();

export interface HistoryItem {
  pk: string;
  sk: string;
  event: HistoryEvent;
}

export function historyPut(table: string, commentId: string, event: HistoryEvent): TransactItem {
  const item: HistoryItem = { ...keys.historyEvent(commentId, nextEventId(Date.parse(event.at))), event: HistoryEvent.parse(event) };
  // Append-only: an event id is never written twice.
  return { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** Stored events, oldest first; an item that no longer parses is skipped rather than failing the whole history. */
export function historyFromItems(items: Array<Record<string, unknown>>): HistoryEvent[] {
  return items.flatMap((item) => {
    const parsed = HistoryEvent.safeParse(item.event);
    return parsed.success ? [parsed.data] : [];
  });
}
