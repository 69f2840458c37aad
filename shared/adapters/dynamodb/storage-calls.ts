import type { DocumentCalls } from './document-calls.ts';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import { isTransactionCanceled, translateStorageError } from './errors.ts';
import type { TransactItem } from './transaction-items.ts';

const TRANSACTION_ATTEMPTS = 4;

/** DynamoDB errors (after the transport's own retries) become domain errors where they mean overload. */
export async function storageCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateStorageError(error);
  }
}

/** Transactions that lose a race with another transaction (not a condition) are retried. */
export async function transactWithRetry(client: DocumentCalls, items: TransactItem[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await storageCall(() => client.transactWrite({ TransactItems: items }));
      return;
    } catch (error) {
      const reasons = isTransactionCanceled(error) ? (error.CancellationReasons ?? []) : [];
      const conflict = reasons.some((r) => r.Code === 'TransactionConflict') && !reasons.some((r) => r.Code === 'ConditionalCheckFailed');
      if (!conflict) throw error;
      if (attempt >= TRANSACTION_ATTEMPTS) throw new ServiceUnavailableError(1, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
    }
  }
}
