/**
 * Every request leaves one log line — refused submissions too, which are what an
 * operator looks for ("why did my comment not appear?") — with method, path,
 * status, error code and duration, and nothing personal.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from '../support/log-capture.ts';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await createMemoryStack();
});

type RequestRecord = { message: string; method: string; path: string; status: number; code?: string; ms: number };

/** Runs the requests and returns the request log records they wrote (JSON lines, as on AWS). */
async function requestRecords(act: () => Promise<unknown>): Promise<{ records: RequestRecord[]; text: string }> {
  const logs = captureLogs();
  try {
    await act();
  } finally {
    logs.stop();
  }
  const records = logs
    .lines()
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as RequestRecord)
    .filter((record) => record.message === 'request');
  return { records, text: logs.lines().join('\n') };
}

describe('Request log', () => {
  it('logs refused submissions (400, 409, 429) with their error code, and nothing personal', async () => {
    // Prepare
    const postId = uniquePostId('logged');
    const first = aSubmission();
    const ip = '10.9.8.7';

    // Act
    const { records, text } = await requestRecords(async () => {
      expect((await stack.request(`/posts/${postId}/comments`, { json: { ...first, email: 'not-an-address' } })).status).toBe(400);
      expect((await stack.request(`/posts/${postId}/comments`, { json: first, ip })).status).toBe(202);
      expect((await stack.request(`/posts/${postId}/comments`, { json: first, ip })).status).toBe(409);
      expect((await stack.request(`/posts/${postId}/comments`, { json: aSubmission({ email: first.email }), ip })).status).toBe(429);
    });

    // Assess
    expect(records.map(({ method, path, status, code }) => ({ method, path, status, code }))).toEqual([
      { method: 'POST', path: `/posts/${postId}/comments`, status: 400, code: 'validation_failed' },
      { method: 'POST', path: `/posts/${postId}/comments`, status: 202, code: undefined },
      { method: 'POST', path: `/posts/${postId}/comments`, status: 409, code: 'duplicate_comment' },
      { method: 'POST', path: `/posts/${postId}/comments`, status: 429, code: 'flood' },
    ]);
    for (const record of records) expect(record.ms).toEqual(expect.any(Number));
    expect(text).not.toContain(String(first.email));
    expect(text).not.toContain(ip);
  });

  it('logs refused moderator requests and unknown routes too, withholding paths that are not plain ids', async () => {
    // Act
    const { records } = await requestRecords(async () => {
      await stack.request('/moderation/comments');
      await stack.request('/no/such/route?email=someone@example.com');
      await stack.request('/posts/someone%40example.com/comments');
    });

    // Assess
    expect(records.map(({ status, code, path }) => ({ status, code, path }))).toEqual([
      { status: 401, code: 'unauthorized', path: '/moderation/comments' },
      { status: 404, code: 'not_found', path: '/no/such/route' },
      { status: 404, code: 'not_found', path: '/posts/:postId/comments (path withheld)' },
    ]);
  });
});
