import * as z from 'zod';
import { CommentStatus, PostId } from './comment.ts';
import { commentInputFields } from './comment-input.ts';
import { authorOrAnonymous, cutUserAgent } from './new-comment.ts';

// Import and export check with a submission's field rules: built when this module loads.
const { authorField, contentField, emailField, urlField } = commentInputFields();

/**
 * The import/export record (API.md): one comment as it moves between this service,
 * WordPress, Disqus and back. `ExchangeRecord` is its shape (what export writes);
 * `ImportRecord` layers a submission's field rules on the same shape.
 */
export const MAX_IMPORT_BATCH = 500;
export const MAX_EXTERNAL_ID = 256;

const externalId = z
  .string({ error: 'externalId must be text.' })
  .trim()
  .min(1, 'externalId is required.')
  .max(MAX_EXTERNAL_ID, `externalId is longer than ${MAX_EXTERNAL_ID} characters.`);

export const ExchangeRecord = z
  .object({
    externalId: externalId.meta({ description: 'The comment\'s id in its source (`wxr:{id}`, `disqus:{id}`, or this service\'s comment id).', example: 'wxr:42' }),
    postId: PostId,
    parentExternalId: externalId.nullish().meta({ description: 'The externalId of the comment it replies to.' }),
    author: z.string(),
    email: z.string().optional().meta({ description: 'Never published; encrypted at rest.' }),
    url: z.string().nullish(),
    content: z.string().meta({ description: 'The comment (HTML; sanitised on import like a submission).' }),
    status: CommentStatus,
    createdAt: z.iso.datetime({ offset: true, error: 'createdAt must be an ISO 8601 date and time.' }),
    ip: z.string().nullish(),
    userAgent: z.string().nullish(),
  })
  .meta({ id: 'CommentRecord' });
export type ExchangeRecord = z.infer<typeof ExchangeRecord>;

/** A record as import validates it: the same rules as a submission (name and email optional, as WordPress allows). */
export const ImportRecord = ExchangeRecord.extend({
  author: authorField.nullish().transform(authorOrAnonymous),
  email: emailField.nullish().transform((v) => v ?? ''),
  url: urlField.nullish().transform((v) => v ?? null),
  content: contentField,
  status: z.enum(CommentStatus.options, { error: `status must be one of: ${CommentStatus.options.join(', ')}.` }),
  createdAt: ExchangeRecord.shape.createdAt.transform((v) => new Date(v).toISOString()),
  ip: z
    .union([z.ipv4(), z.ipv6()], { error: 'ip must be an IPv4 or IPv6 address.' })
    .nullish()
    .transform((v) => v ?? null),
  userAgent: z
    .string({ error: 'userAgent must be text.' })
    .nullish()
    .transform((v) => (v ? cutUserAgent(v) : null)),
});
export type ImportRecord = z.output<typeof ImportRecord>;

export const ImportRequest = z
  .object({
    comments: z
      .array(z.unknown(), { error: 'comments must be a list of records.' })
      .max(MAX_IMPORT_BATCH, `At most ${MAX_IMPORT_BATCH} records per request.`)
      .meta({ description: `Up to ${MAX_IMPORT_BATCH} records; each is validated on its own (a bad one is skipped with its reason).` }),
  })
  .meta({ id: 'ImportRequest' });
export type ImportRequest = z.infer<typeof ImportRequest>;

export const SkippedRecord = z.object({
  externalId: z.string().nullable(),
  reason: z.string().meta({ description: 'Why it was not imported, naming the field(s).' }),
});
export type SkippedRecord = z.infer<typeof SkippedRecord>;

export const ImportAnswer = z
  .object({
    imported: z.int().meta({ description: 'Records stored by this request.' }),
    unchanged: z.int().meta({ description: 'Records imported earlier (same externalId): left as they are.' }),
    skipped: z.array(SkippedRecord),
  })
  .meta({ id: 'ImportAnswer' });
export type ImportAnswer = z.infer<typeof ImportAnswer>;

export const ExportAnswer = z
  .object({ comments: z.array(ExchangeRecord), nextCursor: z.string().nullable() })
  .meta({ id: 'CommentExport' });

/** "email: Please enter a valid email address." for each invalid field of a record. */
export function recordProblems(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): string {
  const byField = new Map<string, string>();
  for (const issue of issues) {
    const field = String(issue.path[0] ?? 'record');
    if (!byField.has(field)) byField.set(field, issue.message);
  }
  return [...byField].map(([field, message]) => `${field}: ${message}`).join(' ');
}

/** Validates one record: the clean record, or why it cannot be imported. */
export function parseImportRecord(input: unknown): { ok: true; record: ImportRecord } | { ok: false; externalId: string | null; reason: string } {
  const parsed = ImportRecord.safeParse(input);
  if (parsed.success) return { ok: true, record: parsed.data };
  const raw = typeof input === 'object' && input !== null ? (input as Record<string, unknown>).externalId : undefined;
  const externalId = typeof raw === 'string' && raw.trim() !== '' ? raw.trim().slice(0, MAX_EXTERNAL_ID) : null;
  const reason = typeof input === 'object' && input !== null && !Array.isArray(input) ? recordProblems(parsed.error.issues) : 'record: must be an object.';
  return { ok: false, externalId, reason };
}
