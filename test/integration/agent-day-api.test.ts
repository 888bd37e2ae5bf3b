import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorSchema } from '../../shared/api-error';
import { agentsResponseSchema, NO_PAUSE_REASON } from '../../shared/history-api';
import { HistoryService } from '../../server/history/history-service';
import { agentHistoryRouter } from '../../server/http/agent-history-routes';
import { apiErrorHandler } from '../../server/http/api-error-response';
import { createLogger } from '../../server/observability/logger';
import { createMetrics } from '../../server/observability/metrics';
import { startTestHistory } from '../support/test-history';
import { call, moscow, ring, span, TZ } from '../unit/history/history-test-kit';

/**
 * GET /api/history/agents against a real Postgres: hand-written calls and
 * state spans of Monday 2026-11-23 (Moscow), with a span running over
 * midnight and a call of the evening before answered after midnight.
 */

const SITE = 'msk';
const MONDAY = '2026-11-23';
const SALES = [{ queueId: 'sales', paused: false }];
const BOTH = [...SALES, { queueId: 'support', paused: false }];
const BOTH_PAUSED = BOTH.map((m) => ({ ...m, paused: true }));

let history: HistoryService;
let server: Server;
let base: string;

async function get(path: string): Promise<Response> {
  return fetch(`${base}${path}`);
}

beforeAll(async () => {
  history = await startTestHistory('agent_day', SITE);
  const nine = moscow(MONDAY, '09:00');
  history.writer.record([
    // PJSIP/1001 answers 2 sales calls and 1 support call; a 4th call of sales is abandoned.
    call('sales', 'c1', nine, { waitSec: 5, talkSec: 100 }),
    call('sales', 'c2', nine + 60_000, { waitSec: 15, talkSec: 200 }),
    call('support', 'c3', nine + 120_000, { waitSec: 10, talkSec: 60 }),
    call('sales', 'c4', nine + 180_000, { outcome: 'abandoned', waitSec: 40 }),
    // PJSIP/1002 answers one sales call.
    call('sales', 'c5', nine + 240_000, { waitSec: 1, talkSec: 50, agentId: 'PJSIP/1002' }),
    // Entered on Sunday 23:59 and answered after midnight: a Sunday call, not Monday's.
    call('sales', 'c6', moscow('2026-11-22', '23:59'), { waitSec: 120, talkSec: 30 }),
    // PJSIP/1001: logged in from Sunday 23:00 to Monday 01:00 (one hour on Monday), then 09:00-10:00.
    span('PJSIP/1001', 'available', moscow('2026-11-22', '23:00'), moscow(MONDAY, '01:00'), BOTH),
    span('PJSIP/1001', 'available', nine, nine + 20 * 60_000, BOTH),
    span('PJSIP/1001', 'busy', nine + 20 * 60_000, nine + 40 * 60_000, BOTH),
    span('PJSIP/1001', 'wrapup', nine + 40 * 60_000, nine + 45 * 60_000, BOTH),
    span('PJSIP/1001', 'paused', nine + 45 * 60_000, nine + 60 * 60_000, BOTH_PAUSED, 'Lunch'),
    span('PJSIP/1001', 'loggedOut', nine + 60 * 60_000, nine + 120 * 60_000, []),
    // PJSIP/1002 is only in sales, 30 minutes available.
    span('PJSIP/1002', 'available', nine, nine + 30 * 60_000, SALES),
    // PJSIP/1003 only paused, without a reason: logged in, never staffed.
    span('PJSIP/1003', 'paused', nine, nine + 10 * 60_000, [{ queueId: 'support', paused: true }]),
    // PJSIP/1001 let 2 sales rings and 1 support ring go on Monday, and one on Sunday 23:59.
    ring('PJSIP/1001', 'sales', 'r1', nine + 10_000),
    ring('PJSIP/1001', 'sales', 'r2', nine + 70_000),
    ring('PJSIP/1001', 'support', 'r3', nine + 130_000),
    ring('PJSIP/1001', 'sales', 'r0', moscow('2026-11-22', '23:59')),
    // The same ring again (a re-import) is one.
    ring('PJSIP/1001', 'sales', 'r2', nine + 70_000),
  ]);
  await history.writer.settled();
  const app = express();
  app.use(agentHistoryRouter({ reader: () => history.reader(), site: SITE, timeZone: TZ, metrics: createMetrics() }));
  app.use(apiErrorHandler(createLogger('silent')));
  server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await history?.close();
});

describe('GET /api/history/agents', () => {
  it('gives each agent the calls that entered on the day, and the time in state clipped to the day', async () => {
    const response = await get(`/api/history/agents?date=${MONDAY}`);
    expect(response.status).toBe(200);
    const body = agentsResponseSchema.parse(await response.json());
    expect(body).toMatchObject({ site: SITE, timeZone: TZ, queue: null, date: MONDAY });
    expect(body.agents.map((a) => a.agentId)).toEqual(['PJSIP/1001', 'PJSIP/1002', 'PJSIP/1003']);
    const [first, second, third] = body.agents;
    expect(first).toEqual({
      agentId: 'PJSIP/1001',
      answered: 3,
      answeredByQueue: { sales: 2, support: 1 },
      holdSec: 30,
      talkSec: 360,
      wrapSec: 90,
      ahtSec: 150,
      // 1 h after midnight + 45 min + 15 min paused
      loggedInSec: 2 * 3600,
      pausedSec: 15 * 60,
      pausedByReason: { Lunch: 15 * 60 },
      availableSec: 3600 + 20 * 60,
      ringNoAnswer: 3,
      ringNoAnswerByQueue: { sales: 2, support: 1 },
      // (20 + 5) / (120 - 15) minutes
      occupancyPct: (100 * 25) / 105,
    });
    expect(second).toMatchObject({ answered: 1, answeredByQueue: { sales: 1 }, ahtSec: 80, loggedInSec: 1800, occupancyPct: 0 });
    expect(third).toMatchObject({ answered: 0, ahtSec: null, loggedInSec: 600, pausedSec: 600, pausedByReason: { [NO_PAUSE_REASON]: 600 }, occupancyPct: null });
    expect(second).toMatchObject({ pausedByReason: {}, ringNoAnswer: 0, ringNoAnswerByQueue: {} });
  });

  it('with a queue: only its calls, and only the spans in which the agent was its member', async () => {
    const body = agentsResponseSchema.parse(await (await get(`/api/history/agents?date=${MONDAY}&queue=support`)).json());
    expect(body.queue).toBe('support');
    expect(body.agents.map((a) => a.agentId)).toEqual(['PJSIP/1001', 'PJSIP/1003']);
    expect(body.agents[0]).toMatchObject({ answered: 1, answeredByQueue: { support: 1 }, talkSec: 60, loggedInSec: 2 * 3600, ringNoAnswer: 1, ringNoAnswerByQueue: { support: 1 } });
  });

  it('the Sunday holds the call that entered before midnight', async () => {
    const body = agentsResponseSchema.parse(await (await get('/api/history/agents?date=2026-11-22')).json());
    expect(body.agents).toEqual([expect.objectContaining({ agentId: 'PJSIP/1001', answered: 1, holdSec: 120, loggedInSec: 3600, ringNoAnswer: 1 })]);
  });

  it('answers CSV with one row per agent, the queues in one cell, and a column per pause reason of the day', async () => {
    const response = await get(`/api/history/agents?date=${MONDAY}&format=csv`);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toContain(`agents-all-queues-${MONDAY}.csv`);
    const lines = (await response.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'agentId,answered,answeredByQueue,holdSec,talkSec,wrapSec,ahtSec,loggedInSec,pausedSec,availableSec,occupancyPct,' +
        'ringNoAnswer,ringNoAnswerByQueue,paused:Lunch,paused:no reason',
    );
    expect(lines[1]).toMatch(/^PJSIP\/1001,3,sales=2;support=1,30,360,90,150,7200,900,4800,23\.8[0-9]*,3,sales=2;support=1,900,0$/);
    expect(lines[3]).toBe('PJSIP/1003,0,,0,0,0,,600,600,0,,0,,0,600');
    expect(lines).toHaveLength(4);
  });

  it.each([
    ['date=2026-02-30', 'date'],
    ['', 'date'],
    [`date=${MONDAY}&queue=`, 'queue'],
    [`date=${MONDAY}&format=xml`, 'format'],
    [`date=${MONDAY}&agent=x`, 'agent'],
  ])('refuses ?%s naming %s', async (query, param) => {
    const response = await get(`/api/history/agents?${query}`);
    expect(response.status).toBe(400);
    const body = apiErrorSchema.parse(await response.json());
    expect(body.errors.map((e) => e.path)).toContain(param);
  });
});
