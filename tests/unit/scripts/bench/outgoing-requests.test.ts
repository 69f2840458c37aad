import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOutgoingRequests } from '../../../../scripts/bench/outgoing-requests.ts';

const servers: Server[] = [];
const listen = async (): Promise<string> => {
  const server = createServer((_req, res) => res.end('ok'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};
const get = (url: string) =>
  new Promise<void>((resolve, reject) => {
    request(url, (res) => res.resume().on('end', resolve)).on('error', reject).end();
  });

let first = '';
let second = '';
let other = '';
beforeAll(async () => {
  [first, second, other] = await Promise.all([listen(), listen(), listen()]);
});
afterAll(() => Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve)))));

describe('Function: countOutgoingRequests', () => {
  it('counts the requests this process sends, by the name of their endpoint, until stopped', async () => {
    // Arrange
    const counter = countOutgoingRequests({ DynamoDB: first, SQS: second });

    // Act
    await get(`${first}/a`);
    await get(`${first}/b`);
    await get(`${second}/`);
    await get(`${other}/`);
    const counts = counter.stop();
    await get(`${first}/after-stop`);

    // Assess
    expect(counts).toEqual({ DynamoDB: 2, SQS: 1, [new URL(other).host]: 1 });
  });
});
