import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listenFirst, parsePort, PortInUseError } from '../../../../scripts/local/http-server.ts';

describe('Function: listenFirst', () => {
  it('answers 503 until the app is handed over, then serves it', async () => {
    // Prepare
    const { server, serve } = await listenFirst(0, '127.0.0.1');
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    try {
      // Act
      const starting = await fetch(`${origin}/health`);
      serve(() => new Response('ready'));
      const ready = await fetch(`${origin}/health`);

      // Assess
      expect(starting.status).toBe(503);
      expect(starting.headers.get('retry-after')).toBe('1');
      expect(await ready.text()).toBe('ready');
    } finally {
      server.close();
    }
  });

  it('refuses a busy port with a message naming it and the way out', async () => {
    // Prepare
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;

    try {
      // Act
      const act = listenFirst(port, '127.0.0.1');

      // Assess
      await expect(act).rejects.toBeInstanceOf(PortInUseError);
      await expect(act).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use (another \`npm start\`?). Stop whatever holds it, or pick another port: PORT=${port + 1} npm start`);
    } finally {
      holder.close();
    }
  });
});

describe('Function: parsePort', () => {
  it('takes 1–65535, 3000 when unset, and refuses anything else by name', () => {
    expect(parsePort(undefined)).toBe(3000);
    expect(parsePort('8080')).toBe(8080);
    for (const bad of ['0', '65536', 'abc', '30.5', '']) expect(() => parsePort(bad)).toThrow(/PORT must be a whole number from 1 to 65535/);
  });
});
