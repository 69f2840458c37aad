import { ServiceUnavailableError } from '../../domain/errors.ts';

const OVERLOADED = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'LimitExceededException',
]);

/** An SDK error the SDK already retried: overload becomes 503 + Retry-After; anything else stays as it is. */
export function translateStorageError(error: unknown): unknown {
  const name = (error as { name?: string } | null)?.name;
  if (name && OVERLOADED.has(name)) return new ServiceUnavailableError(2, { cause: error });
  if ((error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode === 503) {
    return new ServiceUnavailableError(2, { cause: error });
  }
  return error;
}
