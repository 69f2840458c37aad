/**
 * The one table `npm run bench` ends with: each performance target of the project, what this
 * run measured, the goal, and whether it is met. Pure: it reads the results the bundle and
 * stack parts wrote; a part not run (or a size not measured) shows as "not measured".
 */

export interface BundleResult {
  name: string;
  medianMs: number;
  /** The median of each interleaved round's ratio to that round's baseline (./bundle-bench.ts): steadier than a ratio of medians on a shared machine. */
  medianRatio?: number;
  medianFirstRequestMs: number;
  gzipBytes: number;
}

export interface StackResult {
  perSubmission: { requests: number };
  perDecision: { requests: number };
  costPerMillion: number;
  cpuMsPerComment: { node: number; nodeFirstBurst?: number; dynamoDbLocal: number };
  lag: { seconds: number; burstSeconds: number };
  latency: Array<{ stored: number; listMs: { p50: number; p95: number }; submitMs: { p50: number; p95: number } }>;
  rssMb: { total: number; comments: number };
}

export interface TargetRow {
  target: string;
  measured: string;
  goal: string;
  met: 'yes' | 'NO' | 'not measured' | 'see docs';
}

/** The goals, in one place. */
export const GOALS = {
  /** Cold import of the visitors' function and the worker, as a multiple of the minimal hono + DynamoDB + zod Lambda (aim 0.7×). */
  importRatio: 1.0,
  /** The bundles the cold-start goal applies to (infra/bundling.ts names); the others are printed beside them. */
  coldStartJudged: ['publicApi', 'moderationWorker'],
  /** DynamoDB requests to accept one comment. */
  submissionRequests: 2,
  cpuMsPerComment: 5,
  rssMb: 500,
  rssAtComments: 20_000,
  lagSeconds: 1,
  /** Latency may not grow with the table: the median at the largest size within this multiple of the smallest size's (medians: p95 of 60 requests on a shared machine is mostly noise). */
  latencyGrowth: 1.5,
} as const;

const met = (ok: boolean): TargetRow['met'] => (ok ? 'yes' : 'NO');
const missing = (target: string, goal: string): TargetRow => ({ target, measured: '—', goal, met: 'not measured' });
const f = (n: number, digits = 1) => n.toFixed(digits);

export function targetRows(bundles: BundleResult[] | undefined, stack: StackResult | undefined): TargetRow[] {
  const rows: TargetRow[] = [];
  const importGoal = `${GOALS.coldStartJudged.join(' and ')} ≤ ${GOALS.importRatio}× baseline`;
  const baseline = bundles?.find((b) => b.name === 'baseline');
  const functions = bundles?.filter((b) => b.name !== 'baseline') ?? [];
  if (!baseline || functions.length === 0) rows.push(missing('1 cold start (bundles)', importGoal));
  else {
    const ratios = functions.map((b) => [b.name, b.medianRatio ?? b.medianMs / baseline.medianMs] as const);
    rows.push({
      target: '1 cold start (bundles)',
      measured: `${ratios.map(([name, ratio]) => `${name} ${f(ratio, 2)}×`).join(', ')} (baseline ${f(baseline.medianMs)} ms)`,
      goal: importGoal,
      met: met(ratios.every(([name, ratio]) => !(GOALS.coldStartJudged as readonly string[]).includes(name) || ratio <= GOALS.importRatio)),
    });
  }
  if (!stack) {
    rows.push(
      missing('2 requests and cost per comment', `submission ≤ ${GOALS.submissionRequests} requests`),
      missing('3 CPU per comment (our process, worker included)', `≤ ${GOALS.cpuMsPerComment} ms`),
      { target: '4 Waline side by side', measured: 'separate harness', goal: 'docs/performance.md', met: 'see docs' },
      missing(`5 RSS of the local stack after ${GOALS.rssAtComments} comments`, `≤ ${GOALS.rssMb} MB`),
      missing('6 moderation lag after a 20 s burst', `≤ ${GOALS.lagSeconds} s`),
      missing('7 latency as the table grows', `p50 ≤ ${GOALS.latencyGrowth}× the smallest size's`),
    );
    return rows;
  }
  rows.push({
    target: '2 requests and cost per comment',
    measured: `submission ${f(stack.perSubmission.requests, 2)} + worker ${f(stack.perDecision.requests, 2)} DynamoDB requests, $${f(stack.costPerMillion, 2)} per million`,
    goal: `submission ≤ ${GOALS.submissionRequests} requests`,
    met: met(stack.perSubmission.requests <= GOALS.submissionRequests),
  });
  rows.push({
    target: '3 CPU per comment (our process, worker included)',
    measured: `${f(stack.cpuMsPerComment.node)} ms warm${stack.cpuMsPerComment.nodeFirstBurst === undefined ? '' : ` (first burst ${f(stack.cpuMsPerComment.nodeFirstBurst)} ms)`} (+ DynamoDB Local ${f(stack.cpuMsPerComment.dynamoDbLocal)} ms)`,
    goal: `≤ ${GOALS.cpuMsPerComment} ms`,
    met: met(stack.cpuMsPerComment.node <= GOALS.cpuMsPerComment),
  });
  rows.push({ target: '4 Waline side by side', measured: 'separate harness', goal: 'docs/performance.md', met: 'see docs' });
  const rssTarget = `5 RSS of the local stack after ${GOALS.rssAtComments} comments`;
  rows.push(
    stack.rssMb.comments >= GOALS.rssAtComments
      ? { target: rssTarget, measured: `${f(stack.rssMb.total, 0)} MB at ${stack.rssMb.comments}`, goal: `≤ ${GOALS.rssMb} MB`, met: met(stack.rssMb.total <= GOALS.rssMb) }
      : { ...missing(rssTarget, `≤ ${GOALS.rssMb} MB`), measured: `${f(stack.rssMb.total, 0)} MB at only ${stack.rssMb.comments}` },
  );
  rows.push({
    target: `6 moderation lag after a ${stack.lag.burstSeconds} s burst`,
    measured: `${f(stack.lag.seconds, 2)} s`,
    goal: `≤ ${GOALS.lagSeconds} s`,
    met: met(stack.lag.seconds <= GOALS.lagSeconds),
  });
  const latencyGoal = `p50 ≤ ${GOALS.latencyGrowth}× the smallest size's`;
  const [first, last] = [stack.latency[0], stack.latency.at(-1)];
  if (!first || !last || last === first) rows.push({ ...missing('7 latency as the table grows', latencyGoal), measured: first ? 'one size only' : '—' });
  else {
    type Size = StackResult['latency'][number];
    const growth = (pick: (l: Size) => number) => pick(last) / pick(first);
    rows.push({
      target: '7 latency as the table grows',
      measured: `${stack.latency.map((l) => `${l.stored}: list ${f(l.listMs.p50)} / submit ${f(l.submitMs.p50)} ms`).join('; ')} (p50)`,
      goal: latencyGoal,
      met: met(growth((l) => l.listMs.p50) <= GOALS.latencyGrowth && growth((l) => l.submitMs.p50) <= GOALS.latencyGrowth),
    });
  }
  return rows;
}
