/**
 * What can go wrong with a request before the core sees it: the body's bytes, size or
 * media type. These are HTTP's own problems, so they live at the edge, beside the table
 * that turns every error into an answer (./http-errors.ts).
 */

export const TRANSPORT_ERROR_CODES = ['invalid_json', 'payload_too_large', 'unsupported_media_type'] as const;
export type TransportErrorCode = (typeof TRANSPORT_ERROR_CODES)[number];

export abstract class TransportError extends Error {
  abstract readonly code: TransportErrorCode;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidJsonError extends TransportError {
  readonly code = 'invalid_json';
  constructor(message = 'The request body could not be parsed.') {
    super(message);
  }
}

export class PayloadTooLargeError extends TransportError {
  readonly code = 'payload_too_large';
  constructor(message = 'The request body is larger than 128 KiB.') {
    super(message);
  }
}

export class UnsupportedMediaTypeError extends TransportError {
  readonly code = 'unsupported_media_type';
  constructor(message = 'Send application/json or application/x-www-form-urlencoded.') {
    super(message);
  }
}
