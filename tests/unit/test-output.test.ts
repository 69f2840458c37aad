import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.join(import.meta.dirname, '..', '..');

describe('npm test output', () => {
  it('prints no log line of a passing test, and the log lines of a failing one', () => {
    // Arrange, Act: vitest with the project's setup files on two fixture tests that log.
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--config', 'tests/fixtures/quiet-output/vitest.config.ts'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', CI: '' },
      timeout: 60_000,
    });

    // Assert
    const output = run.stdout + run.stderr;
    expect(run.status, output).toBe(1);
    expect(output).toContain('1 failed');
    expect(output).toContain('loud-canary-of-a-failing-test');
    expect(output).not.toContain('quiet-canary-of-a-passing-test');
  });
});
