/**
 * DynamoDB calls with plain JS values, sent as raw DynamoDB JSON-protocol requests through the
 * functions' one AWS transport (`../aws/aws-service.ts`). Values are converted with
 * util-dynamodb, with lib-dynamodb's options:
 * `removeUndefinedValues`, numbers as JS numbers, Sets as DynamoDB sets. Inputs and outputs keep
 * lib-dynamodb's shapes (types only: no SDK code runs).
 *
 * Errors keep the SDK's names (`ConditionalCheckFailedException`, `TransactionCanceledException`
 * with `CancellationReasons`, whose `Item` stays in attribute-value form, as lib-dynamodb leaves
 * it): see `dynamodb-errors.ts`. Throttling is retried by the transport first.
 */

import type { AttributeValue, TransactWriteItem, WriteRequest } from '@aws-sdk/client-dynamodb';
import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { type AwsJsonCall, type AwsServiceOptions, awsJsonService } from '../aws/aws-service.ts';
import { marshall, type NativeAttributeValue, unmarshall } from './attribute-values.ts';

/** DynamoDB's JSON protocol (API version 2012-08-10). */
const DYNAMODB_PROTOCOL = { service: 'dynamodb', target: 'DynamoDB_20120810', version: '1.0' } as const;

/** DynamoDB's raw calls (operation name, input in attribute-value form). */
export const dynamoDbTransport = (options: AwsServiceOptions): AwsJsonCall => awsJsonService(DYNAMODB_PROTOCOL, options);

/** An operation's output without the SDK's `$metadata` (no SDK answers here). */
type Output<T> = Omit<T, '$metadata'>;

type NativeRecord = Record<string, NativeAttributeValue>;
type WireRecord = Record<string, AttributeValue>;

/** The legacy parameters (`AttributeUpdates`, `KeyConditions`, …) are not converted: not accepted. */
type Legacy = 'AttributeUpdates' | 'Expected' | 'KeyConditions' | 'QueryFilter' | 'ScanFilter' | 'ConditionalOperator';
export type GetInput = GetCommandInput;
export type PutInput = Omit<PutCommandInput, Legacy>;
export type UpdateInput = Omit<UpdateCommandInput, Legacy>;
export type DeleteInput = Omit<DeleteCommandInput, Legacy>;
export type QueryInput = Omit<QueryCommandInput, Legacy>;
export type ScanInput = Omit<ScanCommandInput, Legacy>;
export type BatchGetInput = BatchGetCommandInput;
export type BatchWriteInput = BatchWriteCommandInput;
export type TransactWriteInput = TransactWriteCommandInput;
export type TransactWriteInputItem = NonNullable<TransactWriteInput['TransactItems']>[number];

const MARSHALL_OPTIONS = { removeUndefinedValues: true } as const;

export const toWire = (record: NativeRecord): WireRecord => marshall(record, MARSHALL_OPTIONS);
export const fromWire = (record: WireRecord): NativeRecord => unmarshall(record);

const toWireIfSet = (record: NativeRecord | undefined) => (record === undefined ? undefined : toWire(record));
const fromWireIfSet = (record: WireRecord | undefined) => (record === undefined ? undefined : fromWire(record));

/** `ExpressionAttributeValues` converted when present (an absent one stays absent). */
function withValues<T extends { ExpressionAttributeValues?: NativeRecord | undefined }>(input: T): Omit<T, 'ExpressionAttributeValues'> & { ExpressionAttributeValues?: WireRecord } {
  const { ExpressionAttributeValues: values, ...rest } = input;
  return values === undefined ? rest : { ...rest, ExpressionAttributeValues: toWire(values) };
}

function transactItemToWire(item: TransactWriteInputItem): TransactWriteItem {
  const { ConditionCheck, Put, Delete, Update } = item;
  return {
    ...(ConditionCheck ? { ConditionCheck: { ...withValues(ConditionCheck), Key: toWireIfSet(ConditionCheck.Key) } } : {}),
    ...(Put ? { Put: { ...withValues(Put), Item: toWireIfSet(Put.Item) } } : {}),
    ...(Delete ? { Delete: { ...withValues(Delete), Key: toWireIfSet(Delete.Key) } } : {}),
    ...(Update ? { Update: { ...withValues(Update), Key: toWireIfSet(Update.Key) } } : {}),
  } as TransactWriteItem;
}

type NativeWriteRequest = NonNullable<BatchWriteInput['RequestItems']>[string][number];

function writeRequestToWire({ PutRequest, DeleteRequest }: NativeWriteRequest): WriteRequest {
  return {
    ...(PutRequest ? { PutRequest: { Item: toWireIfSet(PutRequest.Item) } } : {}),
    ...(DeleteRequest ? { DeleteRequest: { Key: toWireIfSet(DeleteRequest.Key) } } : {}),
  } as WriteRequest;
}

function writeRequestFromWire({ PutRequest, DeleteRequest }: WriteRequest): NativeWriteRequest {
  return {
    ...(PutRequest?.Item ? { PutRequest: { Item: fromWire(PutRequest.Item) } } : {}),
    ...(DeleteRequest?.Key ? { DeleteRequest: { Key: fromWire(DeleteRequest.Key) } } : {}),
  } as NativeWriteRequest;
}

/** A write's `Attributes` (what `ReturnValues` asked for) as plain values. */
const withNativeAttributes = (output: Record<string, unknown>) => ({ ...output, Attributes: fromWireIfSet(output.Attributes as WireRecord | undefined) });

/** A Query or Scan page as plain values. */
const pageFromWire = (output: Record<string, unknown>) => ({
  ...output,
  Items: (output.Items as WireRecord[] | undefined)?.map(fromWire),
  LastEvaluatedKey: fromWireIfSet(output.LastEvaluatedKey as WireRecord | undefined),
});

const mapValues = <A, B>(record: Record<string, A> | undefined, convert: (value: A) => B): Record<string, B> | undefined =>
  record === undefined ? undefined : Object.fromEntries(Object.entries(record).map(([key, value]) => [key, convert(value)]));

/** The table's calls with plain values, over one DynamoDB transport (made on the first call). */
export class DocumentCalls {
  constructor(private readonly send: AwsJsonCall) {}

  /** Calls to the table at AWS (region from the environment) or at a local endpoint. */
  static at(options: AwsServiceOptions): DocumentCalls {
    return new DocumentCalls(dynamoDbTransport(options));
  }

  async get(input: GetInput): Promise<Output<GetCommandOutput>> {
    const output = await this.send('GetItem', { ...input, Key: toWireIfSet(input.Key) });
    return { ...output, Item: fromWireIfSet(output.Item as WireRecord | undefined) };
  }

  async put(input: PutInput): Promise<Output<PutCommandOutput>> {
    return withNativeAttributes(await this.send('PutItem', { ...withValues(input), Item: toWireIfSet(input.Item) }));
  }

  async update(input: UpdateInput): Promise<Output<UpdateCommandOutput>> {
    return withNativeAttributes(await this.send('UpdateItem', { ...withValues(input), Key: toWireIfSet(input.Key) }));
  }

  async delete(input: DeleteInput): Promise<Output<DeleteCommandOutput>> {
    return withNativeAttributes(await this.send('DeleteItem', { ...withValues(input), Key: toWireIfSet(input.Key) }));
  }

  async query(input: QueryInput): Promise<Output<QueryCommandOutput>> {
    return pageFromWire(await this.send('Query', { ...withValues(input), ExclusiveStartKey: toWireIfSet(input.ExclusiveStartKey) }));
  }

  async scan(input: ScanInput): Promise<Output<ScanCommandOutput>> {
    return pageFromWire(await this.send('Scan', { ...withValues(input), ExclusiveStartKey: toWireIfSet(input.ExclusiveStartKey) }));
  }

  async batchGet(input: BatchGetInput): Promise<Output<BatchGetCommandOutput>> {
    const RequestItems = mapValues(input.RequestItems, (request) => ({ ...request, Keys: request.Keys?.map(toWire) }));
    const output = (await this.send('BatchGetItem', { ...input, RequestItems })) as { Responses?: Record<string, WireRecord[]>; UnprocessedKeys?: Record<string, { Keys?: WireRecord[] }> };
    return {
      ...output,
      Responses: mapValues(output.Responses, (items) => items.map(fromWire)),
      UnprocessedKeys: mapValues(output.UnprocessedKeys, (request) => ({ ...request, Keys: request.Keys?.map(fromWire) })),
    } as Output<BatchGetCommandOutput>;
  }

  async batchWrite(input: BatchWriteInput): Promise<Output<BatchWriteCommandOutput>> {
    const RequestItems = mapValues(input.RequestItems, (requests) => requests.map(writeRequestToWire));
    const output = (await this.send('BatchWriteItem', { ...input, RequestItems })) as { UnprocessedItems?: Record<string, WriteRequest[]> };
    return { ...output, UnprocessedItems: mapValues(output.UnprocessedItems, (requests) => requests.map(writeRequestFromWire)) } as Output<BatchWriteCommandOutput>;
  }

  async transactWrite(input: TransactWriteInput): Promise<Output<TransactWriteCommandOutput>> {
    return this.send('TransactWriteItems', { ...input, TransactItems: input.TransactItems?.map(transactItemToWire) });
  }
}
