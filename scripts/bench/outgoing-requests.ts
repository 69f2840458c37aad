/**
 * Counts the HTTP requests this process sends, by destination (Node's `http.client.request.start`
 * diagnostics channel): during the CPU burst, the DynamoDB and SQS requests per comment that our
 * process paid for — each one costs SDK work (middleware, signing, marshalling) and a socket write.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

/** `endpoints`: a name per endpoint URL (`{ DynamoDB: 'http://127.0.0.1:8000' }`); other hosts count under their host. */
export function countOutgoingRequests(endpoints: Record<string, string>): { stop(): Record<string, number> } {
  const byHost = new Map(Object.entries(endpoints).map(([name, url]) => [new URL(url).host, name]));
  const counts: Record<string, number> = {};
  const onRequest = (message: unknown) => {
    const host = String((message as { request: ClientRequest }).request.getHeader('host') ?? '?');
    const name = byHost.get(host) ?? host;
    counts[name] = (counts[name] ?? 0) + 1;
  };
  subscribe('http.client.request.start', onRequest);
  return {
    stop() {
      unsubscribe('http.client.request.start', onRequest);
      return counts;
    },
  };
}
