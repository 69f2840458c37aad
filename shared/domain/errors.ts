/**
 * One error hierarchy for the whole core. Each class maps to exactly one
 * docs/api.md error code; the HTTP edge turns them into responses in one place.
 * Messages are written for people and never contain personal data.
 */
export abstract class CommentServiceError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly headers: Record<string, string> = {};

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Field name → human-readable message, for every invalid field at once. */
export type FieldErrors = Record<string, string>;

export class ValidationError extends CommentServiceError {
  readonly status = 400;
  readonly code = 'validation_failed';
  constructor(readonly fields: FieldErrors, message = 'Some fields are invalid.') {
    super(message);
  }
}

export class InvalidJsonError extends CommentServiceError {
  readonly status = 400;
  readonly code = 'invalid_json';
  constructor(message = 'The request body could not be parsed.') {
    super(message);
  }
}

export class UnauthorizedError extends CommentServiceError {
  readonly status = 401;
  readonly code = 'unauthorized';
  constructor(message = 'A valid moderator token is required.') {
    super(message);
  }
}

export class ForbiddenError extends CommentServiceError {
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(message = 'This token is not in the moderators group.') {
    super(message);
  }
}

export class CommentsClosedError extends CommentServiceError {
  readonly status = 403;
  readonly code = 'comments_closed';
  constructor(message = 'Sorry, comments are closed for this item.') {
    super(message);
  }
}

export class ParentNotApprovedError extends CommentServiceError {
  readonly status = 403;
  readonly code = 'parent_not_approved';
  constructor(message = 'Sorry, replies to unapproved comments are not allowed.') {
    super(message);
  }
}

export class NotFoundError extends CommentServiceError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(message = 'Not found.') {
    super(message);
  }
}

export class DuplicateCommentError extends CommentServiceError {
  readonly status = 409;
  readonly code = 'duplicate_comment';
  constructor(message = "Duplicate comment detected; it looks as though you've already said that!") {
    super(message);
  }
}

export class InvalidTransitionError extends CommentServiceError {
  readonly status = 409;
  readonly code = 'invalid_transition';
  constructor(message: string) {
    super(message);
  }
}

export class PayloadTooLargeError extends CommentServiceError {
  readonly status = 413;
  readonly code = 'payload_too_large';
  constructor(message = 'The request body is larger than 128 KiB.') {
    super(message);
  }
}

export class UnsupportedMediaTypeError extends CommentServiceError {
  readonly status = 415;
  readonly code = 'unsupported_media_type';
  constructor(message = 'Send application/json or application/x-www-form-urlencoded.') {
    super(message);
  }
}

abstract class RetryLaterError extends CommentServiceError {
  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class FloodError extends RetryLaterError {
  readonly status = 429;
  readonly code = 'flood';
  constructor(retryAfterSeconds: number) {
    super('You are posting comments too quickly. Slow down.', retryAfterSeconds);
  }
}

export class RateLimitedError extends RetryLaterError {
  readonly status = 429;
  readonly code = 'rate_limited';
  constructor(retryAfterSeconds: number) {
    super('Too many requests from your address. Please wait a moment.', retryAfterSeconds);
  }
}

/** A dependency (the database) is overloaded: nothing was written, the client may retry. */
export class ServiceUnavailableError extends RetryLaterError {
  readonly status = 503;
  readonly code = 'unavailable';
  constructor(retryAfterSeconds = 2, options?: { cause?: unknown }) {
    super('The service is busy. Please try again in a moment.', retryAfterSeconds);
    if (options?.cause) this.cause = options.cause;
  }
}

/** A moderation link past its expiry. */
export class LinkExpiredError extends CommentServiceError {
  readonly status = 410;
  readonly code = 'link_expired';
  constructor(message = 'This moderation link has expired. Open the moderators’ page instead.') {
    super(message);
  }
}

/** A moderation link already used, or outdated by a later change of the comment. */
export class LinkUsedError extends CommentServiceError {
  readonly status = 409;
  readonly code = 'link_used';
  constructor(readonly currentStatus: string | null) {
    super(currentStatus === null ? 'This comment no longer exists.' : `This link was used already, or the comment changed since: it is now ${currentStatus}.`);
  }
}
