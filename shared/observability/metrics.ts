import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRICS_NAMESPACE } from '../deployment-names.ts';

/**
 * Business metrics as CloudWatch EMF (Powertools): written as structured log
 * lines, no API call. Locally and in tests POWERTOOLS_METRICS_DISABLED keeps
 * them out of the console.
 */
let metrics: Metrics | undefined;

/** Made on the first metric recorded, not at cold start: most invocations record none (reads, health). */
function recorder(): Metrics {
  metrics ??= new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'comments',
  });
  return metrics;
}

export const METRIC = {
  submitted: 'CommentsSubmitted',
  approved: 'CommentsApproved',
  held: 'CommentsHeld',
  spam: 'CommentsSpam',
  workerFailures: 'WorkerFailures',
} as const;

export function countMetric(name: (typeof METRIC)[keyof typeof METRIC], value = 1): void {
  recorder().addMetric(name, MetricUnit.Count, value);
}

/** Flushes what this invocation recorded; nothing when it recorded nothing. */
export function publishMetrics(): void {
  if (metrics?.hasStoredMetrics()) metrics.publishStoredMetrics();
}
