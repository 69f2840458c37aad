import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';

type Fetch = (request: Request, env: unknown) => Response | Promise<Response>;

export class PortInUseError extends Error {
  constructor(readonly port: number, readonly host: string) {
    super(
      `Port ${port} on ${host} is already in use (another \`npm start\`?). ` +
        `Stop whatever holds it, or pick another port: PORT=${port === 65535 ? 3001 : port + 1} npm start`,
    );
    this.name = 'PortInUseError';
  }
}

/**
 * The local HTTP server, listening before anything else starts so that a busy port is
 * reported at once, with nothing to clean up. Until `serve(app)` it answers 503.
 */
export async function listenFirst(port: number, host: string): Promise<{ server: Server; serve(fetch: Fetch): void }> {
  let handler: Fetch | undefined;
  const server = createAdaptorServer({
    hostname: host,
    fetch: (request: Request, env: unknown) =>
      handler ? handler(request, env) : new Response('Starting…', { status: 503, headers: { 'retry-after': '1' } }),
  }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, host) : error));
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    serve: (fetch) => {
      handler = fetch;
    },
  };
}

/** PORT as the local stack takes it: a whole number from 1 to 65535. */
export function parsePort(value: string | undefined): number {
  const port = Number(value ?? 3000);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a whole number from 1 to 65535 (got "${value}").`);
  return port;
}
