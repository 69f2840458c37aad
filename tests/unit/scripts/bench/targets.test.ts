import { describe, expect, it } from 'vitest';
import { type BundleResult, GOALS, type StackResult, targetRows } from '../../../../scripts/bench/targets.ts';

const bundles: BundleResult[] = [
  { name: 'baseline', medianMs: 100, medianFirstRequestMs: 120, gzipBytes: 1 },
  { name: 'publicApi', medianMs: 70, medianFirstRequestMs: 90, gzipBytes: 1 },
  { name: 'moderationWorker', medianMs: 95, medianFirstRequestMs: Number.NaN, gzipBytes: 1 },
  { name: 'moderatorApi', medianMs: 180, medianFirstRequestMs: 200, gzipBytes: 1 },
];
const stack: StackResult = {
  perSubmission: { requests: 2 },
  perDecision: { requests: 3 },
  costPerMillion: 17.5,
  cpuMsPerComment: { node: 4.2, dynamoDbLocal: 20 },
  lag: { seconds: 0.4, burstSeconds: 20 },
  latency: [
    { stored: 100, listMs: { p50: 10, p95: 20 }, submitMs: { p50: 30, p95: 60 } },
    { stored: 20_000, listMs: { p50: 11, p95: 25 }, submitMs: { p50: 31, p95: 70 } },
  ],
  rssMb: { total: 480, comments: 20_100 },
};
const row = (rows: ReturnType<typeof targetRows>, number: string) => rows.find((r) => r.target.startsWith(`${number} `))!;

describe('Function: targetRows', () => {
  it('gives one row per target, 1 to 7, in order', () => {
    // Act
    const rows = targetRows(bundles, stack);

    // Assess
    expect(rows.map((r) => r.target.split(' ')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('marks every target met when every measurement is within its goal', () => {
    // Act
    const rows = targetRows(bundles, stack);

    // Assess
    expect(rows.filter((r) => r.met !== 'see docs').map((r) => r.met)).toEqual(['yes', 'yes', 'yes', 'yes', 'yes', 'yes']);
  });

  it('prints every function bundle the run built, and judges the visitors\' function and the worker', () => {
    // Arrange
    const slowWorker = bundles.map((b) => (b.name === 'moderationWorker' ? { ...b, medianMs: 100 * GOALS.importRatio + 1 } : b));

    // Act
    const met = row(targetRows(bundles, stack), '1');
    const slow = row(targetRows(slowWorker, stack), '1');

    // Assess
    expect(met.met).toBe('yes');
    expect(met.measured).toContain('moderatorApi 1.80×');
    expect(met.measured).toContain('publicApi 0.70×');
    expect(slow.met).toBe('NO');
    expect(slow.measured).toContain('moderationWorker 1.01×');
  });

  it('fails CPU, RSS, lag and requests past their goals', () => {
    // Arrange
    const heavy: StackResult = { ...stack, perSubmission: { requests: 3 }, cpuMsPerComment: { node: 11.6, nodeFirstBurst: 13.2, dynamoDbLocal: 25 }, lag: { seconds: 1.2, burstSeconds: 20 }, rssMb: { total: 501, comments: 20_100 } };

    // Act
    const rows = targetRows(bundles, heavy);

    // Assess
    expect(['2', '3', '5', '6'].map((n) => row(rows, n).met)).toEqual(['NO', 'NO', 'NO', 'NO']);
    expect(row(rows, '3').measured).toBe('11.6 ms warm (first burst 13.2 ms) (+ DynamoDB Local 25.0 ms)');
  });

  it('fails latency that grows with the table, judged on medians', () => {
    // Arrange
    const growing: StackResult = { ...stack, latency: [stack.latency[0]!, { ...stack.latency[1]!, listMs: { p50: 16, p95: 21 } }] };

    // Act
    const latency = row(targetRows(bundles, growing), '7');

    // Assess
    expect(latency.met).toBe('NO');
  });

  it('says "not measured" for what the run did not measure, never a verdict', () => {
    // Arrange
    const small: StackResult = { ...stack, latency: [stack.latency[0]!], rssMb: { total: 300, comments: 160 } };

    // Act
    const withoutStack = targetRows(undefined, undefined);
    const smallRun = targetRows(bundles, small);

    // Assess
    expect(withoutStack.filter((r) => r.met !== 'see docs').every((r) => r.met === 'not measured')).toBe(true);
    expect(row(smallRun, '5')).toMatchObject({ met: 'not measured', measured: '300 MB at only 160' });
    expect(row(smallRun, '7').met).toBe('not measured');
  });
});
