/**
 * A pooling client (one keep-alive connection) must not pay for somebody's oversized
 * post with a reset on its next request: the 413 closes or drains the connection.
 * Over a real socket, through the same Node server the local stack runs.
 */

import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
let server: ServerType;
let port: number;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

beforeAll(async () => {
  stack = await createMemoryStack();
  server = serve({ fetch: stack.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  agent.destroy();
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
});

function post(path: string, body: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('Keep-alive after 413', () => {
  it('answers 413, then 202 on the same pooled connection, three times in a row', async () => {
    // Prepare
    const path = `/posts/${uniquePostId('keepalive')}/comments`;
    const statuses: number[] = [];

    // Act
    for (let round = 0; round < 3; round++) {
      const big = await post(path, JSON.stringify(aSubmission({ content: 'x'.repeat(200 * 1024) })));
      statuses.push(big.status);
      const ok = await post(path, JSON.stringify(aSubmission()));
      statuses.push(ok.status);
    }

    // Assess
    expect(statuses).toEqual([413, 202, 413, 202, 413, 202]);
  });
});
