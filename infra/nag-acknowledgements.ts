import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

/**
 * The wildcard *resources* (never actions) that CDK's grants produce,
 * acknowledged one finding at a time on the role policy that holds them.
 * cdk-nag reports IAM5 per finding (`AwsSolutions-IAM5[Resource::…]`), so any
 * other wildcard that appears later still fails the nag test.
 */
export function acknowledgeGrantWildcards(functions: IFunction[], table: ITable): void {
  // An adopted table (existingTableName) has no resource in this stack: its ARN is built from its name.
  const tableResource = table.node.defaultChild as CfnResource | undefined;
  const indexes = tableResource
    ? `<${Stack.of(table).getLogicalId(tableResource)}.Arn>/index/*`
    : `arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table/${table.tableName}/index/*`;
  for (const fn of functions) {
    const policy = fn.role?.node.tryFindChild('DefaultPolicy');
    if (!policy) continue;
    Validations.of(policy).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only xray:PutTraceSegments and xray:PutTelemetryRecords (active tracing) use Resource "*": X-Ray does not support resource-level permissions for them.',
    });
    Validations.of(policy).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${indexes}]`,
      reason:
        'The comments table\'s own global secondary indexes (gsi1-gsi3, see shared/adapters/dynamodb/table-design.ts): every listing is a Query on one of them. The wildcard covers this table\'s indexes only.',
    });
  }
}
