import type * as z from 'zod';
import { type FieldErrors, ValidationError } from './errors.ts';

/** The first message per top-level field, keyed by the JSON field name. */
export function fieldErrors(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? 'body');
    fields[key] ??= issue.message;
  }
  return fields;
}

/** The parsed value, or a `ValidationError` naming every invalid field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  return parsed.data;
}
