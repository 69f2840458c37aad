/**
 * The bundle part of `npm run bench` (`npm run bench -- bundles`): every Lambda entry bundled exactly
 * as the CDK stack does (infra/bundling.ts) plus a minimal baseline (hono + DynamoDB client + zod),
 * each bundle's size and its cold import time in fresh `node` processes, each importing the bundle
 * from a directory without node_modules (as on Lambda); for the HTTP bundles also import + a first
 * GET /health, which counts what a first request loads on top.
 *
 * The machine is shared, so the bundles are imported round-robin (each round imports every bundle
 * once, starting at a different one) and each round's times are divided by that round's baseline:
 * a load shift hits every bundle of a round alike, and the ratio printed is the median of the
 * per-round ratios. Each process also reports its CPU time (all threads) for the import and for
 * import + first request: on a loaded machine wall time counts other processes' turns on the CPU,
 * CPU time does not, so its medians move far less from run to run. `--against=<git ref>` adds the public function and the worker of that commit to
 * the same rounds (before/after on equal terms). Then one cold import of the public function and of the worker runs under
 * `--cpu-prof`: the frames with the most self time and the modules they come from (./cpu-profile.ts).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { IMPORT_CHECK_ENV, LAMBDA_ENTRIES, type LambdaName, REPO_ROOT, esbuildOptionsFor } from '../../infra/bundling.ts';
import { buildWidget } from '../../infra/widget-bundle.ts';
import { profileColdImport, type ProfileSummary } from './cpu-profile.ts';

// At least 10 rounds; BENCH_RUNS may ask for more.
const RUNS = Math.max(10, Number(process.env.BENCH_RUNS ?? 15));

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

export interface Result {
  name: string;
  bytes: number;
  gzipBytes: number;
  importMs: number[];
  medianMs: number;
  /** This round's import time over the baseline's, per round. */
  importRatios: number[];
  medianRatio: number;
  /**
   * CPU time of the process (all threads) during the import, and during import + first request:
   * what the machine's load does not stretch, unlike wall time (another process's turn on the CPU
   * is counted in wall time, not here).
   */
  importCpuMs: number[];
  medianCpuMs: number;
  firstRequestCpuMs: number[];
  medianFirstRequestCpuMs: number;
  /** Import plus one GET /health (HTTP bundles only). */
  firstRequestMs: number[];
  medianFirstRequestMs: number;
  firstRequestRatios: number[];
  medianFirstRequestRatio: number;
}

export const median = (values: number[]): number => {
  if (values.length === 0) return Number.NaN;
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

/** The script a fresh process runs: import the bundle, time it, and (HTTP bundles) answer a first request. */
export function importScript(file: string, firstRequest: boolean): string {
  return `const cpu = process.cpuUsage(); const t = performance.now(); const m = await import(${JSON.stringify(file)});
if (typeof m.handler !== 'function') throw new Error('no handler export');
const imported = performance.now() - t;
const importCpu = process.cpuUsage(cpu);
${firstRequest ? `const res = await m.handler(${JSON.stringify(HEALTH_EVENT)}, { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 10000 });
if (!res || typeof res.statusCode !== 'number') throw new Error('no answer to GET /health');` : ''}
const totalCpu = process.cpuUsage(cpu);
const ms = (usage) => (usage.user + usage.system) / 1000;
process.stdout.write(JSON.stringify([imported, performance.now() - t, ms(importCpu), ms(totalCpu)]));`;
}

/** The environment of a bundle's process: Lambda's variables, nothing of this shell's. */
export const importEnv = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH ?? '', ...IMPORT_CHECK_ENV });

/** One fresh process: ms from before `import()` to after it resolved, and (HTTP bundles) to after a first request. */
interface ImportTimes {
  importMs: number;
  firstRequestMs: number;
  importCpuMs: number;
  firstRequestCpuMs: number;
}

function importOnce(file: string, cwd: string, firstRequest: boolean): ImportTimes {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', importScript(file, firstRequest)], {
    cwd,
    env: importEnv(),
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (run.status !== 0) throw new Error(`importing ${path.basename(file)} failed:\n${run.stderr}`);
  const [importMs, firstRequestMs, importCpuMs, firstRequestCpuMs] = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as [number, number, number, number];
  return { importMs, firstRequestMs, importCpuMs, firstRequestCpuMs };
}

/**
 * The sources of another commit (`git archive`, no worktree of the repository touched) with this
 * checkout's node_modules, so that its bundles are built from its code and its package.json.
 */
function checkout(ref: string, out: string): string {
  const tree = path.join(out, 'against');
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  const archive = spawnSync('git', ['-C', REPO_ROOT, 'archive', '--format=tar', ref], { maxBuffer: 1 << 30 });
  if (archive.status !== 0) throw new Error(`git archive ${ref} failed:\n${archive.stderr}`);
  const untar = spawnSync('tar', ['-x', '-C', tree], { input: archive.stdout });
  if (untar.status !== 0) throw new Error(`unpacking ${ref} failed:\n${untar.stderr}`);
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(tree, 'node_modules'));
  return tree;
}

interface BundleExtras {
  bundleDefines: (name: LambdaName) => Record<string, string>;
  bundleFiles: (name: LambdaName) => Record<string, string>;
}

/** A source tree's own infra/bundle-defines.ts (commits before the files beside the bundle had none). */
async function bundleExtrasOf(tree: string): Promise<BundleExtras> {
  const module = (await import(pathToFileURL(path.join(tree, 'infra', 'bundle-defines.ts')).href)) as Partial<BundleExtras> & Pick<BundleExtras, 'bundleDefines'>;
  return { bundleDefines: module.bundleDefines, bundleFiles: module.bundleFiles ?? (() => ({})) };
}

/** Bundles every entry (and the baseline) into `dir`; returns [name, outfile] pairs and each bundle's largest contributors. */
async function buildBundles(out: string, dir: string): Promise<{ bundles: Array<[string, string]>; largest: Record<string, string>; http: Set<string> }> {
  // The baseline entry lives inside the repo so that its imports resolve from node_modules.
  const baselineEntry = path.join(out, 'baseline-entry.mjs');
  writeFileSync(baselineEntry, BASELINE_SOURCE);
  const entries: Array<[string, string]> = [['baseline', baselineEntry]];
  for (const [name, relative] of Object.entries(LAMBDA_ENTRIES)) {
    const entry = path.join(REPO_ROOT, relative);
    if (existsSync(entry)) entries.push([name, entry]);
    else console.warn(`skipping ${name}: ${relative} does not exist yet`);
  }
  // `--against=<git ref>`: the public function and the worker as of that commit too, in the same rounds.
  const against = process.argv.find((arg) => arg.startsWith('--against='))?.slice('--against='.length);
  const extras = new Map<string, BundleExtras>([['', await bundleExtrasOf(REPO_ROOT)]]);
  if (against) {
    const tree = checkout(against, out);
    extras.set(against, await bundleExtrasOf(tree));
    for (const name of ['publicApi', 'moderationWorker'] as const) entries.push([`${name}@${against}`, path.join(tree, LAMBDA_ENTRIES[name])]);
  }
  const bundles: Array<[string, string]> = [];
  const largest: Record<string, string> = {};
  const http = new Set<string>();
  for (const [name, entry] of entries) {
    const outfile = path.join(dir, `${name}.mjs`);
    // As the stack of that commit bundles it: its defines, and its files beside the bundle (the bench's first request reads none).
    const [lambda, ref = ''] = name.split('@') as [LambdaName, string?];
    const { bundleDefines, bundleFiles } = extras.get(ref)!;
    for (const [file, content] of Object.entries(name === 'baseline' ? {} : bundleFiles(lambda))) writeFileSync(path.join(dir, file), content);
    const result = await build({ ...esbuildOptionsFor(entry, outfile, name === 'baseline' ? {} : bundleDefines(lambda)), metafile: true });
    writeFileSync(path.join(dir, `${name}.meta.json`), JSON.stringify(result.metafile));
    bundles.push([name, outfile]);
    largest[name] = topContributors(result.metafile, 6);
    if (isHttpBundle(result.metafile)) http.add(name);
  }
  return { bundles, largest, http };
}

/** Round-robin over the bundles, each round starting one bundle later; each round's times also as ratios to its baseline. */
function measure(results: Result[], isolated: string, http: Set<string>): void {
  const fileOf = (r: Result) => path.join(isolated, `${r.name}.mjs`);
  for (const r of results) importOnce(fileOf(r), isolated, http.has(r.name)); // warm the OS file cache
  for (let round = 0; round < RUNS; round++) {
    const times = new Map<Result, ImportTimes>();
    for (let i = 0; i < results.length; i++) {
      const r = results[(round + i) % results.length]!;
      times.set(r, importOnce(fileOf(r), isolated, http.has(r.name)));
    }
    const base = times.get(results[0]!)!;
    for (const [r, once] of times) {
      r.importMs.push(once.importMs);
      r.importRatios.push(once.importMs / base.importMs);
      r.importCpuMs.push(once.importCpuMs);
      if (http.has(r.name)) {
        r.firstRequestCpuMs.push(once.firstRequestCpuMs);
        r.firstRequestMs.push(once.firstRequestMs);
        r.firstRequestRatios.push(once.firstRequestMs / base.firstRequestMs);
      }
    }
  }
  for (const r of results) {
    r.medianMs = median(r.importMs);
    r.medianRatio = median(r.importRatios);
    r.medianFirstRequestMs = median(r.firstRequestMs);
    r.medianCpuMs = median(r.importCpuMs);
    r.medianFirstRequestCpuMs = median(r.firstRequestCpuMs);
    r.medianFirstRequestRatio = median(r.firstRequestRatios);
  }
}

function printProfile(profile: ProfileSummary): void {
  console.log(`\n${profile.name}: the median of 5 cold imports under --cpu-prof, ${profile.totalMs.toFixed(0)} ms sampled (${profile.bundleMs.toFixed(0)} ms in the bundle's own code)`);
  console.log('  top self time by module:');
  for (const m of profile.modules) console.log(`    ${m.selfMs.toFixed(1).padStart(6)} ms  ${m.module}${m.bytes === undefined ? '' : ` (${(m.bytes / 1024).toFixed(0)} KB)`}`);
  console.log('  top self time by frame:');
  for (const f of profile.frames) console.log(`    ${f.selfMs.toFixed(1).padStart(6)} ms  ${f.functionName || '(top level)'}  ${f.module}`);
}

/** Runs the bundle part; returns this checkout's bundles (not those of `--against`), for the targets table. */
export async function runBundleBench(out: string): Promise<Result[]> {
  const dir = path.join(out, 'bundles');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const { bundles, largest, http } = await buildBundles(out, dir);

  // Import from a directory with no node_modules above it: nothing can be
  // resolved outside the bundle, as on Lambda.
  const isolated = mkdtempSync(path.join(tmpdir(), 'leave-a-reply-bench-'));
  // With the files the public function's asset carries beside its bundle.
  for (const file of readdirSync(dir)) if (!file.endsWith('.mjs') && !file.endsWith('.meta.json')) copyFileSync(path.join(dir, file), path.join(isolated, file));
  const results: Result[] = bundles.map(([name, file]) => {
    copyFileSync(file, path.join(isolated, `${name}.mjs`));
    return {
      name,
      bytes: statSync(file).size,
      gzipBytes: gzipSync(readFileSync(file)).length,
      importMs: [],
      medianMs: 0,
      importRatios: [],
      medianRatio: 0,
      importCpuMs: [],
      medianCpuMs: 0,
      firstRequestCpuMs: [],
      medianFirstRequestCpuMs: Number.NaN,
      firstRequestMs: [],
      medianFirstRequestMs: Number.NaN,
      firstRequestRatios: [],
      medianFirstRequestRatio: Number.NaN,
    };
  });
  try {
    measure(results, isolated, http);
  } finally {
    rmSync(isolated, { recursive: true, force: true });
  }

  const base = results[0]!;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  const rows = results.map((r) => ({
    bundle: r.name,
    size: kb(r.bytes),
    gzip: kb(r.gzipBytes),
    'size ×': (r.bytes / base.bytes).toFixed(2),
    'cold import (median)': `${r.medianMs.toFixed(1)} ms`,
    'import × (median of rounds)': r.medianRatio.toFixed(2),
    'import + first request': Number.isNaN(r.medianFirstRequestMs) ? '—' : `${r.medianFirstRequestMs.toFixed(1)} ms`,
    'first request ×': Number.isNaN(r.medianFirstRequestRatio) ? '—' : r.medianFirstRequestRatio.toFixed(2),
    'CPU: import (×)': `${r.medianCpuMs.toFixed(1)} ms (${(r.medianCpuMs / base.medianCpuMs).toFixed(2)})`,
    'CPU: + first request (×)': Number.isNaN(r.medianFirstRequestCpuMs) ? '—' : `${r.medianFirstRequestCpuMs.toFixed(1)} ms (${(r.medianFirstRequestCpuMs / base.medianFirstRequestCpuMs).toFixed(2)})`,
  }));
  console.log(`\nLambda bundles (esbuild options from infra/bundling.ts), ${RUNS} interleaved rounds of fresh node processes, Node ${process.version}\n`);
  console.table(rows);
  console.log('\nLargest contributors (KB in the minified output):');
  for (const [name, line] of Object.entries(largest)) console.log(`  ${name.padEnd(18)} ${line}`);

  const profiles: ProfileSummary[] = [];
  for (const name of ['publicApi', 'moderationWorker'] as const) {
    const profile = await profileColdImport(name, out, importScript, importEnv());
    profiles.push(profile);
    printProfile(profile);
  }

  const widget = buildWidget();
  const widgetGzip = gzipSync(widget).length;
  console.log(`\nBrowser widget (/widget.js): ${kb(Buffer.byteLength(widget))} minified, ${kb(widgetGzip)} gzipped (budget 15 KB gzipped${widgetGzip > 15 * 1024 ? ' — OVER BUDGET' : ''})`);
  writeFileSync(
    path.join(out, 'results.json'),
    JSON.stringify({ node: process.version, runs: RUNS, date: new Date().toISOString(), results, profiles, widget: { bytes: Buffer.byteLength(widget), gzipBytes: widgetGzip } }, null, 2),
  );
  console.log(`\nBundles, metafiles, profiles and results.json are in ${path.relative(process.cwd(), out) || '.'}/`);
  return results.filter((r) => !r.name.includes('@'));
}
