/**
 * The client IP (flood check, rate limit, moderators' view) comes from API Gateway's request
 * context on AWS and from the socket locally; X-Forwarded-For counts only behind a
 * configured number of trusted proxies (TRUSTED_PROXY_HOPS), through one shared helper.
 */

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context as LambdaContext } from 'aws-lambda';
import { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPublicApiHandler } from '../../functions/public-api/handler.ts';
import { clientIpResolver, forwardedClient, normaliseAddress } from '../../shared/adapters/http/client-ip.ts';
import { composePublicApi } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { aSubmission, createTestStack, type TestStack } from '../support/test-stack.ts';

describe('clientIpResolver', () => {
  /** A tiny app that answers the address the resolver sees; the "direct" peer comes from a test header. */
  const echo = (hops: number) => {
    const resolve = clientIpResolver({ directAddress: (c) => c.req.header('x-direct'), trustedProxyHops: hops });
    return new Hono().get('/', (c) => c.text(resolve(c) ?? 'none'));
  };
  const seen = async (hops: number, headers: Record<string, string>) => (await echo(hops).request('/', { headers })).text();

  it('ignores X-Forwarded-For without trusted proxies (the default)', async () => {
    expect(await seen(0, { 'x-direct': '203.0.113.5', 'x-forwarded-for': '1.2.3.4' })).toBe('203.0.113.5');
  });

  it('behind one trusted proxy, takes the address that proxy appended, not what the client wrote before it', async () => {
    // The client forged "1.2.3.4"; nginx appended the real peer 198.51.100.8 and connects from 10.0.0.2.
    expect(await seen(1, { 'x-direct': '10.0.0.2', 'x-forwarded-for': '1.2.3.4, 198.51.100.8' })).toBe('198.51.100.8');
    expect(await seen(1, { 'x-direct': '10.0.0.2', 'x-forwarded-for': '198.51.100.8' })).toBe('198.51.100.8');
  });

  it('counts the peer once when the last proxy repeats it in the header (API Gateway does)', async () => {
    expect(await seen(1, { 'x-direct': '130.176.1.1', 'x-forwarded-for': '1.2.3.4, 198.51.100.9, 130.176.1.1' })).toBe('198.51.100.9');
  });

  it('walks back one entry per trusted proxy', async () => {
    expect(await seen(2, { 'x-direct': '10.0.0.3', 'x-forwarded-for': '1.2.3.4, 198.51.100.10, 10.0.0.2' })).toBe('198.51.100.10');
  });

  it('falls back to the direct peer when the chain is shorter than configured or the entry is no address', async () => {
    expect(await seen(2, { 'x-direct': '10.0.0.3', 'x-forwarded-for': '198.51.100.10' })).toBe('10.0.0.3');
    expect(await seen(1, { 'x-direct': '10.0.0.3', 'x-forwarded-for': 'evil<script>' })).toBe('10.0.0.3');
    expect(await seen(1, { 'x-direct': '10.0.0.3' })).toBe('10.0.0.3');
  });

  it('normalises addresses: IPv4-mapped IPv6, ports, brackets, case; refuses anything else', () => {
    expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(normaliseAddress('198.51.100.1:4431')).toBe('198.51.100.1');
    expect(normaliseAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normaliseAddress('2001:db8::1')).toBe('2001:db8::1');
    for (const junk of ['', 'localhost', '999.1.1.1', '1.2.3.4; DROP', 'unknown']) expect(normaliseAddress(junk)).toBeNull();
    expect(forwardedClient('1.1.1.1', null, 1)).toBe(null);
  });
});

describe('Where the address comes from', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await createTestStack();
    await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, ratePerIpPerMinute: 0 });
  });

  type Handler = (event: APIGatewayProxyEventV2, context: LambdaContext) => Promise<APIGatewayProxyStructuredResultV2>;

  /** The public function's handler, composed as on AWS (API Gateway's sourceIp) from the stack's environment. */
  function apiHandler(trustedProxyHops: number | undefined): Handler {
    const env = { ...stack.env, ...(trustedProxyHops === undefined ? {} : { TRUSTED_PROXY_HOPS: trustedProxyHops }) };
    return createPublicApiHandler(composePublicApi(env)) as unknown as Handler;
  }

  function event(sourceIp: string, forwardedFor: string): APIGatewayProxyEventV2 {
    const path = '/posts/client-ip/comments';
    return {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: '',
      headers: { 'content-type': 'application/json', host: 'api.example', 'x-forwarded-for': forwardedFor, 'user-agent': 'ip-test' },
      requestContext: {
        accountId: '123456789012',
        apiId: 'api',
        domainName: 'api.example',
        domainPrefix: 'api',
        http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp, userAgent: 'ip-test' },
        requestId: crypto.randomUUID(),
        routeKey: '$default',
        stage: '$default',
        time: new Date().toUTCString(),
        timeEpoch: Date.now(),
      },
      body: JSON.stringify(aSubmission()),
      isBase64Encoded: false,
    };
  }

  async function storedIp(result: APIGatewayProxyStructuredResultV2): Promise<string | null> {
    expect(result.statusCode, result.body).toBe(202);
    const { comment } = JSON.parse(result.body ?? '') as { comment: { id: string } };
    return (await stack.deps.comments.get(comment.id))!.ip;
  }

  const context = {} as LambdaContext;

  it("on AWS: API Gateway's sourceIp, whatever X-Forwarded-For says (TRUSTED_PROXY_HOPS unset)", async () => {
    const handler = apiHandler(undefined);
    expect(await storedIp(await handler(event('203.0.113.7', '6.6.6.6, 203.0.113.7'), context))).toBe('203.0.113.7');
  });

  it('on AWS behind CloudFront (TRUSTED_PROXY_HOPS=1): the address CloudFront saw', async () => {
    const handler = apiHandler(1);
    // The visitor forged 6.6.6.6; CloudFront appended 198.51.100.20; API Gateway saw CloudFront (130.176.1.1) and repeats it.
    expect(await storedIp(await handler(event('130.176.1.1', '6.6.6.6, 198.51.100.20, 130.176.1.1'), context))).toBe('198.51.100.20');
  });

  it("locally: the socket's address, a forged X-Forwarded-For ignored", async () => {
    const app = new Hono();
    const resolve = clientIpResolver({ directAddress: (c) => getConnInfo(c).remote.address, trustedProxyHops: 0 });
    app.get('/', (c) => c.text(resolve(c) ?? 'none'));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '6.6.6.6' } });
      expect(await res.text()).toBe('127.0.0.1');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
