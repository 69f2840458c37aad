/**
 * `npm run bench`: first `bundles` (./bench/bundle-bench.ts): every Lambda entry bundled exactly as
 * the CDK stack does (infra/bundling.ts), plus a minimal baseline (hono + DynamoDB client + zod);
 * each bundle's size and cold import time, imported round-robin in fresh `node` processes, as
 * medians and as the median of each round's ratio to the baseline; then the top self-time frames
 * of profiled cold imports of the public function and of the worker.
 *
 * Then `stack`, in a fresh process (./bench/stack-bench.ts): DynamoDB requests, capacity and cost
 * per comment, CPU per comment, moderation lag, latency at 100 and 20,000 stored comments
 * (BENCH_SCALE=1 or --scale: also 100,000) and RSS of the local stack.
 *
 * Then `import`: 10 000 comments (BENCH_IMPORT_COMMENTS) of a generated WordPress export through
 * `npm run import` against its own local stack, printed as comments/s (./import-bench.ts).
 * With no argument it ends with one table: every target, measured, goal, met (./bench/targets.ts).
 * `npm run bench -- bundles`, `-- stack` or `-- import` runs one of the three.
 * Offline; writes bundles, results.json and stack-results.json to .bench/.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../infra/bundling.ts';
import { type StackResult, targetRows } from './bench/targets.ts';

const OUT = path.join(REPO_ROOT, '.bench');

const PARTS = ['bundles', 'stack', 'import'] as const;
const only = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) throw new Error('Usage: npm run bench [-- bundles|stack|import] [--scale]');
const wanted = (part: (typeof PARTS)[number]) => only === undefined || only === part;
// Imported when run, not at the top: the bundle part builds the OpenAPI document from the app's modules, whose
// logger would take its level before the stack part (`bench stack`, same file) sets it.
const bundleResults = wanted('bundles') ? await (await import('./bench/bundle-bench.ts')).runBundleBench(OUT) : undefined;
if (only === 'stack') {
  const { runStackBench } = await import('./bench/stack-bench.ts');
  const stack = await runStackBench();
  mkdirSync(OUT, { recursive: true });
  writeFileSync(path.join(OUT, 'stack-results.json'), JSON.stringify({ node: process.version, date: new Date().toISOString(), ...stack }, null, 2));
  // SDK sockets and timers of the in-process stack would keep the process alive.
  process.exit(0);
}
if (wanted('stack')) {
  // The stack part in a fresh process: its RSS and CPU time are the stack's, not the bundler's.
  const flags = process.argv.slice(2).filter((arg) => arg.startsWith('--'));
  rmSync(path.join(OUT, 'stack-results.json'), { force: true });
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, 'stack', ...flags], { stdio: 'inherit' });
  if (child.status !== 0) process.exit(child.status ?? 1);
}
if (wanted('import')) {
  const { benchImport } = await import('./import-bench.ts');
  const count = Number(process.env.BENCH_IMPORT_COMMENTS ?? 10_000);
  const { seconds, perSecond } = await benchImport(count);
  console.log(`\nimport: ${count} comments from a WordPress export in ${seconds.toFixed(1)} s = ${Math.round(perSecond)} comments/s (target ≥ 500/s locally)`);
}
if (only === undefined) {
  const stack = JSON.parse(readFileSync(path.join(OUT, 'stack-results.json'), 'utf8')) as StackResult;
  console.log(`\nTargets (this run; ${process.argv.includes('--scale') || process.env.BENCH_SCALE === '1' ? 'with' : 'without'} the 100,000-comment size: add --scale for it)\n`);
  console.table(targetRows(bundleResults, stack));
}
