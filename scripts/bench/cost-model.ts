/**
 * What a million comments cost on AWS at on-demand prices, from the bench's measurements.
 * Pure arithmetic, unit-tested; `scripts/bench/stack-bench.ts` feeds it measured numbers.
 */

/**
 * us-east-1 list prices (USD), as published by AWS on their pricing pages for Lambda (arm64,
 * first 6 billion GB-seconds a month), DynamoDB on-demand (after the November 2024 price cut),
 * SQS standard queues, SNS standard topics and API Gateway HTTP APIs (first 300 million).
 * Noted on 2026-11-28 (this machine has no internet access to re-read them: check the pages
 * before quoting a bill). Free tiers are left out.
 */
export const PRICES = {
  asOf: '2026-11-28',
  region: 'us-east-1',
  lambdaPerGbSecond: 0.0000133334,
  lambdaPerRequest: 0.2 / 1e6,
  dynamoDbPerWriteUnit: 0.625 / 1e6,
  dynamoDbPerReadUnit: 0.125 / 1e6,
  sqsPerRequest: 0.4 / 1e6,
  snsPerPublish: 0.5 / 1e6,
  snsPerEmail: 2 / 1e5,
  httpApiPerRequest: 1 / 1e6,
} as const;

/** One comment's measured footprint, from submission to the worker's decision. */
export interface CommentUsage {
  /** Lambda memory (MB) of the API and the worker, as configured in infra. */
  memoryMb: number;
  /** Billed duration of the API invocation that accepts the comment (ms, rounded up by Lambda). */
  apiMs: number;
  /** Worker duration per comment (a batch's duration divided by its size, ms). */
  workerMsPerComment: number;
  /** Comments per worker invocation (the event source mapping's batch size). */
  batchSize: number;
  readUnits: number;
  writeUnits: number;
  /** SQS requests per comment: a send, plus a share of the batched receive and delete. */
  sqsRequests: number;
  /** Share of comments that notify moderators (one SNS publish, one email each). */
  notifiedShare: number;
}

export interface CostLine {
  service: string;
  measured: number;
  minimum: number;
}

const GB = 1024;

/** USD per million comments, service by service, next to the floor: one item write and one queue send. */
export function costPerMillionComments(usage: CommentUsage): CostLine[] {
  const million = 1e6;
  const gb = usage.memoryMb / GB;
  const lambdaSeconds = (Math.ceil(usage.apiMs) + usage.workerMsPerComment) / 1000;
  const lambda = million * (gb * lambdaSeconds * PRICES.lambdaPerGbSecond + (1 + 1 / usage.batchSize) * PRICES.lambdaPerRequest);
  const dynamoDb = million * (usage.readUnits * PRICES.dynamoDbPerReadUnit + usage.writeUnits * PRICES.dynamoDbPerWriteUnit);
  const sqs = million * usage.sqsRequests * PRICES.sqsPerRequest;
  const sns = million * usage.notifiedShare * (PRICES.snsPerPublish + PRICES.snsPerEmail);
  const api = million * PRICES.httpApiPerRequest;
  const lines: CostLine[] = [
    { service: 'API Gateway (HTTP API)', measured: api, minimum: 0 },
    { service: 'Lambda (API + worker)', measured: lambda, minimum: 0 },
    { service: 'DynamoDB', measured: dynamoDb, minimum: million * PRICES.dynamoDbPerWriteUnit },
    { service: 'SQS', measured: sqs, minimum: million * PRICES.sqsPerRequest },
    { service: 'SNS (publish + email)', measured: sns, minimum: 0 },
  ];
  return [...lines, { service: 'total', measured: sum(lines.map((l) => l.measured)), minimum: sum(lines.map((l) => l.minimum)) }];
}

/** USD per million public page views: one API invocation and the page's read units. */
export function costPerMillionPages(memoryMb: number, pageMs: number, readUnits: number): number {
  const seconds = Math.ceil(pageMs) / 1000;
  return 1e6 * ((memoryMb / GB) * seconds * PRICES.lambdaPerGbSecond + PRICES.lambdaPerRequest + PRICES.httpApiPerRequest + readUnits * PRICES.dynamoDbPerReadUnit);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
