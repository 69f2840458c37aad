import { format } from 'node:util';

type Write = typeof process.stdout.write;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export interface LogCapture {
  /** Everything written so far, one entry per line (empty lines dropped). */
  lines(): string[];
  /** Puts process.stdout/stderr and console back as they were. */
  stop(): void;
}

/**
 * Records every line the process writes: process.stdout.write and process.stderr.write
 * (the Powertools logger writes through its own Console on process.stdout) and the
 * global console (which Powertools uses when POWERTOOLS_DEV is set, and which vitest
 * reroutes without touching the streams).
 *
 * @example
 * const logs = captureLogs();
 * // … run the code under test …
 * logs.stop();
 * expect(logs.lines().join('\n')).not.toContain(secret);
 */
export function captureLogs(options: { passThrough?: boolean } = {}): LogCapture {
  const chunks: string[] = [];
  const restore: Array<() => void> = [];

  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    const spy = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      if (options.passThrough) return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      // Honour a write callback, as the real stream would.
      const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    } as Write;
    stream.write = spy;
    restore.push(() => {
      stream.write = original;
    });
  }

  for (const method of CONSOLE_METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      chunks.push(`${format(...args)}\n`);
      if (options.passThrough) original.apply(console, args);
    };
    restore.push(() => {
      console[method] = original;
    });
  }

  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    stop: () => {
      for (const undo of restore.splice(0).reverse()) undo();
    },
  };
}
