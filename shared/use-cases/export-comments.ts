import type { Comment } from '../domain/comment.ts';
import type { ExchangeRecord } from '../domain/exchange-record.ts';
import { toSourceText } from '../domain/sanitize.ts';
import type { ExchangeDeps } from './deps.ts';

/**
 * `GET /moderation/export`: every comment (or one post's), any status, oldest first, as
 * records that `POST /moderation/import` takes back unchanged — replies name their parent by
 * its external id, and the content is given as typed, so that sanitising it again gives it back.
 */
export async function exportComments(
  deps: ExchangeDeps,
  query: { postId?: string | undefined; limit: number; cursor?: string | undefined },
): Promise<{ comments: ExchangeRecord[]; nextCursor: string | null }> {
  const page = await deps.imports.exportPage({ postId: query.postId }, { limit: query.limit, cursor: query.cursor });
  const inPage = new Map(page.items.map((comment) => [comment.id, comment.externalId ?? comment.id]));
  const outside = [...new Set(page.items.flatMap((c) => (c.parentId && !inPage.has(c.parentId) ? [c.parentId] : [])))];
  const parents = new Map([...inPage, ...(outside.length > 0 ? await deps.imports.externalIds(outside) : [])]);
  return { comments: page.items.map((comment) => toRecord(comment, parents)), nextCursor: page.nextCursor };
}

export function toRecord(comment: Comment, externalIds: Map<string, string>): ExchangeRecord {
  const parentExternalId = comment.parentId ? (externalIds.get(comment.parentId) ?? comment.parentId) : (comment.awaitingParent ?? null);
  return {
    externalId: comment.externalId ?? comment.id,
    postId: comment.postId,
    ...(parentExternalId ? { parentExternalId } : {}),
    author: comment.author,
    ...(comment.email ? { email: comment.email } : {}),
    ...(comment.url ? { url: comment.url } : {}),
    content: toSourceText(comment.content),
    status: comment.status,
    createdAt: comment.createdAt,
    ...(comment.ip ? { ip: comment.ip } : {}),
    ...(comment.userAgent ? { userAgent: comment.userAgent } : {}),
  };
}
