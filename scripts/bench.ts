/**
 * `npm run bench`: bundles every Lambda entry exactly as the CDK stack does
 * (infra/bundling.ts), plus a minimal baseline (hono + DynamoDB client + zod),
 * and prints each bundle's size and its cold import time — the median over
 * fresh `node` processes, each importing the bundle from a directory without
 * node_modules (as on Lambda) — next to the baseline, as a ratio; for the HTTP bundles also
 * import + a first GET /health, which counts what a first request loads on top.
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
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { IMPORT_CHECK_ENV, LAMBDA_ENTRIES, type LambdaName, REPO_ROOT, esbuildOptionsFor } from '../infra/bundling.ts';
import { buildWidget } from '../infra/widget-bundle.ts';
import { type StackResult, targetRows } from './bench/targets.ts';

// At least 10 fresh processes per bundle; BENCH_RUNS may ask for more.
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15));
const OUT = path.join(REPO_ROOT, '.bench');

/** The smallest honest Lambda of this stack's kind: an HTTP app, a DynamoDB client, a zod schema. */
const BASELINE_SOURCE = `
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const Params = z.object({ id: z.string().min(1).max(128) });
const app = new Hono();
app.get('/items/:id', async (c) => {
  const { id } = Params.parse(c.req.param());
  const { Item } = await db.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: id } }));
  return Item ? c.json(Item) : c.notFound();
});
export const handler = handle(app);
`;

interface Result {
  name: string;
  bytes: number;
  gzipBytes: number;
  importMs: number[];
  medianMs: number;
  /** Import plus one GET /health (HTTP bundles only). */
  firstRequestMs: number[];
  medianFirstRequestMs: number;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** The packages (or source folders) taking most bytes of a bundle, as one line. */
function topContributors(metafile: Metafile, count: number): string {
  const output = Object.values(metafile.outputs)[0];
  const bytes = new Map<string, number>();
  for (const [file, input] of Object.entries(output?.inputs ?? {})) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.split('/').slice(0, 2).join('/');
    bytes.set(pkg, (bytes.get(pkg) ?? 0) + input.bytesInOutput);
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([pkg, n]) => `${pkg} ${(n / 1024).toFixed(0)}`)
    .join(', ');
}

/**
 * GET /health as API Gateway (payload 2.0) sends it: no storage, no network. Sent to the
 * HTTP bundles right after their import, so the column "import + first request" also counts
 * what the first request loads (hono builds a Request: Node's fetch implementation).
 */
const HEALTH_EVENT = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/health',
  rawQueryString: '',
  headers: { host: 'bench.execute-api.us-east-1.amazonaws.com', accept: 'application/json' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'bench',
    domainName: 'bench.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'bench',
    http: { method: 'GET', path: '/health', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'bench' },
    requestId: 'bench',
    routeKey: '$default',
    stage: '$default',
    time: '28/Nov/2026:10:00:00 +0000',
    timeEpoch: 1795860000000,
  },
  isBase64Encoded: false,
};
/** An HTTP bundle is one built around hono's Lambda adapter (the function list is infra/bundling.ts's, whatever it holds). */
const isHttpBundle = (metafile: Metafile) => Object.keys(metafile.inputs).some((file) => /hono\/dist\/adapter\/aws-lambda\//.test(file));

/** One fresh process: ms from before `import()` to after it resolved, and (HTTP bundles) to after a first request. */
function importOnce(file: string, cwd: string, firstRequest: boolean): { importMs: number; firstRequestMs: number } {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(file)});
if (typeof m.handler !== 'function') throw new Error('no handler export');
const imported = performance.now() - t;
${firstRequest ? `const res = await m.handler(${JSON.stringify(HEALTH_EVENT)}, { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10000 });
if (!res || typeof res.statusCode !== 'number') throw new Error('no answer to GET /health');` : ''}
process.stdout.write(JSON.stringify([imported, performance.now() - t]));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...IMPORT_CHECK_ENV },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`importing ${path.basename(file)} failed:\n${run.stderr}`);
  const [importMs, firstRequestMs] = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as [number, number];
  return { importMs, firstRequestMs };
}

async function main(): Promise<Result[]> {
  // Imported here, not at the top: it builds the OpenAPI document from the app's modules, whose
  // logger would take its level before the stack part (`bench stack`, same file) sets it.
  const { bundleDefines } = await import('../infra/bundle-defines.ts');
  rmSync(path.join(OUT, 'bundles'), { recursive: true, force: true });
  mkdirSync(path.join(OUT, 'bundles'), { recursive: true });

  // The baseline entry lives inside the repo so that its imports resolve from node_modules.
  const baselineEntry = path.join(OUT, 'baseline-entry.mjs');
  writeFileSync(baselineEntry, BASELINE_SOURCE);
  const entries: Array<[string, string]> = [['baseline', baselineEntry]];
  for (const [name, relative] of Object.entries(LAMBDA_ENTRIES)) {
    const entry = path.join(REPO_ROOT, relative);
    if (existsSync(entry)) entries.push([name, entry]);
    else console.warn(`skipping ${name}: ${relative} does not exist yet`);
  }

  const bundles: Array<[string, string]> = [];
  const largest: Record<string, string> = {};
  const httpBundles = new Set<string>();
  for (const [name, entry] of entries) {
    const outfile = path.join(OUT, 'bundles', `${name}.mjs`);
    // The public function is bundled with the widget and the OpenAPI document compiled in, as the stack does.
    const result = await build({ ...esbuildOptionsFor(entry, outfile, name === 'baseline' ? {} : bundleDefines(name as LambdaName)), metafile: true });
    writeFileSync(path.join(OUT, 'bundles', `${name}.meta.json`), JSON.stringify(result.metafile));
    bundles.push([name, outfile]);
    largest[name] = topContributors(result.metafile, 6);
    if (isHttpBundle(result.metafile)) httpBundles.add(name);
  }

  // Import from a directory with no node_modules above it: nothing can be
  // resolved outside the bundle, as on Lambda.
  const isolated = mkdtempSync(path.join(tmpdir(), 'leave-a-reply-bench-'));
  const results: Result[] = bundles.map(([name, file]) => {
    const copy = path.join(isolated, `${name}.mjs`);
    copyFileSync(file, copy);
    return { name, bytes: statSync(file).size, gzipBytes: gzipSync(readFileSync(file)).length, importMs: [], medianMs: 0, firstRequestMs: [], medianFirstRequestMs: Number.NaN };
  });
  try {
    for (const r of results) importOnce(path.join(isolated, `${r.name}.mjs`), isolated, httpBundles.has(r.name)); // warm the OS file cache
    // Interleave the bundles so that machine noise spreads evenly over them.
    for (let run = 0; run < RUNS; run++) {
      for (const r of results) {
        const http = httpBundles.has(r.name);
        const once = importOnce(path.join(isolated, `${r.name}.mjs`), isolated, http);
        r.importMs.push(once.importMs);
        if (http) r.firstRequestMs.push(once.firstRequestMs);
      }
    }
  } finally {
    rmSync(isolated, { recursive: true, force: true });
  }
  for (const r of results) {
    r.medianMs = median(r.importMs);
    if (r.firstRequestMs.length > 0) r.medianFirstRequestMs = median(r.firstRequestMs);
  }

  const base = results[0]!;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows = results.map((r) => ({
    bundle: r.name,
    size: kb(r.bytes),
    gzip: kb(r.gzipBytes),
    'size ×': (r.bytes / base.bytes).toFixed(2),
    'cold import (median)': `${r.medianMs.toFixed(1)} ms`,
    'import ×': (r.medianMs / base.medianMs).toFixed(2),
    'import + first request': Number.isNaN(r.medianFirstRequestMs) ? '—' : `${r.medianFirstRequestMs.toFixed(1)} ms`,
    'first request ×': Number.isNaN(r.medianFirstRequestMs) ? '—' : (r.medianFirstRequestMs / base.medianFirstRequestMs).toFixed(2),
  }));
  console.log(`\nLambda bundles (esbuild options from infra/bundling.ts), ${RUNS} fresh node processes each, Node ${process.version}\n`);
  console.table(rows);
  console.log('\nLargest contributors (KB in the minified output):');
  for (const [name, line] of Object.entries(largest)) console.log(`  ${name.padEnd(18)} ${line}`);
  const widget = buildWidget();
  const widgetGzip = gzipSync(widget).length;
  console.log(`\nBrowser widget (/widget.js): ${kb(Buffer.byteLength(widget))} minified, ${kb(widgetGzip)} gzipped (budget 15 KB gzipped${widgetGzip > 15 * 1024 ? ' — OVER BUDGET' : ''})`);
  writeFileSync(
    path.join(OUT, 'results.json'),
    JSON.stringify({ node: process.version, runs: RUNS, date: new Date().toISOString(), results, widget: { bytes: Buffer.byteLength(widget), gzipBytes: widgetGzip } }, null, 2),
  );
  console.log(`\nBundles, metafiles and results.json are in ${path.relative(process.cwd(), OUT) || '.'}/`);
  return results;
}

const PARTS = ['bundles', 'stack', 'import'] as const;
const only = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (only !== undefined && !(PARTS as readonly string[]).includes(only)) throw new Error('Usage: npm run bench [-- bundles|stack|import] [--scale]');
const wanted = (part: (typeof PARTS)[number]) => only === undefined || only === part;
const bundleResults = wanted('bundles') ? await main() : undefined;
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
