import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** Serves a fetch handler (the Hono app, or a tiny static site) on a free loopback port. */
export async function serveOnLoopback(fetch: (request: Request) => Response | Promise<Response>): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        origin: `http://127.0.0.1:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
  });
}

/** A static site of HTML pages by path, standing in for a blog on another origin. */
export function staticSite(pages: Record<string, string>): (request: Request) => Response {
  return (request) => {
    const html = pages[new URL(request.url).pathname];
    return html === undefined
      ? new Response('Not found', { status: 404 })
      : new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
  };
}
