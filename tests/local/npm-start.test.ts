import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * `npm start` as people run it: the real npm, the real script, Java included, in a
 * temporary data folder. What is checked is what a person sees (the messages, the
 * exit code) and what they would not want left behind (a Java process).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const dataDirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dataDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Started {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function npmStart(port: number): Started & { dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'npm-start-'));
  dataDirs.push(dataDir);
  const npm = spawn('npm', ['start'], { cwd: ROOT, env: { ...process.env, PORT: String(port), LOCAL_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(npm);
  let output = '';
  npm.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));
  return { npm, dataDir, output: () => output, exited };
}

/** Processes whose command line names the data folder: the stack's Java. */
function processesUsing(dataDir: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir);
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

async function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function occupiedPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}

describe('npm start', () => {
  it('with its port taken says which port and how to pick another, exits 1, and leaves nothing running', async () => {
    // Prepare
    const { port, server } = await occupiedPort();

    try {
      // Act
      const stack = npmStart(port);
      const code = await stack.exited;

      // Assess
      expect(code).toBe(1);
      expect(stack.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(stack.output()).toContain(`PORT=${port + 1} npm start`);
      expect(stack.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
      expect(processesUsing(stack.dataDir)).toEqual([]);
    } finally {
      server.close();
    }
  }, 30_000);

  it('serves on 127.0.0.1, logs readable request lines, and SIGTERM to npm stops node and Java', async () => {
    // Prepare
    const { port, server } = await occupiedPort();
    server.close();
    const stack = npmStart(port);
    await until(() => (stack.output().includes('moderator token') ? true : undefined), 45_000, `the stack to start:\n${stack.output()}`);
    const java = processesUsing(stack.dataDir);
    expect(java.length).toBeGreaterThan(0);
    const refused = await fetch(`http://127.0.0.1:${port}/posts/p1/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":""}' });
    expect(refused.status).toBe(400);
    await until(() => (/POST \/posts\/p1\/comments 400 validation_failed \d+ ms/.test(stack.output()) ? true : undefined), 5_000, 'the request log line');

    // Act
    stack.npm.kill('SIGTERM');
    await stack.exited;

    // Assess
    await until(() => (processesUsing(stack.dataDir).length === 0 ? true : undefined), 10_000, `Java ${java.join(', ')} to stop`);
    expect(stack.output()).toContain('SIGTERM: stopping');
    expect(stack.output()).not.toMatch(/^\{"level"/m);
  }, 60_000);
});
