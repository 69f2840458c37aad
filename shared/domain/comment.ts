import * as z from 'zod';
import { isEmail } from './email.ts';
import { sanitizeContent, toPlainText } from './sanitize.ts';

/**
 * The comment's schemas: the single source of its types, its validation and the
 * OpenAPI document. Field rules are WordPress's (wp_get_comment_fields_max_lengths).
 */
export const MAX_LENGTHS = { author: 245, email: 100, url: 200, content: 65525 } as const;
/** User agents are cut, as WordPress does, not rejected. */
export const MAX_USER_AGENT = 254;

export const PostId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._~-]{0,127}$/)
  .meta({ description: 'The post this comment belongs to.', example: 'japan-us-defence' });

/** Comment ids are ULIDs: unique, and sorting them sorts by creation time. */
export const CommentId = z
  .string()
  .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/)
  .meta({ example: '01JDX6Z8Q5V3W1N2M4K7P9R0ST' });

export const CommentStatus = z.enum(['pending', 'approved', 'spam', 'trash']);
export type CommentStatus = z.infer<typeof CommentStatus>;

/** A string field whose error says "required" when absent and "must be text" otherwise. */
const text = (messages: { required: string; type: string }) =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? messages.required : messages.type) });
const codePoints = (value: string) => [...value].length;

export const authorField = text({ required: 'Please enter your name.', type: 'Your name must be text.' })
  .trim()
  .refine((v) => codePoints(v) <= MAX_LENGTHS.author, 'Your name is too long.')
  .transform(toPlainText)
  .meta({ description: 'Name shown with the comment (plain text, HTML removed).', example: 'Hanako' });

export const emailField = text({ required: 'Please enter your email address.', type: 'Your email address must be text.' })
  .trim()
  .refine((v) => codePoints(v) <= MAX_LENGTHS.email, 'Your email address is too long.')
  .refine((v) => v === '' || isEmail(v), 'Please enter a valid email address.')
  .meta({ description: 'Never published. Visible to moderators only.', format: 'email' });

export const urlField = text({ required: 'Please enter your website.', type: 'Your website must be text.' })
  .trim()
  .refine((v) => codePoints(v) <= MAX_LENGTHS.url, 'Your website address is too long.')
  .transform((v, ctx) => {
    if (v === '') return null;
    const url = parseWebsite(v);
    if (!url) {
      ctx.addIssue({ code: 'custom', message: 'Please enter a website address starting with http:// or https://.' });
      return z.NEVER;
    }
    return url;
  })
  .meta({ description: 'Optional website, http or https only. Empty means none.', example: 'https://example.com' });

const TYPE_YOUR_COMMENT = 'Please type your comment text.';

/** Validated on what the visitor typed, stored as sanitised HTML (which must not end up empty). */
export const contentField = text({ required: TYPE_YOUR_COMMENT, type: 'Your comment must be text.' })
  .trim()
  .refine((v) => v !== '', TYPE_YOUR_COMMENT)
  .refine((v) => codePoints(v) <= MAX_LENGTHS.content, 'Your comment is too long.')
  .transform(sanitizeContent)
  .refine((html) => html !== '', TYPE_YOUR_COMMENT)
  .meta({ description: 'The comment. Allowed HTML: a, abbr, acronym, b, blockquote, cite, code, del, em, i, q, s, strike, strong.' });

export const parentIdField = z
  .union([z.string().max(64), z.null()], { error: 'The comment being replied to must be given by its id.' })
  .optional()
  .meta({ description: 'The id of the comment being replied to; null or absent for none.' });

const required = (field: z.ZodType<string, string>, message: string) => field.refine((v) => v !== '', message);

/**
 * JSON submission of the "Leave A Reply" form. Name and email are required unless
 * the `requireNameEmail` setting is off, so the schema is made per setting.
 */
export function commentSubmissionSchema(requireNameEmail: boolean) {
  return z.object({
    author: requireNameEmail ? required(authorField, 'Please enter your name.') : authorField.nullish(),
    email: requireNameEmail ? required(emailField, 'Please enter your email address.') : emailField.nullish(),
    url: urlField.nullish(),
    content: contentField,
    parentId: parentIdField,
    consent: z.boolean({ error: 'Consent must be true or false.' }).optional(),
  });
}

export const CommentSubmission = commentSubmissionSchema(true).meta({ id: 'CommentSubmission' });
export type CommentSubmissionInput = z.input<typeof CommentSubmission>;

/**
 * The WordPress comment form's own field names (wp-comments-post.php), mapped
 * onto the JSON submission so both are validated by the same field rules.
 */
export const CommentForm = z
  .object({
    author: z.string().optional(),
    email: z.string().optional(),
    url: z.string().optional(),
    comment: z.string().optional(),
    comment_parent: z.string().optional().meta({ description: '`0` means a top-level comment.' }),
    comment_post_ID: z.string().optional().meta({ description: 'Ignored: the post comes from the path.' }),
    'wp-comment-cookies-consent': z.string().optional(),
    redirect_to: z.string().optional().meta({ description: 'Where to send the browser back to (allowed site origins only).' }),
  })
  .meta({ id: 'CommentForm' });
export type CommentForm = z.infer<typeof CommentForm>;

export function formToSubmission(form: Record<string, unknown>): Record<string, unknown> {
  const parent = form.comment_parent;
  return {
    author: form.author,
    email: form.email,
    url: form.url,
    content: form.comment ?? '',
    parentId: parent === undefined || parent === '' || parent === '0' ? null : parent,
    consent: form['wp-comment-cookies-consent'] === 'yes',
  };
}

const Moderation = z
  .object({
    decidedBy: z.enum(['rules', 'moderator']).nullable(),
    reasons: z.array(z.string()),
    decidedAt: z.iso.datetime().nullable(),
    checkedAt: z.iso.datetime().nullable().meta({ description: 'When the moderation worker looked at it.' }),
    moderator: z.string().nullable().meta({ description: 'Who decided (token subject), for human decisions.' }),
  })
  .meta({ id: 'Moderation' });
export type Moderation = z.infer<typeof Moderation>;

/** The stored comment as the domain sees it (personal data in clear; storage encrypts). */
export const Comment = z.object({
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
});
export type Comment = z.infer<typeof Comment>;

/** What anybody may see. No email, no hash of it, no IP, no user agent, no status. */
export const PublicComment = Comment.pick({
  id: true,
  parentId: true,
  author: true,
  url: true,
  content: true,
  createdAt: true,
  avatar: true,
}).meta({ id: 'PublicComment' });
export type PublicComment = z.infer<typeof PublicComment>;

/** The answer to a submission: the public fields plus where it stands. */
export const SubmittedComment = Comment.pick({
  id: true,
  postId: true,
  parentId: true,
  author: true,
  url: true,
  content: true,
  createdAt: true,
  status: true,
}).meta({ id: 'SubmittedComment' });

/** What moderators see: everything but the internal lookup keys. */
export const ModeratorComment = Comment.omit({ emailKey: true, duplicateKey: true }).meta({ id: 'ModeratorComment' });
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
  const { id, postId, parentId, author, url, content, createdAt, status } = comment;
  return { id, postId, parentId, author, url, content, createdAt, status };
}

/**
 * http(s) only. Like WordPress's esc_url, a bare host ("example.com/page") gets
 * http:// in front; any other scheme (javascript:, data:, ftp:) is refused.
 */
function parseWebsite(value: string): string | null {
  const candidate = /^[a-z][a-z0-9+.-]*:/i.test(value)
    ? value
    : /^[\w-]+(\.[\w-]+)+([/?#].*)?$/.test(value)
      ? `http://${value}`
      : null;
  // URL parsing silently drops tabs and newlines; a website address has none.
  if (candidate === null || /[\s<>"'`\\]/.test(candidate)) return null;
  try {
    const url = new URL(candidate);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname || url.username || url.password) return null;
    return candidate;
  } catch {
    return null;
  }
}
