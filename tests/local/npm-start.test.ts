/**
 * `npm start` as people run it: the real npm, the real script, Java included, in a
 * temporary data folder. What is checked is what a person sees (the messages, the
 * exit code) and what they would not want left behind (a Java process).
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { signLocalToken } from '../../shared/auth/local-token.ts';

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

/** The local addresses listening on a TCP port (from /proc/net/tcp and tcp6), e.g. `127.0.0.1`. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((fields) => fields[3] === '0A' && fields[1]?.endsWith(`:${hexPort}`))
      .map(([, local]) => {
        let hex = local!.split(':')[0]!;
        // Java listens on tcp6 with IPv4-mapped addresses (::ffff:127.0.0.1).
        if (/^0{16}FFFF0{4}/.test(hex)) hex = hex.slice(24);
        if (hex.length !== 8) return hex === '00000000000000000000000000000000' ? '::' : `ipv6:${hex}`;
        return hex.match(/../g)!.reverse().map((byte) => parseInt(byte, 16)).join('.');
      }),
  );
}

/** The README's curl walkthrough, as a person pastes it, against this stack. */
function readmeWalkthrough(port: number): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Try it with curl'), readme.indexOf('## How it is built'));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .join('\n')
    .replaceAll('localhost:3000', `localhost:${port}`)
    .replace('sleep 15', 'sleep 1.2') // the test stack's flood interval is 1 s (set below)
    // The worker's approval, waited for rather than given a fixed 2 s (then the list is read as printed).
    .replace('sleep 2;', `until curl -s localhost:${port}/posts/japan-us-defence/comments | grep -q '"count":2'; do sleep 0.1; done;`);
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

  it('serves (and runs DynamoDB Local and the SQS emulator) on 127.0.0.1 only, logs readable request lines, runs the README walkthrough, and SIGTERM to npm stops node and Java', async () => {
    // Prepare
    const { port, server } = await occupiedPort();
    server.close();
    const stack = npmStart(port);
    await until(() => (stack.output().includes('moderator token') ? true : undefined), 45_000, `the stack to start:\n${stack.output()}`);
    const java = processesUsing(stack.dataDir);
    expect(java.length).toBeGreaterThan(0);
    // The API and both emulators on loopback only.
    const sqsPort = Number(/SQS emulator: http:\/\/127\.0\.0\.1:(\d+)/.exec(stack.output())![1]);
    const dynamoDbPort = Number(/DynamoDB Local: http:\/\/127\.0\.0\.1:(\d+)/.exec(stack.output())![1]);
    expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
    expect(listeningAddresses(sqsPort)).toEqual(['127.0.0.1']);
    expect(listeningAddresses(dynamoDbPort)).toEqual(['127.0.0.1']);
    const refused = await fetch(`http://127.0.0.1:${port}/posts/p1/comments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"content":""}' });
    expect(refused.status).toBe(400);
    await until(() => (/POST \/posts\/p1\/comments 400 validation_failed \d+ ms/.test(stack.output()) ? true : undefined), 5_000, 'the request log line');

    // The printed link signs the moderators' page in: its token (in the fragment) is a moderator's.
    const link = /moderators' page, signed in for 12 h: (http:\/\/localhost:\d+\/moderate#token=\S+)/.exec(stack.output());
    expect(link, stack.output()).not.toBeNull();
    const printed = new URL(link![1]!);
    expect((await fetch(`http://127.0.0.1:${port}${printed.pathname}`)).status).toBe(200);
    const queue = await fetch(`http://127.0.0.1:${port}/moderation/comments`, {
      headers: { authorization: `Bearer ${decodeURIComponent(printed.hash.slice('#token='.length))}` },
    });
    expect(queue.status).toBe(200);

    // The README walkthrough, pasted (with a 1 s flood interval instead of 15 s to keep this quick).
    const token = await signLocalToken(readFileSync(join(stack.dataDir, 'auth-secret'), 'utf8').trim());
    const settings = await fetch(`http://127.0.0.1:${port}/moderation/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"floodSeconds":1}',
    });
    expect(settings.status).toBe(200);
    const walkthrough = spawnSync('bash', ['-e', '-o', 'pipefail', '-c', readmeWalkthrough(port)], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LOCAL_DATA_DIR: stack.dataDir },
      timeout: 30_000,
    });
    expect(walkthrough.status, walkthrough.stderr).toBe(0);
    const lastList = JSON.parse(walkthrough.stdout.trim().split('\n').at(-1)!) as { count: number; comments: Array<{ author: string }> };
    expect(lastList.count).toBe(2);
    expect(walkthrough.stdout + walkthrough.stderr).not.toContain('<id>');

    // Act
    stack.npm.kill('SIGTERM');
    await stack.exited;

    // Assess
    await until(() => (processesUsing(stack.dataDir).length === 0 ? true : undefined), 10_000, `Java ${java.join(', ')} to stop`);
    expect(stack.output()).toContain('SIGTERM: stopping');
    expect(stack.output()).not.toMatch(/^\{"level"/m);
  }, 60_000);
});
