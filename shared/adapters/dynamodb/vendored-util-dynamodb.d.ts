/** `@aws-lite/client` 0.23.7 vendors util-dynamodb's entry points; its types are util-dynamodb's own (a type-only dependency). */
declare module '@aws-lite/client/src/_vendor/aws.js' {
  export { convertToAttr, convertToNative, marshall, unmarshall } from '@aws-sdk/util-dynamodb';
}
