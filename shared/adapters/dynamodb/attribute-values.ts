/**
 * DynamoDB's attribute-value conversion: util-dynamodb's `marshall` / `unmarshall` as
 * `@aws-lite/client` vendors them (the same code: the transport bundles that copy anyway, so
 * the functions carry one converter, not two). Typed by `vendored-util-dynamodb.d.ts`.
 */

export { marshall, unmarshall } from '@aws-lite/client/src/_vendor/aws.js';
export type { NativeAttributeValue } from '@aws-sdk/util-dynamodb';
