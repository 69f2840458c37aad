/**
 * Keeps passing tests quiet: what the code under test writes to process.stdout/stderr
 * (the Powertools logger, the local readable request log, CDK's bundling notes) is held
 * per test and printed only if that test fails. A test that reads the logs still sees
 * every line: `captureLogs()` and `vi.spyOn(process.stdout, 'write')` sit on top of this.
 * vitest's own console capture is untouched, so a `console.log` in a test still shows.
 */

import { beforeEach } from 'vitest';

const MAX_HELD_CHARS = 1_000_000;

/** One hold per process: without isolation (the fast tiers) this file runs again for every test file. */
interface HeldOutput {
  lines: string[];
  chars: number;
  printToTerminal: (text: string) => boolean;
}
const HELD = Symbol.for('leave-a-reply.quiet-output');
const holder = globalThis as { [HELD]?: HeldOutput };
const held: HeldOutput = holder[HELD] ?? holdOutput();

function holdOutput(): HeldOutput {
  const output: HeldOutput = { lines: [], chars: 0, printToTerminal: process.stdout.write.bind(process.stdout) };
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = function hold(chunk: unknown, ...rest: unknown[]): boolean {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      output.lines.push(text);
      output.chars += text.length;
      // The newest lines matter most when a test fails; the oldest go first past the cap.
      while (output.chars > MAX_HELD_CHARS && output.lines.length > 1) output.chars -= output.lines.shift()?.length ?? 0;
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    } as typeof stream.write;
  }
  holder[HELD] = output;
  return output;
}

beforeEach((context) => {
  held.lines.length = 0;
  held.chars = 0;
  context.onTestFailed(() => {
    if (held.lines.length > 0) held.printToTerminal(`--- output of the failed test "${context.task.name}" ---\n${held.lines.join('')}`);
  });
});
