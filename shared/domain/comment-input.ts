import * as z from 'zod';
import { builtOnFirstUse } from './built-on-first-use.ts';
import { isEmail } from './email.ts';
import { sanitizeContent, toPlainText } from './sanitize.ts';
import { hasVisibleCharacter, stripInvisibleFormatting, toWellFormed } from './text.ts';

/**
 * What visitors and moderators may send: the single source of its types, its
 * validation and the OpenAPI document. Field rules are WordPress's
 * (wp_get_comment_fields_max_lengths, is_email, esc_url, kses).
 */
export const MAX_LENGTHS = { author: 245, email: 100, url: 200, content: 65525 } as const;

/** A string field whose error says "required" when absent and "must be text" otherwise. */
const text = (messages: { required: string; type: string }) =>
  z.string({ error: (issue) => (issue.input === undefined || issue.input === null ? messages.required : messages.type) });
const codePoints = (value: string) => [...value].length;

/** Author names: plain text without markup, bidi controls or zero-width characters. */
const toAuthorText = (raw: string) => toPlainText(stripInvisibleFormatting(raw));

/**
 * A name from elsewhere (a moderator token's `name` claim) by the same author rules,
 * cut to the limit rather than refused; null when nothing visible is left.
 */
export function toAuthorName(raw: string): string | null {
  const plain = toAuthorText(toWellFormed(raw));
  const name = [...plain].slice(0, MAX_LENGTHS.author).join('').trim();
  return hasVisibleCharacter(name) ? name : null;
}

/**
 * The field rules, built on first use (./built-on-first-use.ts): the public function's reads
 * never check a submission, so its cold start does not build them.
 */
export const commentInputFields = builtOnFirstUse(() => {
  const authorField = text({ required: 'Please enter your name.', type: 'Your name must be text.' })
    .trim()
    .refine((v) => codePoints(v) <= MAX_LENGTHS.author, 'Your name is too long.')
    .transform(toAuthorText)
    .refine((v) => v === '' || hasVisibleCharacter(v), 'Your name must have at least one visible character.')
    .meta({ description: 'Name shown with the comment (plain text: HTML, bidi controls and zero-width characters removed; at least one visible character).', example: 'Hanako' });

  const emailField = text({ required: 'Please enter your email address.', type: 'Your email address must be text.' })
    .trim()
    .refine((v) => codePoints(v) <= MAX_LENGTHS.email, 'Your email address is too long.')
    .refine((v) => v === '' || isEmail(v), 'Please enter a valid email address.')
    .meta({ description: 'Never published. Visible to moderators only.', format: 'email' });

  const urlField = text({ required: 'Please enter your website.', type: 'Your website must be text.' })
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
  const contentField = text({ required: TYPE_YOUR_COMMENT, type: 'Your comment must be text.' })
    .trim()
    .refine((v) => v !== '', TYPE_YOUR_COMMENT)
    .refine((v) => codePoints(v) <= MAX_LENGTHS.content, 'Your comment is too long.')
    .transform(sanitizeContent)
    .refine((html) => html !== '', TYPE_YOUR_COMMENT)
    .meta({ description: 'The comment. Allowed HTML: a, abbr, acronym, b, blockquote, cite, code, del, em, i, q, s, strike, strong.' });

  const parentIdField = z
    .union([z.string().max(64), z.null()], { error: 'The comment being replied to must be given by its id.' })
    .optional()
    .meta({ description: 'The id of the comment being replied to; null or absent for none.' });

  return { authorField, emailField, urlField, contentField, parentIdField };
});

const required = (field: z.ZodType<string, string>, message: string) => field.refine((v) => v !== '', message);

/**
 * JSON submission of the "Leave A Reply" form. Name and email are required unless
 * the `requireNameEmail` setting is off, so the schema is made per setting.
 */
export function commentSubmissionSchema(requireNameEmail: boolean) {
  const { authorField, emailField, urlField, contentField, parentIdField } = commentInputFields();
  return z.object({
    author: requireNameEmail ? required(authorField, 'Please enter your name.') : authorField.nullish(),
    email: requireNameEmail ? required(emailField, 'Please enter your email address.') : emailField.nullish(),
    url: urlField.nullish(),
    content: contentField,
    parentId: parentIdField,
    consent: z.boolean({ error: 'Consent must be true or false.' }).optional(),
  });
}

/**
 * The documented submission, and the WordPress comment form's own field names
 * (wp-comments-post.php), mapped onto the JSON submission (formToSubmission) so both are
 * validated by the same field rules. Built on first use.
 */
export const commentSubmissionSchemas = builtOnFirstUse(() => ({
  CommentSubmission: commentSubmissionSchema(true).meta({ id: 'CommentSubmission' }),
  CommentForm: z
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
    .meta({ id: 'CommentForm' }),
}));
export type CommentSubmissionInput = z.input<ReturnType<typeof commentSubmissionSchemas>['CommentSubmission']>;
export type CommentForm = z.infer<ReturnType<typeof commentSubmissionSchemas>['CommentForm']>;

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
