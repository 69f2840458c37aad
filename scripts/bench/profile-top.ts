/**
 * `node --import tsx scripts/bench/profile-top.ts FILE.cpuprofile [count]`: the frames with the
 * most self time in a V8 CPU profile (what `node --cpu-prof` writes), as a table — function,
 * file:line, self ms and share of the busy (not idle) time — and the same summed by package or
 * source folder. Sampled time on a busy machine includes time the thread was preempted: compare
 * shares, and take CPU totals from process.cpuUsage (the bench prints them).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per node id, from the sample stream (timeDeltas are µs before each sample). */
function selfTimes(profile: CpuProfile): Map<number, number> {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    const next = profile.timeDeltas[i + 1] ?? 0;
    self.set(id, (self.get(id) ?? 0) + next / 1000);
  });
  return self;
}

const where = (url: string): string => {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  // The SDK's core packages bundle their parts as submodules: name the part (retry, endpoints…).
  const submodule = /\/submodules\/([^/]+)\//.exec(url)?.[1];
  if (pkg) return submodule ? `${pkg}/${submodule}` : pkg;
  const local = /\/(shared|functions|scripts|infra)\/(.*)$/.exec(url);
  return local ? `${local[1]}/${local[2]}` : url.replace(/^node:/, '') || '(native)';
};

export function topFrames(profile: CpuProfile, count: number) {
  const self = selfTimes(profile);
  // Idle is time the thread waited, not CPU: left out of the frames and of the total they share.
  const idleIds = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
  for (const id of idleIds) self.delete(id);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFrame = new Map<string, number>();
  const byPlace = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = self.get(node.id) ?? 0;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'}  ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
    byFrame.set(key, (byFrame.get(key) ?? 0) + ms);
    const place = url ? where(url) : functionName;
    byPlace.set(place, (byPlace.get(place) ?? 0) + ms);
  }
  const rows = (map: Map<string, number>) =>
    [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(([name, ms]) => ({ name, 'self ms': Math.round(ms), share: `${((100 * ms) / total).toFixed(1)} %` }));
  return { totalMs: total, frames: rows(byFrame), places: rows(byPlace) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, count = '15'] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-top.ts FILE.cpuprofile [count]');
  const top = topFrames(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(count));
  console.log(`${file}: ${Math.round(top.totalMs)} ms sampled busy`);
  console.table(top.frames);
  console.table(top.places);
}
