import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { intradayResponseSchema } from '../../../shared/history-api';
import { intradayWithoutHistoryRouter } from '../../../server/http/plan-routes';
import { createMetrics } from '../../../server/observability/metrics';

async function get(path: string): Promise<Response> {
  const app = express();
  const clock = () => Date.parse('2026-11-23T10:07:00+03:00');
  app.use(intradayWithoutHistoryRouter({ site: 'msk', timeZone: 'Europe/Moscow', clock, metrics: createMetrics() }));
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('the intraday forecast on a server without history', () => {
  it('answers that nothing was observed to forecast from, not a 404 the board would ask for every few minutes', async () => {
    const response = await get('/api/plan/intraday?queue=sales');
    expect(response.status).toBe(200);
    const body = intradayResponseSchema.parse(await response.json());
    expect(body).toMatchObject({ site: 'msk', queue: 'sales', day: '2026-11-23', observedDays: 0, asOf: '2026-11-23T07:00:00.000Z' });
    expect(body.nextHour.offered).toBe(0);
  });

  it('still names a bad parameter', async () => {
    const response = await get('/api/plan/intraday?slPct=200');
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('slPct');
  });
});
