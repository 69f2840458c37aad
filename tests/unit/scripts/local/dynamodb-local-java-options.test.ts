import { describe, expect, it } from 'vitest';
import { DYNAMODB_LOCAL_JAVA_OPTS, dynamoDbLocalJavaOptions } from '../../../../scripts/local/emulators.ts';

describe('Function: dynamoDbLocalJavaOptions', () => {
  it('gives DynamoDB Local a sized heap with the serial collector by default', () => {
    // Act
    const options = dynamoDbLocalJavaOptions(undefined);

    // Assess
    expect(options).toEqual(DYNAMODB_LOCAL_JAVA_OPTS);
    expect(options.some((o) => /^-Xmx\d+m$/.test(o))).toBe(true);
    expect(options).toContain('-XX:+UseSerialGC');
  });

  it('takes DYNAMODB_LOCAL_JAVA_OPTS instead, and an empty value leaves the JVM its defaults', () => {
    expect(dynamoDbLocalJavaOptions(' -Xmx1g  -XX:+UseG1GC ')).toEqual(['-Xmx1g', '-XX:+UseG1GC']);
    expect(dynamoDbLocalJavaOptions('')).toEqual([]);
  });
});
