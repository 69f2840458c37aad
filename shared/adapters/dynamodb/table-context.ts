import type { DocumentCalls } from './document-calls.ts';
import type { FieldCipher } from '../../privacy/field-cipher.ts';
import { CommentItemMapper } from './comment-item.ts';

/** What every store of the comments table is built from (wiring: `createDynamoDbStores`). */
export interface DynamoDbStoreOptions {
  client: DocumentCalls;
  tableName: string;
  cipher: FieldCipher;
  /** Days IP and user agent are kept. */
  retentionDays: number;
  now?: () => Date;
}

/** The client, table and item mapper one process's stores share. */
export interface TableContext {
  client: DocumentCalls;
  table: string;
  mapper: CommentItemMapper;
  now: () => Date;
}

export function tableContext(options: DynamoDbStoreOptions): TableContext {
  return {
    client: options.client,
    table: options.tableName,
    mapper: new CommentItemMapper(options.cipher, options.retentionDays),
    now: options.now ?? (() => new Date()),
  };
}
