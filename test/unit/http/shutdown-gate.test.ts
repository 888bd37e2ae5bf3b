import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { ShutdownGate } from '../../../server/http/shutdown-gate';

let server: Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = null;
});

/** The gate in front of a webhook route that answers when `release` is called. */
async function gatedApp() {
  const gate = new ShutdownGate();
  const waiting: (() => void)[] = [];
  const app = express();
  app.use(gate.router('/api/webhooks'));
  app.post('/api/webhooks/tickets', (_req, res) => {
    waiting.push(() => res.json({ status: 'ok' }));
  });
  app.get('/api/health', (_req, res) => res.json({ status: 'ok' }));
  server = createServer(app);
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { gate, url, waiting };
}

describe('shutdown gate', () => {
  it('counts deliveries in progress, and once closed answers new ones 503 with Retry-After in the API error shape', async () => {
    const { gate, url, waiting } = await gatedApp();
    const taken = fetch(`${url}/api/webhooks/tickets`, { method: 'POST' });
    await expect.poll(() => waiting.length).toBe(1);
    expect(gate.inFlight).toBe(1);

    gate.close();
    const refused = await fetch(`${url}/api/webhooks/tickets`, { method: 'POST' });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toEqual({ status: 'error', errors: [{ path: '', message: 'the server is shutting down; retry later' }] });
    expect((await fetch(`${url}/api/health`)).status).toBe(200);

    waiting[0]?.();
    expect((await taken).status).toBe(200);
    await expect.poll(() => gate.inFlight).toBe(0);
  });
});
