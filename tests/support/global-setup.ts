import type { TestProject } from 'vitest/node';
import type { Emulators } from '../../scripts/local/emulators.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
    sqsEndpoint: string;
  }
}

/** Shared by the emulator projects of one run (vitest calls each project's global setup in the same process). */
interface SharedEmulators {
  started: Promise<Emulators>;
  users: number;
}
const SHARED = Symbol.for('leave-a-reply.test-emulators');
const holder = globalThis as { [SHARED]?: SharedEmulators };

/** One DynamoDB Local (in memory) and one fauxqs for the run, on random ports, whichever emulator projects run. */
export async function setup(project: TestProject): Promise<void> {
  // Imported here, once per run: vitest loads this file again for each project that uses it, and
  // the emulators' module graph (the AWS SDK, fauxqs) takes seconds to load, before any test runs.
  holder[SHARED] ??= { started: import('../../scripts/local/emulators.ts').then(({ startEmulators }) => startEmulators()), users: 0 };
  const shared = holder[SHARED];
  shared.users++;
  const emulators = await shared.started;
  project.provide('dynamoDbEndpoint', emulators.dynamoDbEndpoint);
  project.provide('sqsEndpoint', emulators.sqsEndpoint);
}

export async function teardown(): Promise<void> {
  const shared = holder[SHARED];
  if (!shared || --shared.users > 0) return;
  delete holder[SHARED];
  await (await shared.started).stop();
}
