import type { ImportedComment } from '../../domain/ports.ts';
import { keys } from './keys.ts';
import { postCountChange } from './post-items.ts';
import { addTo, type TransactItem } from './transaction-items.ts';

/** DynamoDB's limit of items per transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

/** What one item of an import transaction stands for, to read its cancellation reason. */
export type ImportPart = { kind: 'claim'; commentId: string } | { kind: 'wait'; importKey: string; commentIds: string[] } | { kind: 'put' } | { kind: 'count' };

/** A comment to import with the items it puts (comment, request data, duplicate marker). */
export interface PreparedImport {
  entry: ImportedComment;
  puts: Array<Record<string, unknown> & { pk: string; sk: string }>;
}

export interface ImportTransaction {
  items: TransactItem[];
  parts: ImportPart[];
  /** The items it touches: transactions sharing none can run at the same time without conflicting. */
  touches: Set<string>;
}

/**
 * Imported comments, packed into as few transactions as DynamoDB's 100-item limit allows.
 * Each transaction puts its comments' items, claims their external ids (the ref gets the
 * comment id, on condition that none is there yet), files replies whose parent is missing
 * under the parent's ref, and moves the post's approved count and the approved-author counts
 * by the sum over its comments. A comment is thus stored, claimed and counted together or not
 * at all: sending a batch again after a failure can neither duplicate nor double-count it.
 */
export function importTransactions(table: string, prepared: PreparedImport[]): ImportTransaction[] {
  const transactions: ImportTransaction[] = [];
  let group: PreparedImport[] = [];
  let groupKeys = new Set<string>();
  // By post: a post's counter is then touched by as few transactions as possible.
  const byPost = [...prepared].sort((a, b) => (a.entry.comment.postId < b.entry.comment.postId ? -1 : a.entry.comment.postId > b.entry.comment.postId ? 1 : 0));
  for (const one of byPost) {
    const added = itemKeysOf(one).filter((key) => !groupKeys.has(key));
    if (groupKeys.size + added.length > MAX_TRANSACTION_ITEMS) {
      transactions.push(importTransaction(table, group, groupKeys));
      group = [];
      groupKeys = new Set();
    }
    group.push(one);
    for (const key of itemKeysOf(one)) groupKeys.add(key);
  }
  if (group.length > 0) transactions.push(importTransaction(table, group, groupKeys));
  return transactions;
}

/** Transactions in waves whose members touch no item in common (a shared counter would make them conflict). */
export function inWaves(transactions: ImportTransaction[]): ImportTransaction[][] {
  const waves: Array<{ members: ImportTransaction[]; touched: Set<string> }> = [];
  for (const transaction of transactions) {
    let wave = waves.find((w) => ![...transaction.touches].some((key) => w.touched.has(key)));
    if (!wave) {
      wave = { members: [], touched: new Set() };
      waves.push(wave);
    }
    wave.members.push(transaction);
    for (const key of transaction.touches) wave.touched.add(key);
  }
  return waves.map((w) => w.members);
}

const itemKey = (key: { pk: string; sk: string }) => `${key.pk}\0${key.sk}`;

/** The distinct items a comment touches in its transaction. */
function itemKeysOf({ entry: { comment, importKey, waitsFor }, puts }: PreparedImport): string[] {
  const touched = [...puts.map(itemKey), itemKey(keys.importRef(importKey))];
  if (waitsFor) touched.push(itemKey(keys.importRef(waitsFor)));
  if (comment.status === 'approved') {
    touched.push(itemKey(keys.post(comment.postId)));
    if (comment.emailKey) touched.push(itemKey(keys.approvedAuthor(comment.emailKey, comment.author)));
  }
  return touched;
}

function importTransaction(table: string, group: PreparedImport[], touches: Set<string>): ImportTransaction {
  const items: TransactItem[] = [];
  const parts: ImportPart[] = [];
  const put = new Set<string>();
  const waiting = new Map<string, string[]>();
  const postCounts = new Map<string, number>();
  const authorCounts = new Map<string, { key: { pk: string; sk: string }; count: number }>();
  for (const { entry, puts } of group) {
    const { comment, importKey, waitsFor } = entry;
    for (const item of puts) {
      // Two identical comments in the source share one duplicate marker: it is put once.
      if (put.has(itemKey(item))) continue;
      put.add(itemKey(item));
      items.push({ Put: { TableName: table, Item: item } });
      parts.push({ kind: 'put' });
    }
    items.push({
      Update: {
        TableName: table,
        Key: keys.importRef(importKey),
        UpdateExpression: 'SET commentId = :id, postId = :post, #depth = :depth',
        ConditionExpression: 'attribute_not_exists(commentId)',
        ExpressionAttributeNames: { '#depth': 'depth' },
        ExpressionAttributeValues: { ':id': comment.id, ':post': comment.postId, ':depth': comment.depth },
      },
    });
    parts.push({ kind: 'claim', commentId: comment.id });
    if (waitsFor) waiting.set(waitsFor, [...(waiting.get(waitsFor) ?? []), comment.id]);
    if (comment.status !== 'approved') continue;
    postCounts.set(comment.postId, (postCounts.get(comment.postId) ?? 0) + 1);
    if (comment.emailKey) {
      const key = keys.approvedAuthor(comment.emailKey, comment.author);
      authorCounts.set(itemKey(key), { key, count: (authorCounts.get(itemKey(key))?.count ?? 0) + 1 });
    }
  }
  for (const [importKey, commentIds] of waiting) {
    items.push({
      Update: {
        TableName: table,
        Key: keys.importRef(importKey),
        UpdateExpression: 'ADD waiting :ids',
        // Once the parent is there, the reply is linked directly instead (the import's fix-up pass).
        ConditionExpression: 'attribute_not_exists(commentId)',
        ExpressionAttributeValues: { ':ids': new Set(commentIds) },
      },
    });
    parts.push({ kind: 'wait', importKey, commentIds });
  }
  for (const [postId, count] of postCounts) {
    items.push(postCountChange(table, postId, count));
    parts.push({ kind: 'count' });
  }
  for (const { key, count } of authorCounts.values()) {
    items.push(addTo(table, key, 'count', count));
    parts.push({ kind: 'count' });
  }
  return { items, parts, touches };
}
