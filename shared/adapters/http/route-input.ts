import type { Context } from 'hono';
import type * as z from 'zod';
import { CommentId, PostId } from '../../domain/comment.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { parseInput } from '../../domain/parse-input.ts';
import { readJsonBody } from './request-body.ts';

/**
 * What every route reads from a request, written once: path ids, the query and the
 * JSON body, each checked against the zod schema the route registers for OpenAPI
 * (./openapi.ts), so the use cases receive typed commands.
 */

/** A path id of the wrong shape names nothing: 404, as for an id that does not exist. */
function pathId(c: Context, name: string, schema: z.ZodType<string>, message: string): string {
  const value = c.req.param(name) ?? '';
  if (!schema.safeParse(value).success) throw new NotFoundError(message);
  return value;
}

export const postIdParam = (c: Context): string => pathId(c, 'postId', PostId, 'No such post.');
export const commentIdParam = (c: Context): string => pathId(c, 'id', CommentId, 'No comment has this id.');

/** The query string by the route's query schema; any invalid parameter is `validation_failed`. */
export function queryOf<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  return parseInput(schema, c.req.query());
}

/** A moderator route's JSON body (empty means `{}`) by the route's body schema. */
export async function jsonBodyOf<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  return parseInput(schema, await readJsonBody(c));
}

/** The token of `Authorization: Bearer <token>`, or null when the header has no such form. */
export function bearerToken(c: Context): string | null {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(c.req.header('authorization') ?? '');
  return match ? match[1]! : null;
}
