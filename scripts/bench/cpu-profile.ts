/**
 * Cold imports of a Lambda bundle under `node --cpu-prof` (five; the median one is shown), summarised: the frames with the most
 * self time and the modules (packages, or this project's files) they come from, with each
 * module's size in the deployed bundle (esbuild metafile of `npm run bench -- bundles`).
 *
 * The profiled bundle is built with the deployed options except whitespace and identifier
 * minification, so that esbuild's `// path` comment before each module maps a frame's line to its
 * module and function names stay legible; the code that runs is otherwise the same.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';
import { bundleDefines } from '../../infra/bundle-defines.ts';
import { entryPath, esbuildOptionsFor, type LambdaName } from '../../infra/bundling.ts';

export interface ProfileSummary {
  name: string;
  /** Everything sampled in the process, Node's start-up included. */
  totalMs: number;
  /** Self time in the bundle's own code (its modules' top levels and functions). */
  bundleMs: number;
  modules: Array<{ module: string; selfMs: number; bytes?: number }>;
  frames: Array<{ functionName: string; module: string; selfMs: number }>;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; positionTicks?: Array<{ line: number; ticks: number }> }>;
  samples: number[];
  timeDeltas: number[];
}

/** A package name for node_modules files, the file itself for the project's own. */
export const moduleKey = (file: string): string => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1] ?? file.replace(/^(\.\.\/)+/, '');

/** For each line of an unminified esbuild bundle, the module it belongs to (esbuild writes `// path` before each). */
function lineModules(code: string): string[] {
  const modules: string[] = [];
  // Before the first module: esbuild's __commonJS/__esm wrappers, whose self time is mostly compiling the wrapped module on first use.
  let current = '(esbuild module wrappers)';
  for (const line of code.split('\n')) {
    const marker = /^\/\/ ((?:\.\.\/)*[\w@.+-]+\/[\w@./+-]*\.(?:[cm]?[jt]sx?|json))$/.exec(line);
    if (marker) current = moduleKey(marker[1]!);
    modules.push(current);
  }
  return modules;
}

function bytesByModule(metafile: Metafile): Map<string, number> {
  const bytes = new Map<string, number>();
  for (const [file, input] of Object.entries(Object.values(metafile.outputs)[0]?.inputs ?? {})) {
    bytes.set(moduleKey(file), (bytes.get(moduleKey(file)) ?? 0) + input.bytesInOutput);
  }
  return bytes;
}

export async function profileColdImport(
  name: LambdaName,
  out: string,
  importScript: (file: string, firstRequest: boolean) => string,
  env: NodeJS.ProcessEnv,
  { runs = 5, top = 15 } = {},
): Promise<ProfileSummary> {
  const dir = path.join(out, 'profile', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, `${name}.mjs`);
  await build({ ...esbuildOptionsFor(entryPath(name), outfile, bundleDefines(name)), minify: false, minifySyntax: true, legalComments: 'none' });
  const code = readFileSync(outfile, 'utf8');
  const modules = lineModules(code);

  const isolated = mkdtempSync(path.join(tmpdir(), 'leave-a-reply-profile-'));
  try {
    const copy = path.join(isolated, `${name}.mjs`);
    copyFileSync(outfile, copy);
    for (let run = 0; run < runs; run++) {
      const child = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=100', '--input-type=module', '-e', importScript(copy, false)], {
        cwd: isolated,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (child.status !== 0) throw new Error(`profiling ${name} failed:\n${child.stderr}`);
    }
  } finally {
    rmSync(isolated, { recursive: true, force: true });
  }
  const metafile = path.join(out, 'bundles', `${name}.meta.json`);
  const bytes = existsSync(metafile) ? bytesByModule(JSON.parse(readFileSync(metafile, 'utf8')) as Metafile) : new Map<string, number>();
  // One import can be preempted on a shared machine: the run whose own-code time is the median is the one shown.
  const summaries = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => summarise(name, JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as CpuProfile, modules, bytes, top))
    .sort((a, b) => a.bundleMs - b.bundleMs);
  if (summaries.length === 0) throw new Error(`no .cpuprofile written for ${name}`);
  return summaries[Math.floor(summaries.length / 2)]!;
}

function summarise(name: string, profile: CpuProfile, modules: string[], bytes: Map<string, number>, top: number): ProfileSummary {

  const selfUs = new Map<number, number>();
  for (const [i, id] of profile.samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  const byModule = new Map<string, number>();
  const byFrame = new Map<string, { functionName: string; module: string; selfMs: number }>();
  let totalMs = 0;
  let bundleMs = 0;
  for (const node of profile.nodes) {
    const ms = (selfUs.get(node.id) ?? 0) / 1000;
    if (ms === 0) continue;
    totalMs += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const inBundle = url.endsWith(`/${name}.mjs`);
    // Self time by the lines that ran (positionTicks), else by where the function starts.
    const ticks = inBundle && node.positionTicks?.length ? node.positionTicks : [{ line: lineNumber + 1, ticks: 1 }];
    const totalTicks = ticks.reduce((sum, t) => sum + t.ticks, 0);
    for (const t of ticks) {
      const share = (ms * t.ticks) / totalTicks;
      const module = inBundle ? (modules[t.line - 1] ?? '(bundle)') : url ? `(node: ${url.replace(/^node:/, '')})` : `(${functionName || 'program'})`;
      if (inBundle) bundleMs += share;
      byModule.set(module, (byModule.get(module) ?? 0) + share);
      const key = `${functionName}\u0000${module}`;
      const frame = byFrame.get(key) ?? { functionName, module, selfMs: 0 };
      frame.selfMs += share;
      byFrame.set(key, frame);
    }
  }
  return {
    name,
    totalMs,
    bundleMs,
    modules: [...byModule]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([module, selfMs]) => ({ module, selfMs, bytes: bytes.get(module) })),
    frames: [...byFrame.values()].sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
  };
}
