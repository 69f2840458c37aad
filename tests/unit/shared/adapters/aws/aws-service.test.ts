import { describe, expect, it } from 'vitest';
import { AwsServiceError, toServiceError } from '../../../../../shared/adapters/aws/aws-service.ts';

/** What aws-lite 0.23.7 throws for an answered error: an Error with the body's fields, the status, headers and its metadata. */
const awsLiteError = (fields: Record<string, unknown>) =>
  Object.assign(new Error('@aws-lite/client: dynamodb: The conditional request failed'), { statusCode: 400, headers: { 'x-amzn-requestid': 'r' }, metadata: { service: 'dynamodb' }, service: 'dynamodb', time: 'now', ...fields });

describe('Function: toServiceError', () => {
  it("names a JSON-protocol error by its type's code, keeps AWS's message and the answer's fields", () => {
    // Act
    const error = toServiceError(
      awsLiteError({ __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', code: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }),
    );

    // Assess
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'TransactionCanceledException', message: 'The conditional request failed', statusCode: 400, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] });
    expect(error).not.toHaveProperty('headers');
    expect(error).not.toHaveProperty('metadata');
  });

  it("names a query-protocol error (SNS) by its Code, with its Message", () => {
    const error = toServiceError(awsLiteError({ statusCode: 403, Code: 'AuthorizationError', Message: 'Not authorized.', Type: 'Sender' }));

    expect(error).toMatchObject({ name: 'AuthorizationError', message: 'Not authorized.', statusCode: 403 });
  });

  it('names an error without a type by its status', () => {
    expect(toServiceError(awsLiteError({ statusCode: 503 }))).toMatchObject({ name: 'HttpError503', statusCode: 503 });
  });

  it('passes a socket error through as it is', () => {
    const socket = Object.assign(new Error('@aws-lite/client: dynamodb: socket hang up'), { code: 'ECONNRESET' });

    expect(toServiceError(socket)).toBe(socket);
  });
});
