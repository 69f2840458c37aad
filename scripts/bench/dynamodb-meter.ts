/**
 * Counts DynamoDB requests and the capacity they consume, on one SDK client: a middleware
 * asks every request for `ReturnConsumedCapacity: TOTAL` and adds up what DynamoDB answers.
 * Only the bench attaches it; product code never asks for capacity.
 */

export interface Capacity {
  readUnits: number;
  writeUnits: number;
}

export interface MeterReading extends Capacity {
  requests: number;
  /** Requests by operation, e.g. { GetItem: 2, TransactWriteItems: 1 }. */
  byOperation: Record<string, number>;
}

interface ConsumedCapacityLike {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

const READ_OPERATIONS = new Set(['GetItem', 'Query', 'Scan', 'BatchGetItem', 'TransactGetItems']);

/**
 * Read and write units from a response's ConsumedCapacity (one object, or one per table for
 * batches and transactions). Where DynamoDB reports only CapacityUnits, the operation decides.
 */
export function capacityOf(operation: string, consumed: ConsumedCapacityLike | ConsumedCapacityLike[] | undefined): Capacity {
  const entries = consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed];
  let readUnits = 0;
  let writeUnits = 0;
  for (const entry of entries) {
    if (entry.ReadCapacityUnits !== undefined || entry.WriteCapacityUnits !== undefined) {
      readUnits += entry.ReadCapacityUnits ?? 0;
      writeUnits += entry.WriteCapacityUnits ?? 0;
    } else if (READ_OPERATIONS.has(operation)) {
      readUnits += entry.CapacityUnits ?? 0;
    } else {
      writeUnits += entry.CapacityUnits ?? 0;
    }
  }
  return { readUnits, writeUnits };
}

/** "GetCommand" (lib-dynamodb) and "GetItemCommand" (client) both name the GetItem operation. */
export function operationOf(commandName: string): string {
  const name = commandName.replace(/Command$/, '');
  const documentNames: Record<string, string> = {
    Get: 'GetItem',
    Put: 'PutItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
    BatchGet: 'BatchGetItem',
    BatchWrite: 'BatchWriteItem',
    TransactGet: 'TransactGetItems',
    TransactWrite: 'TransactWriteItems',
  };
  return documentNames[name] ?? name;
}

interface MiddlewareStackLike {
  add(middleware: unknown, options: { step: 'initialize'; name: string }): void;
  remove(name: string): boolean;
}

/**
 * A client built with `cacheMiddleware` keeps each command type's resolved stack (smithy's
 * `handlers`) and does not see later changes to its middleware stack: dropping the cache makes
 * the next request of each type resolve the stack as it is now.
 */
function forgetCachedHandlers(client: object): void {
  (client as { handlers?: unknown }).handlers = undefined;
}

export class DynamoDbMeter {
  private reading: MeterReading = DynamoDbMeter.empty();

  static empty(): MeterReading {
    return { requests: 0, readUnits: 0, writeUnits: 0, byOperation: {} };
  }

  /** Attaches to a client (the plain DynamoDBClient a `DocumentCalls` sends through). */
  attach(client: { middlewareStack: Pick<MiddlewareStackLike, 'add'> }): void {
    const middleware =
      (next: (args: { input: Record<string, unknown> }) => Promise<{ output: { ConsumedCapacity?: ConsumedCapacityLike | ConsumedCapacityLike[] } }>, context: { commandName?: string }) =>
      async (args: { input: Record<string, unknown> }) => {
        args.input.ReturnConsumedCapacity = 'TOTAL';
        const operation = operationOf(context.commandName ?? 'Unknown');
        const result = await next(args);
        const { readUnits, writeUnits } = capacityOf(operation, result.output.ConsumedCapacity);
        this.reading.requests += 1;
        this.reading.readUnits += readUnits;
        this.reading.writeUnits += writeUnits;
        this.reading.byOperation[operation] = (this.reading.byOperation[operation] ?? 0) + 1;
        return result;
      };
    client.middlewareStack.add(middleware, { step: 'initialize', name: 'benchDynamoDbMeter' });
    forgetCachedHandlers(client);
  }

  /** Stops counting on that client (its middleware is the bench's work, not the stack's). */
  detach(client: { middlewareStack: Pick<MiddlewareStackLike, 'remove'> }): void {
    client.middlewareStack.remove('benchDynamoDbMeter');
    forgetCachedHandlers(client);
  }

  /** What was counted since the last take, and a fresh count from here. */
  take(): MeterReading {
    const reading = this.reading;
    this.reading = DynamoDbMeter.empty();
    return reading;
  }
}

/** "2×GetItem + 1×TransactWriteItems". */
export function describeOperations(byOperation: Record<string, number>, per = 1): string {
  return Object.entries(byOperation)
    .sort((a, b) => b[1] - a[1])
    .map(([operation, n]) => `${+(n / per).toFixed(2)}×${operation}`)
    .join(' + ');
}
