import * as z from 'zod';
import type { Comment } from '../domain/comment.ts';
import { emailField } from '../domain/comment-input.ts';
import { ValidationError } from '../domain/errors.ts';
import type { CommentRepository, LookupHasher } from '../domain/ports.ts';
import { anonymiseIp } from '../privacy/anonymise-ip.ts';
import { updateWithRetry } from './moderator-actions.ts';
import { fieldErrors } from './submit-comment.ts';

export const PrivacyRequest = z
  .object({ email: emailField.refine((v) => v !== '', 'Please enter the email address.') })
  .meta({ id: 'PrivacyRequest' });

type Deps = { comments: CommentRepository; hasher: LookupHasher; clock: { now(): Date } };

/** One exported comment: what WordPress's personal data exporter lists. */
export interface ExportedComment {
  id: string;
  postId: string;
  author: string;
  email: string;
  url: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  content: string;
  status: Comment['status'];
  link: string;
}

async function emailKeyOf(deps: Deps, body: unknown): Promise<string> {
  const parsed = PrivacyRequest.safeParse(body ?? {});
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  return deps.hasher.emailKey(parsed.data.email);
}

/** Every comment filed under this email, with its personal data (GDPR access request). */
export async function exportPersonalData(deps: Deps, body: unknown, linkFor: (comment: Comment) => string): Promise<ExportedComment[]> {
  const emailKey = await emailKeyOf(deps, body);
  const exported: ExportedComment[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.comments.listByEmailKey(emailKey, { limit: 100, cursor });
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

export const ANONYMOUS = 'Anonymous';

/**
 * GDPR erasure as WordPress does it: author → "Anonymous", email, url and user agent
 * removed, IP anonymised; content and date kept. The keyed lookups go too, so nothing
 * left can link the comments back to the address.
 */
export async function erasePersonalData(deps: Deps, body: unknown): Promise<number> {
  const emailKey = await emailKeyOf(deps, body);
  let erased = 0;
  // Erasing removes a comment from the author index, so the first page is always the next one.
  for (;;) {
    const page = await deps.comments.listByEmailKey(emailKey, { limit: 100 });
    if (page.items.length === 0) break;
    for (const comment of page.items) {
      await updateWithRetry(deps, comment.id, async (current) => {
        const at = deps.clock.now().toISOString();
        return {
          ...current,
          author: ANONYMOUS,
          email: '',
          url: null,
          userAgent: null,
          ip: current.ip === null ? null : anonymiseIp(current.ip),
          avatar: null,
          emailKey: null,
          duplicateKey: await deps.hasher.digest(current.postId, current.parentId ?? '', ANONYMOUS, '', current.content, current.id),
          updatedAt: at,
        };
      });
      erased++;
    }
  }
  await deps.comments.forgetEmailKey(emailKey);
  return erased;
}
