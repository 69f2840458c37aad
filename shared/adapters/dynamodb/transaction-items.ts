/**
 * The items that follow a comment's change in the same transaction, so that
 * counts and lookups can never disagree with the comments they describe.
 */

import type { TransactWriteInputItem } from './document-calls.ts';
import type { Comment } from '../../domain/comment.ts';
import { keys } from './keys.ts';
import { postCountChange } from './post-items.ts';

export type TransactItem = TransactWriteInputItem;

/** The post's approved count and the approved-author record follow the status. */
export function countChanges(table: string, before: Comment, after: Comment): TransactItem[] {
  const changes: TransactItem[] = [];
  const wasApproved = before.status === 'approved';
  const isApproved = after.status === 'approved';
  if (wasApproved !== isApproved) {
    changes.push(postCountChange(table, after.postId, isApproved ? 1 : -1));
  }
  const beforeAuthor = wasApproved && before.emailKey ? keys.approvedAuthor(before.emailKey, before.author) : null;
  const afterAuthor = isApproved && after.emailKey ? keys.approvedAuthor(after.emailKey, after.author) : null;
  if (beforeAuthor?.pk !== afterAuthor?.pk || beforeAuthor?.sk !== afterAuthor?.sk) {
    if (beforeAuthor) changes.push(addTo(table, beforeAuthor, 'count', -1));
    if (afterAuthor) changes.push(addTo(table, afterAuthor, 'count', 1));
  }
  return changes;
}

/** A duplicate marker exists for every comment not in the trash (WordPress ignores trash). */
export function duplicateMarkerChanges(table: string, before: Comment, after: Comment): TransactItem[] {
  const had = before.status !== 'trash' ? before.duplicateKey : null;
  const has = after.status !== 'trash' ? after.duplicateKey : null;
  if (had === has) return [];
  const changes: TransactItem[] = [];
  if (had) changes.push({ Delete: { TableName: table, Key: keys.duplicate(had) } });
  if (has) changes.push({ Put: { TableName: table, Item: { ...keys.duplicate(has), commentId: after.id } } });
  return changes;
}

export function addTo(table: string, key: { pk: string; sk: string }, attribute: string, delta: number): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: key,
      UpdateExpression: 'ADD #n :delta',
      ExpressionAttributeNames: { '#n': attribute },
      ExpressionAttributeValues: { ':delta': delta },
    },
  };
}
