/**
 * One error hierarchy for the whole core. Each class names one docs/api.md error code
 * and carries what the caller may need to act on it (fields, seconds to wait, the
 * current status) — never an HTTP status or header: the HTTP edge maps codes to
 * answers in one table (../adapters/http/http-errors.ts). Messages are written for
 * people and never contain personal data.
 */

/** Every code a domain error can carry; the HTTP edge's table is checked to cover each. */
export const DOMAIN_ERROR_CODES = [
  'validation_failed',
  'unauthorized',
  'forbidden',
  'comments_closed',
  'parent_not_approved',
  'not_found',
  'duplicate_comment',
  'invalid_transition',
  'flood',
  'rate_limited',
  'unavailable',
  'link_expired',
  'link_used',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export abstract class CommentServiceError extends Error {
  abstract readonly code: DomainErrorCode;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Field name → human-readable message, for every invalid field at once. */
export type FieldErrors = Record<string, string>;

export class ValidationError extends CommentServiceError {
  readonly code = 'validation_failed';
  constructor(readonly fields: FieldErrors, message = 'Some fields are invalid.') {
    super(message);
  }
}

export class UnauthorizedError extends CommentServiceError {
  readonly code = 'unauthorized';
  constructor(message = 'A valid moderator token is required.') {
    super(message);
  }
}

export class ForbiddenError extends CommentServiceError {
  readonly code = 'forbidden';
  constructor(message = 'This token is not in the moderators group.') {
    super(message);
  }
}

export class CommentsClosedError extends CommentServiceError {
  readonly code = 'comments_closed';
  constructor(message = 'Sorry, comments are closed for this item.') {
    super(message);
  }
}

export class ParentNotApprovedError extends CommentServiceError {
  readonly code = 'parent_not_approved';
  constructor(message = 'Sorry, replies to unapproved comments are not allowed.') {
    super(message);
  }
}

export class NotFoundError extends CommentServiceError {
  readonly code = 'not_found';
  constructor(message = 'Not found.') {
    super(message);
  }
}

export class DuplicateCommentError extends CommentServiceError {
  readonly code = 'duplicate_comment';
  constructor(message = "Duplicate comment detected; it looks as though you've already said that!") {
    super(message);
  }
}

export class InvalidTransitionError extends CommentServiceError {
  readonly code = 'invalid_transition';
  constructor(message: string) {
    super(message);
  }
}

/** Refused for now, not for good: the caller may try again after `retryAfterSeconds`. */
export abstract class RetryLaterError extends CommentServiceError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export class FloodError extends RetryLaterError {
  readonly code = 'flood';
  constructor(retryAfterSeconds: number) {
    super('You are posting comments too quickly. Slow down.', retryAfterSeconds);
  }
}

export class RateLimitedError extends RetryLaterError {
  readonly code = 'rate_limited';
  constructor(retryAfterSeconds: number) {
    super('Too many requests from your address. Please wait a moment.', retryAfterSeconds);
  }
}

/** A dependency (the database) is overloaded: nothing was written, the client may retry. */
export class ServiceUnavailableError extends RetryLaterError {
  readonly code = 'unavailable';
  constructor(retryAfterSeconds = 2, options?: { cause?: unknown }) {
    super('The service is busy. Please try again in a moment.', retryAfterSeconds, options?.cause ? options : undefined);
  }
}

/** A moderation link past its expiry. */
export class LinkExpiredError extends CommentServiceError {
  readonly code = 'link_expired';
  constructor(message = 'This moderation link has expired. Open the moderators’ page instead.') {
    super(message);
  }
}

/** A moderation link already used, or outdated by a later change of the comment (null: the comment is gone). */
export class LinkUsedError extends CommentServiceError {
  readonly code = 'link_used';
  constructor(readonly currentStatus: string | null) {
    super(currentStatus === null ? 'This comment no longer exists.' : `This link was used already, or the comment changed since: it is now ${currentStatus}.`);
  }
}
