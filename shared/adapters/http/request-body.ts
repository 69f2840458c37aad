import type { Context } from 'hono';
import { ValidationError } from '../../domain/errors.ts';
import { isWellFormed } from '../../domain/text.ts';
import { InvalidJsonError, UnsupportedMediaTypeError } from './transport-errors.ts';

/** docs/api.md: bodies over 128 KiB are refused with 413 (enforced by hono's bodyLimit in app.ts). */
export const MAX_BODY_BYTES = 128 * 1024;
/** `POST /moderation/import` only: a batch of 500 records (API Gateway → Lambda allows 6 MB). */
export const MAX_IMPORT_BODY_BYTES = 5 * 1024 * 1024;

export type BodyKind = 'json' | 'form';

export function bodyKind(c: Context): BodyKind | null {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))) return 'json';
  if (type === 'application/x-www-form-urlencoded') return 'form';
  return null;
}

/**
 * Reads a JSON or WordPress-form body. Invalid UTF-8, malformed JSON and broken
 * forms are `invalid_json`; any other media type is 415.
 */
export async function readBody(c: Context): Promise<{ kind: BodyKind; data: unknown }> {
  const kind = bodyKind(c);
  if (kind === null) throw new UnsupportedMediaTypeError();
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InvalidJsonError('The request body is not valid UTF-8.');
  }
  if (kind === 'json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new InvalidJsonError('The request body is not valid JSON.');
    }
    rejectIllFormedStrings(data);
    return { kind, data };
  }
  return { kind, data: parseForm(text) };
}

/**
 * Valid UTF-8 can still spell a lone surrogate in JSON (`"\ud800"`): no character, not
 * storable (DynamoDB refuses it), so any such string, at any depth, is a validation error
 * named by its top-level field.
 */
function rejectIllFormedStrings(data: unknown): void {
  // An explicit stack: bodies nest tens of thousands deep within the size limit.
  const pending: Array<[unknown, string]> = [[data, 'body']];
  while (pending.length > 0) {
    const [value, field] = pending.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) throw new ValidationError({ [field]: 'This field contains characters that are not valid text (a lone surrogate).' });
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push([item, field]);
    } else if (typeof value === 'object' && value !== null) {
      const top = value === data;
      for (const [key, inner] of Object.entries(value)) pending.push([key, field], [inner, top ? key : field]);
    }
  }
}

function parseForm(text: string): Record<string, string> {
  // URLSearchParams never throws; a lone % is kept as it is, which is what browsers send anyway.
  const form: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    if (!(name in form)) form[name] = value;
  }
  return form;
}

/** The JSON body of a moderator route; an empty body means `{}`. */
export async function readJsonBody(c: Context): Promise<unknown> {
  const length = c.req.header('content-length');
  if (length === '0' || (!c.req.header('content-type') && !length)) return {};
  const { kind, data } = await readBody(c);
  if (kind !== 'json') throw new UnsupportedMediaTypeError('Send application/json.');
  return data;
}
