import { describe, expect, it } from 'vitest';
import { DYNAMODB_LOCAL_JAVA_OPTS, dynamoDbLocalArgs, dynamoDbLocalJavaOptions } from '../../../../scripts/local/emulators.ts';

describe('Function: dynamoDbLocalJavaOptions', () => {
  it('gives DynamoDB Local a sized heap with the serial collector by default', () => {
    // Act
    const options = dynamoDbLocalJavaOptions(undefined);

    // Assess
    expect(options).toEqual(DYNAMODB_LOCAL_JAVA_OPTS);
    expect(options.some((o) => /^-Xmx\d+m$/.test(o))).toBe(true);
    expect(options).toContain('-XX:+UseSerialGC');
  });

  it('stops the JIT at C1 with one compiler thread by default (less memory and CPU for an emulator)', () => {
    // Act
    const options = dynamoDbLocalJavaOptions(undefined);

    // Assess
    expect(options).toEqual(expect.arrayContaining(['-XX:TieredStopAtLevel=1', '-XX:CICompilerCount=1']));
  });

  it('takes DYNAMODB_LOCAL_JAVA_OPTS instead, and an empty value leaves the JVM its defaults', () => {
    expect(dynamoDbLocalJavaOptions(' -Xmx1g  -XX:+UseG1GC ')).toEqual(['-Xmx1g', '-XX:+UseG1GC']);
    expect(dynamoDbLocalJavaOptions('')).toEqual([]);
  });
});

describe('Function: dynamoDbLocalArgs', () => {
  it('starts DynamoDB Local through the loopback launcher when Java can run a source file', () => {
    const args = dynamoDbLocalArgs(8123, undefined, true);

    expect(args.at(args.indexOf('-cp') + 2)).toMatch(/LoopbackDynamoDbLocal\.java$/);
    expect(args).not.toContain('-jar');
    expect(args).toEqual(expect.arrayContaining(['-port', '8123', '-sharedDb', '-disableTelemetry', '-inMemory']));
  });

  it("falls back to the jar's own launcher with a bare Java runtime, and keeps data in -dbPath when given", () => {
    const args = dynamoDbLocalArgs(8124, '/data/dynamodb', false);

    expect(args).toEqual([...DYNAMODB_LOCAL_JAVA_OPTS, '-Djava.library.path=DynamoDBLocal_lib', '-jar', 'DynamoDBLocal.jar', '-port', '8124', '-sharedDb', '-disableTelemetry', '-dbPath', '/data/dynamodb']);
  });
});
