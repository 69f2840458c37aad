import { HISTORY_ACTORS, type HistoryEvent } from '../domain/history.ts';
import * as z from 'zod';
import { type Comment, Comment as CommentSchema } from '../domain/comment.ts';
import { commentInputFields } from '../domain/comment-input.ts';
import { ANONYMOUS_AUTHOR } from '../domain/new-comment.ts';
import type { LookupHasher } from '../domain/ports.ts';
import type { AuthorIndex, CommentStore } from '../domain/storage-ports.ts';
import { duplicateKeyFor } from '../domain/submission-guards.ts';
import { anonymiseIp } from '../privacy/anonymise-ip.ts';
import { retryOnVersion, VERSION_CONFLICT } from './retry-on-version.ts';

export const PrivacyRequest = z
  .object({ email: commentInputFields().emailField.refine((v) => v !== '', 'Please enter the email address.') })
  .meta({ id: 'PrivacyRequest' });
export type PrivacyRequest = z.infer<typeof PrivacyRequest>;

type Deps = { comments: CommentStore; authors: AuthorIndex; hasher: LookupHasher; clock: { now(): Date } };

/** Comments read per query (the author index is paged internally: thousands of comments work). */
const PAGE_SIZE = 100;

/** One exported comment: what WordPress's personal data exporter lists. */
export const ExportedComment = CommentSchema.unwrap().pick({
  id: true,
  postId: true,
  author: true,
  email: true,
  url: true,
  ip: true,
  userAgent: true,
  createdAt: true,
  content: true,
  status: true,
})
  .extend({ link: z.string().meta({ description: 'Where the comment is shown.' }) })
  .meta({ id: 'ExportedComment' });
export type ExportedComment = z.infer<typeof ExportedComment>;

/** Every comment filed under this email, with its personal data (GDPR access request). */
export async function exportPersonalData(deps: Deps, request: PrivacyRequest, linkFor: (comment: Comment) => string): Promise<ExportedComment[]> {
  const emailKey = await deps.hasher.emailKey(request.email);
  const exported: ExportedComment[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.authors.listByEmailKey(emailKey, { limit: PAGE_SIZE, cursor });
    for (const c of page.items) {
      exported.push({
        id: c.id,
        postId: c.postId,
        author: c.author,
        email: c.email,
        url: c.url,
        ip: c.ip,
        userAgent: c.userAgent,
        createdAt: c.createdAt,
        content: c.content,
        status: c.status,
        link: linkFor(c),
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return exported;
}

/** Comments anonymised at once: enough for thousands within a request, few enough not to throttle. */
const ERASE_CONCURRENCY = 8;

/**
 * GDPR erasure as WordPress does it: author → "Anonymous", email, url and user agent
 * removed, IP anonymised; content and date kept. The keyed lookups go too, so nothing
 * left can link the comments back to the address. Safe to repeat: a comment already
 * erased is skipped (and not counted), so a retry after a timeout finishes the job.
 */
export async function erasePersonalData(deps: Deps, request: PrivacyRequest): Promise<number> {
  const emailKey = await deps.hasher.emailKey(request.email);
  // First, so "previously approved" stops matching at once; again at the end for
  // anything a concurrent approval recorded meanwhile.
  await deps.authors.forget(emailKey);
  let erased = 0;
  let cursor: string | undefined;
  do {
    // Erased comments leave the author index; the cursor is a position, so paging on is safe.
    const page = await deps.authors.listByEmailKey(emailKey, { limit: PAGE_SIZE, cursor });
    const done = await mapConcurrently(page.items, ERASE_CONCURRENCY, (comment) => eraseComment(deps, comment, emailKey));
    erased += done.filter(Boolean).length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  await deps.authors.forget(emailKey);
  return erased;
}

/** True when this call anonymised the comment; false when it was gone or erased already. */
async function eraseComment(deps: Deps, listed: Comment, emailKey: string): Promise<boolean> {
  return retryOnVersion(async (attempt) => {
    const current = attempt === 1 ? listed : await deps.comments.get(listed.id);
    // The index may lag behind the table: re-check what a stale entry claims.
    if (current === null || current.emailKey !== emailKey) return false;
    const after: Comment = {
      ...current,
      author: ANONYMOUS_AUTHOR,
      email: '',
      url: null,
      userAgent: null,
      ip: current.ip === null ? null : anonymiseIp(current.ip),
      avatar: null,
      emailKey: null,
      moderation: { ...current.moderation, reasons: current.moderation.reasons.map(withoutQuotedKey) },
      // Unique per comment: two erased comments with the same text are not duplicates of each other.
      duplicateKey: await duplicateKeyFor(deps.hasher, { ...current, author: ANONYMOUS_AUTHOR, emailKey: null }, current.id),
      updatedAt: deps.clock.now().toISOString(),
    };
    // The author's approved-author records are deleted wholesale by `authors.forget`; presenting
    // the comment as filed under no key keeps these parallel writes off that one shared item.
    const erased: HistoryEvent = { at: after.updatedAt, actor: HISTORY_ACTORS.privacy, action: 'erase', from: current.status, to: current.status };
    return (await deps.comments.save({ ...current, emailKey: null }, after, erased)) ? true : VERSION_CONFLICT;
  });
}

/**
 * Reasons stored before they named only the rule quoted the matching key, which was
 * often the address or the name being erased: the quoted part goes.
 */
function withoutQuotedKey(reason: string): string {
  return reason.replace(/"[\s\S]*"/, '[removed]');
}

async function mapConcurrently<T, R>(items: T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
