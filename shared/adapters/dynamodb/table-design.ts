/**
 * The single table's key design, shared by the stores, the local/test
 * provisioning and the CDK construct so that it is written down once.
 * See ./README.md for the access patterns behind it.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB TTL removes expired items (trash after 30 days, flood/rate items). */
  ttlAttribute: 'expiresAt',
} as const;

export interface IndexDesign {
  name: string;
  partitionKey: string;
  sortKey: string;
}

/** Every index projects ALL attributes: each listing is then one Query with no follow-up reads. */
export const TABLE_INDEXES = {
  /** A post's comments of one status, oldest first: the public list (approved, headed by the post item) and moderation by post. */
  byPostStatus: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** All comments of one status, oldest first: the moderation queue. */
  byStatus: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  /** An author's comments by keyed email hash: export, erase. */
  byAuthor: { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
} as const satisfies Record<string, IndexDesign>;

/**
 * The post item files itself in `byPostStatus` at the head of its approved list
 * (`POST#<postId>#approved`), under this sort key, which sorts before every comment id (ULIDs
 * start with a digit): one Query then answers a public page's count and its first comments.
 * Comment listings of that partition start above it.
 */
export const POST_HEAD_SORT_KEY = '#POST';

export const ALL_INDEXES: IndexDesign[] = Object.values(TABLE_INDEXES);
