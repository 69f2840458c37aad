/**
 * fauxqs (the SQS emulator) in a process of its own, for measurements: the bench counts the
 * CPU and RSS of our Node process (API + worker, as on Lambda) apart from the emulator's,
 * as it does for DynamoDB Local's Java process. `startFauxqsProcess` spawns ./fauxqs-child.ts
 * (fauxqs on loopback, its port printed on stdout) and waits for the port.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface FauxqsProcess {
  port: number;
  pid: number | undefined;
  stop(): Promise<void>;
}

export async function startFauxqsProcess(): Promise<FauxqsProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fauxqs-child.ts', import.meta.url))], { stdio: ['ignore', 'pipe', 'inherit'] });
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(Number(line)));
    void exited.then(() => reject(new Error('the fauxqs process exited while starting')));
  });
  return {
    port,
    pid: child.pid,
    stop: async () => {
      process.off('exit', killChild);
      child.kill('SIGTERM');
      await exited;
    },
  };
}
