import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as domainErrors from '../../../../../shared/domain/errors.ts';
import {
  CommentsClosedError,
  DOMAIN_ERROR_CODES,
  DuplicateCommentError,
  FloodError,
  ForbiddenError,
  InvalidTransitionError,
  LinkExpiredError,
  LinkUsedError,
  NotFoundError,
  ParentNotApprovedError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthorizedError,
  ValidationError,
} from '../../../../../shared/domain/errors.ts';
import { HTTP_STATUS, toErrorAnswer } from '../../../../../shared/adapters/http/http-errors.ts';
import { InvalidJsonError, PayloadTooLargeError, TRANSPORT_ERROR_CODES, UnsupportedMediaTypeError } from '../../../../../shared/adapters/http/transport-errors.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..', '..');
const codesIn = (file: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/readonly code = '([a-z_]+)'/g)].map((m) => m[1]!);

describe('Table: HTTP_STATUS', () => {
  it('maps every domain and transport error code, and nothing else', () => {
    // Assess
    expect(Object.keys(HTTP_STATUS).sort()).toEqual([...DOMAIN_ERROR_CODES, ...TRANSPORT_ERROR_CODES, 'internal'].sort());
  });

  it('covers the code of every error class written in either file (a new class without a mapping fails here)', () => {
    // Prepare
    const written = [...codesIn('shared/domain/errors.ts'), ...codesIn('shared/adapters/http/transport-errors.ts')];

    // Assess
    expect(written.length).toBe(DOMAIN_ERROR_CODES.length + TRANSPORT_ERROR_CODES.length);
    expect(written.filter((code) => !(code in HTTP_STATUS))).toEqual([]);
  });

  it('keeps HTTP out of the domain: no domain error carries a status or headers', () => {
    // Prepare
    const source = readFileSync(join(ROOT, 'shared/domain/errors.ts'), 'utf8');
    const samples = [new ValidationError({}), new FloodError(3), new ServiceUnavailableError(), new LinkUsedError('approved')];

    // Assess
    expect(source).not.toMatch(/status\s*=|headers|Retry-After/);
    for (const error of samples) expect(error).not.toHaveProperty('status');
    for (const error of samples) expect(error).not.toHaveProperty('headers');
    expect(Object.values(domainErrors).filter((value) => typeof value === 'function').length).toBeGreaterThan(DOMAIN_ERROR_CODES.length);
  });
});

describe('Function: toErrorAnswer', () => {
  // docs/api.md's statuses: these must not change.
  it.each([
    [new ValidationError({ email: 'Please enter a valid email address.' }), 400, 'validation_failed'],
    [new InvalidJsonError(), 400, 'invalid_json'],
    [new UnauthorizedError(), 401, 'unauthorized'],
    [new ForbiddenError(), 403, 'forbidden'],
    [new CommentsClosedError(), 403, 'comments_closed'],
    [new ParentNotApprovedError(), 403, 'parent_not_approved'],
    [new NotFoundError(), 404, 'not_found'],
    [new DuplicateCommentError(), 409, 'duplicate_comment'],
    [new InvalidTransitionError('Cannot approve a comment that is approved.'), 409, 'invalid_transition'],
    [new LinkUsedError('spam'), 409, 'link_used'],
    [new LinkExpiredError(), 410, 'link_expired'],
    [new PayloadTooLargeError(), 413, 'payload_too_large'],
    [new UnsupportedMediaTypeError(), 415, 'unsupported_media_type'],
    [new FloodError(15), 429, 'flood'],
    [new RateLimitedError(40), 429, 'rate_limited'],
    [new ServiceUnavailableError(2), 503, 'unavailable'],
  ])('%s → %i %s', (error, status, code) => {
    // Act
    const answer = toErrorAnswer(error);

    // Assess
    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatchObject({ code, message: error.message });
  });

  it.each([
    [new FloodError(15), '15'],
    [new RateLimitedError(39.2), '40'],
    [new RateLimitedError(0), '1'],
    [new ServiceUnavailableError(0.4), '1'],
  ])('sets Retry-After in whole seconds, at least 1: %s', (error, header) => {
    // Assess
    expect(toErrorAnswer(error).headers).toEqual({ 'Retry-After': header });
  });

  it('lists the invalid fields of a validation error, and only there', () => {
    // Act
    const invalid = toErrorAnswer(new ValidationError({ content: 'Please type your comment text.' }));
    const closed = toErrorAnswer(new CommentsClosedError());

    // Assess
    expect(invalid.body.error.fields).toEqual({ content: 'Please type your comment text.' });
    expect(closed.body.error).not.toHaveProperty('fields');
    expect(closed.headers).toEqual({});
  });

  it('answers anything else with 500 internal, explaining nothing', () => {
    // Act
    const answer = toErrorAnswer(new Error('connection string with secrets'));

    // Assess
    expect(answer).toEqual({ status: 500, body: { error: { code: 'internal', message: expect.not.stringContaining('secrets') } }, headers: {} });
  });
});
