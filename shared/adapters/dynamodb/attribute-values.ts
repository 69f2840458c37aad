/**
 * DynamoDB's attribute-value conversion: util-dynamodb's `marshall` / `unmarshall`, the AWS
 * SDK's own converter (5 KB, no dependency on the SDK's clients or core).
 */

export { marshall, type NativeAttributeValue, unmarshall } from '@aws-sdk/util-dynamodb';
