import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { CommentServiceError, type DomainErrorCode, RetryLaterError, ValidationError } from '../../domain/errors.ts';
import { logger } from '../../observability/logger.ts';
import { TransportError, type TransportErrorCode } from './transport-errors.ts';

/** docs/api.md's error shape. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export interface ErrorAnswer {
  status: ContentfulStatusCode;
  body: ErrorBody;
  headers: Record<string, string>;
}

export type ErrorCode = DomainErrorCode | TransportErrorCode | 'internal';

/**
 * The one place an error code becomes an HTTP status (docs/api.md). `satisfies` makes
 * the compiler refuse a code without a status; tests/unit/…/http-errors.test.ts checks
 * the same against the error classes themselves.
 */
export const HTTP_STATUS = {
  validation_failed: 400,
  invalid_json: 400,
  unauthorized: 401,
  forbidden: 403,
  comments_closed: 403,
  parent_not_approved: 403,
  not_found: 404,
  duplicate_comment: 409,
  invalid_transition: 409,
  link_used: 409,
  link_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  flood: 429,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again later.';

/** Any thrown value → status, docs/api.md's body and headers. Unknown errors are 500 `internal`, logged, never explained. */
export function toErrorAnswer(error: unknown): ErrorAnswer {
  if (!(error instanceof CommentServiceError || error instanceof TransportError)) {
    logger.error('Unexpected error', { error });
    return { status: HTTP_STATUS.internal, body: { error: { code: 'internal', message: INTERNAL_MESSAGE } }, headers: {} };
  }
  const status = HTTP_STATUS[error.code];
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error instanceof ValidationError) body.error.fields = error.fields;
  const headers: Record<string, string> = {};
  // Whole seconds, at least one: a client told 0 would retry at once.
  if (error instanceof RetryLaterError) headers['Retry-After'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
  if (status >= 500) logger.warn('Request failed: dependency unavailable', { code: error.code, error: error.cause ?? error });
  return { status, body, headers };
}

/**
 * Puts the error's status and headers on the response being built (and its code in the
 * request log), for any answer: JSON here, an HTML page for browsers (form posts, links).
 */
export function setErrorAnswer(c: Context, error: unknown): ErrorAnswer {
  const answer = toErrorAnswer(error);
  c.set('errorCode', answer.body.error.code);
  for (const [name, value] of Object.entries(answer.headers)) c.header(name, value);
  c.status(answer.status);
  return answer;
}

/** Answers with the error as JSON. */
export function errorJson(c: Context, error: unknown): Response {
  const { status, body } = setErrorAnswer(c, error);
  return c.json(body, status);
}
