/**
 * A loopback HTTP proxy in front of an emulator (DynamoDB Local, fauxqs): every request the
 * functions' transport sends passes through it, so a test sees the calls on the wire — by
 * operation, from the `X-Amz-Target` header — and can answer chosen ones itself, as AWS
 * would (a throttling error, a refused key) or drop the connection. The transport's own
 * retries then run for real: each retry is a new request here.
 */

import { createServer, type IncomingMessage, request as forward } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WireCall {
  /** The operation: `GetItem`, `TransactWriteItems`, `SendMessage`… */
  operation: string;
  /** The request body as sent (DynamoDB's attribute-value form). */
  body: string;
  /** How many times this very request (same operation and body) has arrived, this one included. */
  attempt: number;
}

/** What to answer instead of the emulator: an AWS JSON error, or a dropped connection. */
export type WireAnswer = { status: number; error: { __type: string; message: string } } | 'hang up';

export type WireRule = (call: WireCall) => WireAnswer | undefined;

export interface WireProxy {
  /** `http://127.0.0.1:<port>`: use it as the emulator's endpoint. */
  endpoint: string;
  /** Every request that arrived, in order (answered here or forwarded). */
  calls: WireCall[];
  /** Replaces the rule deciding which calls are answered here (none by default). */
  answer(rule: WireRule | undefined): void;
  close(): Promise<void>;
}

/** DynamoDB's throttling answer. */
export const THROTTLED: WireAnswer = {
  status: 400,
  error: { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException', message: 'The level of configured provisioned throughput for the table was exceeded.' },
};

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

export async function startWireProxy(upstream: string, rule?: WireRule): Promise<WireProxy> {
  const target = new URL(upstream);
  const calls: WireCall[] = [];
  const seen = new Map<string, number>();
  let current = rule;
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const operation = String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    const signature = `${operation} ${body.toString('utf8')}`;
    const attempt = (seen.get(signature) ?? 0) + 1;
    seen.set(signature, attempt);
    const call = { operation, body: body.toString('utf8'), attempt };
    calls.push(call);
    const answer = current?.(call);
    if (answer === 'hang up') {
      req.socket.destroy();
      return;
    }
    if (answer) {
      res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0' }).end(JSON.stringify(answer.error));
      return;
    }
    const upstreamReq = forward({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
      upstreamRes.pipe(res);
    });
    upstreamReq.on('error', () => req.socket.destroy());
    upstreamReq.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    answer: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
