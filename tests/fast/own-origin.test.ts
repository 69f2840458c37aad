/**
 * The app's own origin (allowed for redirects, back links and CORS besides the site
 * origins) is configuration, never the request's Host header, which any client writes.
 * Over a real socket, through the Node server of the local stack.
 */

import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import { composeApp } from '../../shared/adapters/wiring.ts';
import { createMemoryStack } from '../support/memory-stack.ts';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';

let stack: TestStack;
let server: ServerType;
let base: string;
const PUBLIC_URL = 'http://comments.localhost:3000';

beforeAll(async () => {
  stack = await createMemoryStack();
  const app = createApp(composeApp({ ...stack.env, SITE_ORIGINS: ['https://blog.example'], PUBLIC_URL, DEMO_POST: false }, { ...stack.wiring, clientIp: () => null }));
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
});

/** A request over the socket with any Host header (fetch would not let a test set one). */
function rawRequest(method: string, path: string, headers: Record<string, string>, body = ''): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function formPost(redirectTo: string, headers: Record<string, string> = {}) {
  const s = aSubmission();
  const body = new URLSearchParams({ author: String(s.author), email: String(s.email), comment: String(s.content), redirect_to: redirectTo }).toString();
  return rawRequest('POST', `/posts/${uniquePostId('origin')}/comments`, { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body);
}

describe("The app's own origin", () => {
  it('comes from the configured public URL: a redirect there is allowed', async () => {
    // Act
    const res = await formPost(`${PUBLIC_URL}/a-page/`);

    // Assess
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(new RegExp(`^${PUBLIC_URL}/a-page/(\\?[^#]*)?#comment-`));
  });

  it('is not whatever the Host header says: no redirect to the forged host', async () => {
    // Act: the Node server builds the request URL from the Host header.
    const res = await formPost('http://evil.example/phish', { host: 'evil.example' });

    // Assess
    expect(res.status).toBe(200);
    expect(res.headers.location).toBeUndefined();
    await stack.receiveRaw();
  });

  it('is not whatever the Host header says: no CORS for the forged host', async () => {
    // Act
    const preflight = await rawRequest('OPTIONS', '/posts/p/comments', { host: 'evil.example', origin: 'http://evil.example', 'access-control-request-method': 'POST' });

    // Assess
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});
