import type { TestProject } from 'vitest/node';
import { type Emulators, startEmulators } from '../../scripts/local/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sqsEndpoint: string;
  }
}

let emulators: Emulators | undefined;

/** One DynamoDB Local (in memory) and one fauxqs for the run, on random ports. */
export async function setup(project: TestProject): Promise<void> {
  emulators = await startEmulators();
  project.provide('dynamoDbEndpoint', emulators.dynamoDbEndpoint);
  project.provide('sqsEndpoint', emulators.sqsEndpoint);
}

export async function teardown(): Promise<void> {
  await emulators?.stop();
}
