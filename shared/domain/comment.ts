/**
 * The stored comment and what each audience may see of it: the single source of
 * these types and of their OpenAPI schemas. What a visitor may send is in
 * ./comment-input.ts (kept apart so the worker does not bundle the HTML sanitiser).
 */

import * as z from 'zod';
import { builtOnFirstUse } from './built-on-first-use.ts';

/** WordPress cuts the user agent to this length rather than rejecting it. */
export const MAX_USER_AGENT = 254;

export const PostId = /* @__PURE__ */ z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/)
  .meta({ description: 'The post this comment belongs to.', example: 'japan-us-defence' });

/** Comment ids are ULIDs: unique, and sorting them sorts by creation time. */
export const CommentId = /* @__PURE__ */ z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)
  .meta({ example: '01JDX6Z8Q5V3W1N2M4K7P9R0ST' });

export const CommentStatus = /* @__PURE__ */ z.enum(['pending', 'approved', 'spam', 'trash']);
export type CommentStatus = z.infer<typeof CommentStatus>;

/**
 * The comment and its audiences' views, built on their first use (`z.lazy`): no request parses
 * them (they describe answers in the OpenAPI document, which is built at synth, and type the
 * code), so a function's cold start builds none of their ~60 schemas. Each is described where
 * it is exported, below.
 */
const commentSchemas = builtOnFirstUse(() => {
  const Moderation = z
    .object({
      decidedBy: z.enum(['rules', 'moderator']).nullable(),
      reasons: z.array(z.string()),
      decidedAt: z.iso.datetime().nullable(),
      checkedAt: z.iso.datetime().nullable().meta({ description: 'When the moderation worker looked at it.' }),
      moderator: z.string().nullable().meta({ description: 'Who decided (token subject), for human decisions.' }),
    })
    .meta({ id: 'Moderation' });

  const Comment = z.object({
    id: CommentId,
    postId: PostId,
    parentId: CommentId.nullable(),
    author: z.string(),
    email: z.string(),
    url: z.string().nullable(),
    content: z.string().meta({ description: 'Sanitised HTML.' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    status: CommentStatus,
    previousStatus: CommentStatus.nullable().meta({ description: 'For spam and trash: the status restore returns to.' }),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    avatar: z.string().nullable().meta({ description: 'Identicon seed from a server-keyed hash of the email; not computable from the email.' }),
    moderation: Moderation,
    depth: z.int().min(1).meta({ description: 'Thread level: 1 for a top-level comment.' }),
    /** Keyed hashes it is filed under (never published; null once erased). */
    emailKey: z.string().nullable(),
    duplicateKey: z.string(),
    version: z.int().meta({ description: 'Increases with every change (optimistic concurrency).' }),
    /** Imported comments: the id in the source (WordPress, Disqus, an export), so export names it again. */
    externalId: z.string().optional().meta({ description: 'Imported comments: its id in the source it came from.' }),
    /** An imported reply whose parent (this external id) has not been imported yet: it is linked when it is. */
    awaitingParent: z.string().optional().meta({ description: 'Imported reply waiting for its parent (external id) to be imported.' }),
  });

  const PublicComment = Comment.pick({
    id: true,
    parentId: true,
    author: true,
    url: true,
    content: true,
    createdAt: true,
    avatar: true,
  }).meta({ id: 'PublicComment' });

  const ListedComment = PublicComment.extend({
    awaitingModeration: z.literal(true).optional().meta({ description: "Only on the author's own pending comment, shown with a valid `unapproved` + `moderation-hash` pair." }),
  }).meta({ id: 'ListedComment' });

  const SubmittedComment = Comment.pick({
    id: true,
    postId: true,
    parentId: true,
    author: true,
    url: true,
    content: true,
    createdAt: true,
    status: true,
    avatar: true,
  }).meta({ id: 'SubmittedComment' });

  const ModeratorComment = Comment.omit({ emailKey: true, duplicateKey: true }).meta({ id: 'ModeratorComment' });

  return { Moderation, Comment, PublicComment, ListedComment, SubmittedComment, ModeratorComment };
});

const Moderation = /* @__PURE__ */ z.lazy(() => commentSchemas().Moderation);
export type Moderation = z.infer<typeof Moderation>;

/** The stored comment as the domain sees it (personal data in clear; storage encrypts). */
export const Comment = /* @__PURE__ */ z.lazy(() => commentSchemas().Comment);
export type Comment = z.infer<typeof Comment>;

/** What anybody may see. No email, no hash of it, no IP, no user agent, no status. */
export const PublicComment = /* @__PURE__ */ z.lazy(() => commentSchemas().PublicComment);
export type PublicComment = z.infer<typeof PublicComment>;

/** A comment in a public list: the author's own pending comment (valid moderation hash) carries the flag. */
export const ListedComment = /* @__PURE__ */ z.lazy(() => commentSchemas().ListedComment);
export type ListedComment = z.infer<typeof ListedComment>;

/** The answer to a submission: the public fields plus where it stands. */
export const SubmittedComment = /* @__PURE__ */ z.lazy(() => commentSchemas().SubmittedComment);

/** What moderators see: everything but the internal lookup keys. */
export const ModeratorComment = /* @__PURE__ */ z.lazy(() => commentSchemas().ModeratorComment);
export type ModeratorComment = z.infer<typeof ModeratorComment>;

export function toModeratorComment(comment: Comment): ModeratorComment {
  const { emailKey: _emailKey, duplicateKey: _duplicateKey, ...visible } = comment;
  return visible;
}

export function toPublicComment(comment: Comment): PublicComment {
  const { id, parentId, author, url, content, createdAt, avatar } = comment;
  return { id, parentId, author, url, content, createdAt, avatar };
}

export function toSubmittedComment(comment: Comment): z.infer<typeof SubmittedComment> {
  const { id, postId, parentId, author, url, content, createdAt, status, avatar } = comment;
  return { id, postId, parentId, author, url, content, createdAt, status, avatar };
}
