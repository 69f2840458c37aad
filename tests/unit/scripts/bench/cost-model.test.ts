import { describe, expect, it } from 'vitest';
import { type CommentUsage, costPerMillionComments, costPerMillionPages, PRICES } from '../../../../scripts/bench/cost-model.ts';

const usage: CommentUsage = {
  memoryMb: 512,
  apiMs: 30.2,
  workerMsPerComment: 40,
  batchSize: 10,
  readUnits: 2.5,
  writeUnits: 24,
  sqsRequests: 1.2,
  notifiedShare: 0.1,
};
const line = (service: string, u = usage) => costPerMillionComments(u).find((l) => l.service.startsWith(service))!;

describe('Function: costPerMillionComments', () => {
  it('prices DynamoDB from the read and write units per comment', () => {
    // Act
    const dynamoDb = line('DynamoDB');

    // Assess: 24 WRU × $0.625 + 2.5 RRU × $0.125 per million units
    expect(dynamoDb.measured).toBeCloseTo(24 * 0.625 + 2.5 * 0.125, 6);
    expect(dynamoDb.minimum).toBeCloseTo(0.625, 6);
  });

  it('bills Lambda GB-seconds at the configured memory, the API duration rounded up to the millisecond', () => {
    // Act
    const lambda = line('Lambda');

    // Assess: (31 ms + 40 ms) × 0.5 GB, plus 1 + 1/10 invocations
    const gbSeconds = 0.5 * (31 + 40) / 1000;
    expect(lambda.measured).toBeCloseTo(1e6 * (gbSeconds * PRICES.lambdaPerGbSecond + 1.1 * PRICES.lambdaPerRequest), 6);
  });

  it('charges SNS only for the share of comments that notify moderators', () => {
    // Act
    const none = line('SNS', { ...usage, notifiedShare: 0 });
    const some = line('SNS');

    // Assess
    expect(none.measured).toBe(0);
    expect(some.measured).toBeCloseTo(0.1 * (0.5 + 20), 6);
  });

  it('totals every service, and the minimum is one item write plus one queue send', () => {
    // Act
    const lines = costPerMillionComments(usage);
    const total = lines.at(-1)!;

    // Assess
    expect(total.service).toBe('total');
    expect(total.measured).toBeCloseTo(lines.slice(0, -1).reduce((sum, l) => sum + l.measured, 0), 9);
    expect(total.minimum).toBeCloseTo(0.625 + 0.4, 9);
    expect(total.measured).toBeGreaterThan(total.minimum);
  });

  it('states when and where its prices were noted', () => {
    expect(PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(PRICES.region).toBe('us-east-1');
  });
});

describe('Function: costPerMillionPages', () => {
  it('adds the invocation, the API Gateway request and the read units of one page', () => {
    // Act
    const cost = costPerMillionPages(1024, 9.4, 2);

    // Assess: 1 GB × 10 ms
    expect(cost).toBeCloseTo(1e6 * (0.01 * PRICES.lambdaPerGbSecond) + 0.2 + 1 + 2 * 0.125, 6);
  });
});
