import * as z from 'zod';
import { CommentStatus } from './comment.ts';

/**
 * The decision history of a comment: append-only events, one per decision, written
 * in the same atomic write as the change they describe. Events carry no personal
 * data of the commenter (no name, email, IP or content), so erasure leaves them as
 * they are; reasons are redacted before they are recorded.
 */
export const HISTORY_ACTIONS = [
  'submit',
  'approve',
  'hold',
  'unapprove',
  'spam',
  'trash',
  'restore',
  'edit',
  'reply',
  'delete',
  'erase',
  'import',
] as const;
export const HistoryAction = /* @__PURE__ */ z.enum(HISTORY_ACTIONS);
export type HistoryAction = z.infer<typeof HistoryAction>;

/** Who decided: the worker, a moderator (`moderator:<token sub>`), a notification link, an import, a visitor, a privacy request. */
export const HISTORY_ACTORS = { worker: 'worker', link: 'link', import: 'import', visitor: 'visitor', privacy: 'privacy' } as const;

export function moderatorActor(sub: string): string {
  return `moderator:${sub}`;
}

/** Built on its first use (`z.lazy`), the first decision written or read, not at cold start. */
export const HistoryEvent = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      at: z.iso.datetime(),
      actor: z.string().meta({ description: '`worker`, `moderator:<token sub>`, `link`, `import`, `visitor` or `privacy`.', example: 'moderator:local-moderator' }),
      action: HistoryAction,
      from: CommentStatus.nullable().meta({ description: 'Status before (null when the comment was created).' }),
      to: CommentStatus.nullable().meta({ description: 'Status after (null when the comment was deleted).' }),
      reasons: z.array(z.string()).optional(),
    })
    .meta({ id: 'HistoryEvent' }),
);
export type HistoryEvent = z.infer<typeof HistoryEvent>;

export const HistoryAnswer = /* @__PURE__ */ z.lazy(() => z.object({ events: z.array(HistoryEvent) }).meta({ id: 'HistoryAnswer' }));

/**
 * Reasons may quote a moderation key that matched the commenter's email, IP or site:
 * those never reach a notice or the history.
 */
export function personalDataRedactor(personal: Array<string | null | undefined>): (text: string) => string {
  const values = personal.filter((v): v is string => typeof v === 'string' && v.trim().length >= 3);
  if (values.length === 0) return (text) => text;
  // Reasons are fixed sentences unless a key matched, so most texts quote no value: a substring
  // test spares them compiling a pattern per comment. Upper-cased on both sides it finds every
  // match the pattern's `i` flag finds, which compares characters by their upper case.
  const upperValues = values.map((v) => v.toUpperCase());
  let pattern: RegExp | undefined;
  return (text) => {
    const upperText = text.toUpperCase();
    if (!upperValues.some((v) => upperText.includes(v))) return text;
    pattern ??= new RegExp(values.map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
    return text.replace(pattern, '[hidden]');
  };
}
