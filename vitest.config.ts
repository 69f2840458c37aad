import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './tests/support/longest-first-sequencer.ts';

// The SDK warns that Node 20 support ends in 2027; the project still supports Node 20 (engines in package.json).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // Each project's files together, the long ones first (tests/support/longest-first-sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    // Passing tests print nothing; a failing test shows what the code wrote (tests/support/quiet-output.ts).
    setupFiles: ['tests/support/quiet-output.ts'],
    env: { POWERTOOLS_SERVICE_NAME: 'comments-test', POWERTOOLS_METRICS_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      // Pure logic (unit/) and the real app and use cases over the in-memory stores (fast/): no emulator,
      // milliseconds per test. One project: they share their workers' module cache (no per-file re-import of the app).
      { extends: true, test: { name: 'fast', include: ['tests/unit/**/*.test.ts', 'tests/fast/**/*.test.ts', 'tests/contract/in-memory-*.test.ts'], isolate: false } },
      {
        extends: true,
        test: {
          // The slow files, one project: a worker keeps its process (and its module cache: the app,
          // aws-cdk-lib, playwright) only while the next file is of its own project, so in projects of
          // their own the CDK files and `npm start` each cost both workers a restart and a re-import,
          // and the two heaviest CDK files could only run side by side.
          name: 'integration',
          include: [
            'tests/integration/**/*.test.ts',
            'tests/contract/dynamodb-*.test.ts',
            'tests/lambda/**/*.test.ts',
            'tests/e2e/**/*.test.ts',
            // CDK: each test synthesizes its own App.
            'tests/infra/**/*.test.ts',
            // `npm start` itself, run as people run it (its own Java, in a temporary data folder).
            'tests/local/**/*.test.ts',
          ],
          // Files share their workers' module cache; each makes its own table and queue. The Lambda tests
          // that load a function's modules per environment do it with `freshModules`, and `restoreAfterFile`
          // drops those modules and the variables they stubbed after the file.
          isolate: false,
          // DynamoDB Local (Java) and fauxqs, started once and torn down after.
          globalSetup: ['tests/support/global-setup.ts'],
          // aws-cdk-lib's CloudFormation validation is a 9 MB WebAssembly module: V8's baseline compiler
          // alone runs it as fast here and skips optimising it in the background (~2 s of CPU).
          execArgv: ['--liftoff-only'],
        },
      },
    ],
  },
});
