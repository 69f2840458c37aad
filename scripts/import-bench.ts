import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { largeWxrDocument } from '../tests/support/source-files.ts';
import { startThrowawayStack } from './local/throwaway-stack.ts';

/**
 * The import benchmark (`npm run bench -- import`): its own DynamoDB Local (in memory) and SQS
 * emulator, the API on loopback, and a generated WordPress export of `count` comments
 * imported by `npm run import`'s own code. Prints comments/s and checks the public counts.
 */
export async function benchImport(count: number): Promise<{ seconds: number; perSecond: number }> {
  process.stderr.write('[bench import] starting DynamoDB Local (in memory) and the SQS emulator…\n');
  const stack = await startThrowawayStack('bench');
  const dir = mkdtempSync(join(tmpdir(), 'comments-import-bench-'));
  try {
    const { loadEnv } = await import('../shared/config.ts');
    const { createApp } = await import('../shared/adapters/http/app.ts');
    const { composeApp } = await import('../shared/adapters/wiring.ts');
    const { signLocalToken } = await import('../shared/auth/local-token.ts');
    const { runImport } = await import('./migrate/run-import.ts');
    // A log line per imported batch would bury the result (the logger may be loaded already, by an earlier part).
    (await import('../shared/observability/logger.ts')).logger.setLogLevel((process.env.POWERTOOLS_LOG_LEVEL ?? 'ERROR') as 'ERROR');
    const env = loadEnv(stack.env);
    const deps = composeApp(env, { clientIp: () => null });
    const app = createApp(deps);
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const file = join(dir, 'wordpress.xml');
      const posts = 20;
      writeFileSync(file, largeWxrDocument(count, posts));
      process.stderr.write(`[bench import] ${count} comments over ${posts} posts, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB of WXR\n`);
      const target = { api: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, token: await signLocalToken(stack.authSecret) };
      const started = performance.now();
      const summary = await runImport({ file, target, reportFile: join(dir, 'report.json') }, process.stderr);
      const seconds = (performance.now() - started) / 1000;
      let approved = 0;
      for (let p = 1; p <= posts; p++) approved += (await deps.posts.get(`post-${p}`)).approvedCount;
      const expectedApproved = Math.floor(count - count / 10);
      if (summary.imported !== count || approved !== expectedApproved) {
        throw new Error(`expected ${count} imported and ${expectedApproved} approved, got ${summary.imported} and ${approved}`);
      }
      return { seconds, perSecond: count / seconds };
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
