import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CommentServiceError, ValidationError } from '../../domain/errors.ts';
import { logger } from '../../observability/logger.ts';

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

/** Any thrown value → docs/api.md's error shape. Unknown errors are 500 `internal`, logged, never explained. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (error instanceof CommentServiceError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error instanceof ValidationError) body.error.fields = error.fields;
    if (error.status >= 500) logger.warn('Request failed: dependency unavailable', { code: error.code, error: error.cause ?? error });
    return { status: error.status, body, headers: error.headers };
  }
  logger.error('Unexpected error', { error });
  return {
    status: 500,
    body: { error: { code: 'internal', message: 'Something went wrong on our side. Please try again later.' } },
    headers: {},
  };
}

export function errorJson(c: Context, error: unknown): Response {
  const { status, body, headers } = toErrorResponse(error);
  c.set('errorCode', body.error.code);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  return c.json(body, status as ContentfulStatusCode);
}
