/**
 * DynamoDB calls with plain JS values, over the plain `DynamoDBClient`. What
 * `DynamoDBDocumentClient` does, minus its cost: it resolves each command's middleware stack
 * per request, and it cannot share a cached one (`cacheMiddleware`) — in lib-dynamodb 3.1169 a
 * cached document command resends the FIRST command's input every time. Here the client's own
 * commands are sent (their cached handler reads each command's input), and values are
 * converted with util-dynamodb, with lib-dynamodb's options: `removeUndefinedValues`, numbers
 * as JS numbers, Sets as DynamoDB sets.
 *
 * Errors are the client's, untouched: `ConditionalCheckFailedException`,
 * `TransactionCanceledException` (its `CancellationReasons[].Item` in DynamoDB's attribute-value
 * form, as lib-dynamodb leaves them).
 */

import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  type TransactWriteItem,
  UpdateItemCommand,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
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
import { marshall, type NativeAttributeValue, unmarshall } from '@aws-sdk/util-dynamodb';

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
const withNativeAttributes = <T extends { Attributes?: WireRecord | undefined }>(output: T) => ({ ...output, Attributes: fromWireIfSet(output.Attributes) });

const mapValues = <A, B>(record: Record<string, A> | undefined, convert: (value: A) => B): Record<string, B> | undefined =>
  record === undefined ? undefined : Object.fromEntries(Object.entries(record).map(([key, value]) => [key, convert(value)]));

/** The table's calls with plain values. Build the client with `cacheMiddleware: true`. */
export class DocumentCalls {
  constructor(readonly dynamoDb: DynamoDBClient) {}

  async get(input: GetInput): Promise<GetCommandOutput> {
    const output = await this.dynamoDb.send(new GetItemCommand({ ...input, Key: toWireIfSet(input.Key) }));
    return { ...output, Item: fromWireIfSet(output.Item) };
  }

  async put(input: PutInput): Promise<PutCommandOutput> {
    return withNativeAttributes(await this.dynamoDb.send(new PutItemCommand({ ...withValues(input), Item: toWireIfSet(input.Item) })));
  }

  async update(input: UpdateInput): Promise<UpdateCommandOutput> {
    return withNativeAttributes(await this.dynamoDb.send(new UpdateItemCommand({ ...withValues(input), Key: toWireIfSet(input.Key) })));
  }

  async delete(input: DeleteInput): Promise<DeleteCommandOutput> {
    return withNativeAttributes(await this.dynamoDb.send(new DeleteItemCommand({ ...withValues(input), Key: toWireIfSet(input.Key) })));
  }

  async query(input: QueryInput): Promise<QueryCommandOutput> {
    const output = await this.dynamoDb.send(new QueryCommand({ ...withValues(input), ExclusiveStartKey: toWireIfSet(input.ExclusiveStartKey) }));
    return { ...output, Items: output.Items?.map(fromWire), LastEvaluatedKey: fromWireIfSet(output.LastEvaluatedKey) };
  }

  async scan(input: ScanInput): Promise<ScanCommandOutput> {
    const output = await this.dynamoDb.send(new ScanCommand({ ...withValues(input), ExclusiveStartKey: toWireIfSet(input.ExclusiveStartKey) }));
    return { ...output, Items: output.Items?.map(fromWire), LastEvaluatedKey: fromWireIfSet(output.LastEvaluatedKey) };
  }

  async batchGet(input: BatchGetInput): Promise<BatchGetCommandOutput> {
    const RequestItems = mapValues(input.RequestItems, (request) => ({ ...request, Keys: request.Keys?.map(toWire) }));
    const output = await this.dynamoDb.send(new BatchGetItemCommand({ ...input, RequestItems }));
    return {
      ...output,
      Responses: mapValues(output.Responses, (items) => items.map(fromWire)),
      UnprocessedKeys: mapValues(output.UnprocessedKeys, (request) => ({ ...request, Keys: request.Keys?.map(fromWire) })),
    };
  }

  async batchWrite(input: BatchWriteInput): Promise<BatchWriteCommandOutput> {
    const RequestItems = mapValues(input.RequestItems, (requests) => requests.map(writeRequestToWire));
    const output = await this.dynamoDb.send(new BatchWriteItemCommand({ ...input, RequestItems }));
    return { ...output, UnprocessedItems: mapValues(output.UnprocessedItems, (requests) => requests.map(writeRequestFromWire)) } as BatchWriteCommandOutput;
  }

  async transactWrite(input: TransactWriteInput): Promise<TransactWriteCommandOutput> {
    return this.dynamoDb.send(new TransactWriteItemsCommand({ ...input, TransactItems: input.TransactItems?.map(transactItemToWire) }));
  }

  destroy(): void {
    this.dynamoDb.destroy();
  }
}
