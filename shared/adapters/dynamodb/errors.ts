import { ServiceUnavailableError } from '../../domain/errors.ts';

const OVERLOADED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'LimitExceededException',
]);

/** Why one item of a cancelled transaction failed, as far as this code reads it (`Item`: the old item, in attribute-value form, when asked for). */
export interface CancellationReason {
  Code?: string | undefined;
  Item?: Record<string, unknown> | undefined;
}

/** DynamoDB's `TransactionCanceledException`, as the transport surfaces it (`AwsServiceError`). */
export interface TransactionCanceled extends Error {
  name: 'TransactionCanceledException';
  CancellationReasons?: CancellationReason[];
}

export const isTransactionCanceled = (error: unknown): error is TransactionCanceled =>
  error instanceof Error && error.name === 'TransactionCanceledException';

export const isConditionalCheckFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** An error the transport already retried: overload becomes 503 + Retry-After; anything else stays as it is. */
export function translateStorageError(error: unknown): unknown {
  const name = (error as { name?: string } | null)?.name;
  if (name && OVERLOADED.has(name)) return new ServiceUnavailableError(2, { cause: error });
  if ((error as { statusCode?: number } | null)?.statusCode === 503) return new ServiceUnavailableError(2, { cause: error });
  return error;
}
