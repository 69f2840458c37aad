import { describe, expect, it } from 'vitest';
import { AwsServiceError, errorFromAnswer, isRetryable } from '../../../../../shared/adapters/aws/aws-service.ts';

describe('Function: errorFromAnswer', () => {
  it("names a JSON-protocol error by its type's code, keeps AWS's message and the answer's other fields", () => {
    // Act
    const error = errorFromAnswer(
      400,
      JSON.stringify({ __type: 'com.amazonaws.dynamodb.v20120810#TransactionCanceledException', message: 'Transaction cancelled', CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] }),
    );

    // Assess
    expect(error).toBeInstanceOf(AwsServiceError);
    expect(error).toMatchObject({ name: 'TransactionCanceledException', message: 'Transaction cancelled', statusCode: 400, CancellationReasons: [{ Code: 'None' }, { Code: 'ConditionalCheckFailed' }] });
    expect(error).not.toHaveProperty('__type');
  });

  it('reads Message as well as message (Secrets Manager and SQS spell it either way)', () => {
    expect(errorFromAnswer(400, JSON.stringify({ __type: 'ResourceNotFoundException', Message: 'No such secret.' }))).toMatchObject({ name: 'ResourceNotFoundException', message: 'No such secret.' });
  });

  it("names a query-protocol error (SNS) by its Code, with its Message's entities decoded", () => {
    const xml = '<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>AuthorizationError</Code><Message>User &quot;x&quot; is not authorized &amp; cannot publish.</Message></Error><RequestId>r</RequestId></ErrorResponse>';

    expect(errorFromAnswer(403, xml)).toMatchObject({ name: 'AuthorizationError', message: 'User "x" is not authorized & cannot publish.', statusCode: 403 });
  });

  it('names an answer that is neither (an empty body, a proxy\'s page) by its status', () => {
    expect(errorFromAnswer(503, '')).toMatchObject({ name: 'HttpError503', message: 'HttpError503', statusCode: 503 });
    expect(errorFromAnswer(502, 'Bad gateway')).toMatchObject({ name: 'HttpError502', statusCode: 502 });
    expect(errorFromAnswer(500, '<html><body>oops</body></html>')).toMatchObject({ name: 'HttpError500', statusCode: 500 });
  });
});

describe('Function: isRetryable', () => {
  it('retries throttling, 5xx, 429 and dropped connections, as the AWS SDKs do', () => {
    expect(isRetryable(new AwsServiceError('ProvisionedThroughputExceededException', 'slow down', 400))).toBe(true);
    expect(isRetryable(new AwsServiceError('ThrottlingException', 'slow down', 400))).toBe(true);
    expect(isRetryable(new AwsServiceError('TransactionInProgressException', 'busy', 400))).toBe(true);
    expect(isRetryable(new AwsServiceError('InternalServerError', 'oops', 500))).toBe(true);
    expect(isRetryable(new AwsServiceError('HttpError429', 'HttpError429', 429))).toBe(true);
    expect(isRetryable(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('does not retry what another attempt would answer the same', () => {
    expect(isRetryable(new AwsServiceError('ConditionalCheckFailedException', 'The conditional request failed', 400))).toBe(false);
    expect(isRetryable(new AwsServiceError('TransactionCanceledException', 'Transaction cancelled', 400))).toBe(false);
    expect(isRetryable(new AwsServiceError('ValidationException', 'bad', 400))).toBe(false);
    expect(isRetryable(new Error('no code'))).toBe(false);
  });
});
