import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ALL_INDEXES, TABLE_KEYS } from '../../shared/adapters/dynamodb/table-design.ts';

export interface CommentTableProps {
  readonly removalPolicy: RemovalPolicy;
  /** Refuse `DeleteTable` calls (prod). */
  readonly deletionProtection: boolean;
}

/**
 * The single comments table, built from the key design in
 * shared/adapters/dynamodb/table-design.ts (the same object the repository and
 * the local stack use). On-demand, point-in-time recovery, TTL, encrypted with
 * the AWS-managed DynamoDB key (auditable in CloudTrail, no key policy to run).
 */
export class CommentTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: CommentTableProps) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    for (const index of ALL_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: { name: index.sortKey, type: AttributeType.STRING },
        projectionType: ProjectionType.ALL,
      });
    }
  }
}
