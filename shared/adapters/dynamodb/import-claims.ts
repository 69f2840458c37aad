import type { ImportedComment } from '../../domain/ports.ts';
import { keys } from './keys.ts';
import { addTo, type TransactItem } from './transaction-items.ts';

/** DynamoDB's limit of items per transaction. */
export const MAX_TRANSACTION_ITEMS = 100;

/** What one item of a claim transaction stands for, to read its cancellation reason. */
export type ClaimPart = { kind: 'claim'; commentId: string } | { kind: 'wait'; importKey: string; commentIds: string[] } | { kind: 'count' };

export interface ClaimTransaction {
  items: TransactItem[];
  parts: ClaimPart[];
  /** The items it touches: transactions sharing none can run at the same time without conflicting. */
  touches: Set<string>;
}

/**
 * The second step of an import: each comment's external id is claimed (the ref gets its
 * comment id, on condition that none is there yet), replies whose parent is missing are
 * filed under the parent's ref, and the post's approved count and the approved-author
 * counts move by the comments' sum — all in one transaction, so a comment counts exactly
 * once even if the same batch is sent again after a crash. Comments are packed into as
 * few transactions as DynamoDB's 100-item limit allows; counts are summed per transaction.
 */
export function claimTransactions(table: string, batch: ImportedComment[]): ClaimTransaction[] {
  const transactions: ClaimTransaction[] = [];
  let group: ImportedComment[] = [];
  let groupKeys = new Set<string>();
  // By post: a post's counter is then touched by as few transactions as possible.
  const byPost = [...batch].sort((a, b) => (a.comment.postId < b.comment.postId ? -1 : a.comment.postId > b.comment.postId ? 1 : 0));
  for (const entry of byPost) {
    const added = itemKeysOf(entry).filter((key) => !groupKeys.has(key));
    if (groupKeys.size + added.length > MAX_TRANSACTION_ITEMS) {
      transactions.push(claimTransaction(table, group, groupKeys));
      group = [];
      groupKeys = new Set();
    }
    group.push(entry);
    for (const key of itemKeysOf(entry)) groupKeys.add(key);
  }
  if (group.length > 0) transactions.push(claimTransaction(table, group, groupKeys));
  return transactions;
}

/** Transactions in waves whose members touch no item in common (a shared counter would make them conflict). */
export function inWaves(transactions: ClaimTransaction[]): ClaimTransaction[][] {
  const waves: Array<{ members: ClaimTransaction[]; touched: Set<string> }> = [];
  for (const transaction of transactions) {
    let wave = waves.find((w) => ![...transaction.touches].some((key) => w.touched.has(key)));
    if (!wave) waves.push((wave = { members: [], touched: new Set() }));
    wave.members.push(transaction);
    for (const key of transaction.touches) wave.touched.add(key);
  }
  return waves.map((w) => w.members);
}

/** The distinct items a comment touches in its claim transaction. */
function itemKeysOf({ comment, importKey, waitsFor }: ImportedComment): string[] {
  const touched = [`ref:${importKey}`];
  if (waitsFor) touched.push(`ref:${waitsFor}`);
  if (comment.status === 'approved') {
    touched.push(`post:${comment.postId}`);
    if (comment.emailKey) touched.push(`author:${comment.emailKey}\0${comment.author}`);
  }
  return touched;
}

function claimTransaction(table: string, group: ImportedComment[], touches: Set<string>): ClaimTransaction {
  const items: TransactItem[] = [];
  const parts: ClaimPart[] = [];
  const waiting = new Map<string, string[]>();
  const postCounts = new Map<string, number>();
  const authorCounts = new Map<string, { key: { pk: string; sk: string }; count: number }>();
  for (const { comment, importKey, waitsFor } of group) {
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
      const id = `${key.pk}\0${key.sk}`;
      authorCounts.set(id, { key, count: (authorCounts.get(id)?.count ?? 0) + 1 });
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
    items.push(addTo(table, keys.post(postId), 'approvedCount', count));
    parts.push({ kind: 'count' });
  }
  for (const { key, count } of authorCounts.values()) {
    items.push(addTo(table, key, 'count', count));
    parts.push({ kind: 'count' });
  }
  return { items, parts, touches };
}
