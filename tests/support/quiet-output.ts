/**
 * Keeps passing tests quiet: what the code under test writes to process.stdout/stderr
 * (the Powertools logger, the local readable request log, CDK's bundling notes) is held
 * per test and printed only if that test fails. A test that reads the logs still sees
 * every line: `captureLogs()` and `vi.spyOn(process.stdout, 'write')` sit on top of this.
 * vitest's own console capture is untouched, so a `console.log` in a test still shows.
 */

import { beforeEach } from 'vitest';

const MAX_HELD_CHARS = 1_000_000;
const held: string[] = [];
let heldChars = 0;
const printToTerminal = process.stdout.write.bind(process.stdout);

for (const stream of [process.stdout, process.stderr]) {
  stream.write = function hold(chunk: unknown, ...rest: unknown[]): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    held.push(text);
    heldChars += text.length;
    // The newest lines matter most when a test fails; the oldest go first past the cap.
    while (heldChars > MAX_HELD_CHARS && held.length > 1) heldChars -= held.shift()?.length ?? 0;
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  } as typeof stream.write;
}

beforeEach((context) => {
  held.length = 0;
  heldChars = 0;
  context.onTestFailed(() => {
    if (held.length > 0) printToTerminal(`--- output of the failed test "${context.task.name}" ---\n${held.join('')}`);
  });
});
