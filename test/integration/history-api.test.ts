import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import express from 'express';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dayResponseSchema,
  heatmapResponseSchema,
  intervalsResponseSchema,
  intradayResponseSchema,
  staffingResponseSchema,
} from '../../shared/history-api';
import { apiErrorSchema } from '../../shared/api-error';
import { requiredAgents } from '../../server/domain/staffing/erlang-c';
import type { Queryable } from '../../server/history/history-queries';
import { HistoryService } from '../../server/history/history-service';
import { apiErrorHandler } from '../../server/http/api-error-response';
import { historyRouter } from '../../server/http/history-routes';
import { planRouter } from '../../server/http/plan-routes';
import { createLogger, type Logger } from '../../server/observability/logger';
import { createMetrics } from '../../server/observability/metrics';
import { freshDatabaseUrl } from '../support/services';
import { startTestHistory } from '../support/test-history';
import { call, moscow, span, ticket, TZ } from '../unit/history/history-test-kit';

/**
 * The REST side of history against a real Postgres: a Monday (2026-11-23) and
 * the two Mondays before it, written through the history writer.
 */

const SITE = 'msk';
const MONDAY = '2026-11-23';
const EARLIER_MONDAYS = ['2026-11-16', '2026-11-09'];
const TODAY = moscow('2026-11-24', '12:00');

let history: HistoryService;
let server: Server;
let base: string;

async function get(path: string): Promise<Response> {
  return fetch(`${base}${path}`);
}

async function json(path: string): Promise<unknown> {
  const response = await get(path);
  expect(response.status, path).toBe(200);
  return response.json();
}

/** The history and plan routers with the app's error handler, as http-app.ts mounts them. */
function appOn(reader: () => Promise<Queryable>, logger: Logger = createLogger('silent')): express.Express {
  const metrics = createMetrics();
  const app = express();
  app.use(historyRouter({ reader, site: SITE, timeZone: TZ, metrics }));
  app.use(planRouter({ reader, site: SITE, timeZone: TZ, clock: () => TODAY, metrics }));
  app.use(apiErrorHandler(logger));
  return app;
}

/** GET on an app of its own; the status and the body checked against the shared error shape. */
async function errorFrom(app: express.Express, path: string): Promise<{ status: number; body: ReturnType<typeof apiErrorSchema.parse> }> {
  const own = await listen(app);
  try {
    const response = await fetch(`http://127.0.0.1:${(own.address() as AddressInfo).port}${path}`);
    return { status: response.status, body: apiErrorSchema.parse(await response.json()) };
  } finally {
    await new Promise((resolve) => own.close(resolve));
  }
}

async function listen(app: express.Express): Promise<Server> {
  const listening = createServer(app);
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  return listening;
}

beforeAll(async () => {
  history = await startTestHistory('history_api', SITE);
  const nine = moscow(MONDAY, '09:00');
  history.writer.record([
    // The Monday: 09:00 has 4 sales calls (3 answered, 2 within 20 s; 1 abandoned after 40 s), 09:15 one support call.
    call('sales', 'm1', nine + 10_000, { waitSec: 5 }),
    call('sales', 'm2', nine + 20_000, { waitSec: 15 }),
    call('sales', 'm3', nine + 30_000, { waitSec: 60 }),
    call('sales', 'm4', nine + 40_000, { outcome: 'abandoned', waitSec: 40 }),
    call('support', 'm5', nine + 16 * 60_000, { waitSec: 2 }),
    span('PJSIP/1001', 'available', nine, nine + 10 * 60_000, [{ queueId: 'sales', paused: false }]),
    span('PJSIP/1001', 'busy', nine + 10 * 60_000, nine + 15 * 60_000, [{ queueId: 'sales', paused: false }]),
    ticket('T-1', { createdAt: nine + 60_000, firstResponseAt: nine + 5 * 60_000, firstResponseMet: true }),
    ticket('T-2', { createdAt: nine + 120_000, firstResponseAt: nine + 6 * 60_000, firstResponseMet: false, solvedAt: nine + 20 * 60_000 }),
    // Earlier Mondays at 09:00: 2 and 6 sales calls.
    ...[0, 1].map((i) => call('sales', `a${i}`, moscow(EARLIER_MONDAYS[0]!, '09:00') + i * 1000, { waitSec: 10 })),
    ...[0, 1, 2, 3, 4, 5].map((i) => call('sales', `b${i}`, moscow(EARLIER_MONDAYS[1]!, '09:05') + i * 1000, { waitSec: 10 })),
  ]);
  await history.writer.settled();
  server = await listen(appOn(() => history.reader()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await history?.close();
});

describe('GET /api/history/intervals', () => {
  it('returns every 15-minute interval of the range with counters, SL/ASA/AHT, staffing and occupancy', async () => {
    const body = intervalsResponseSchema.parse(await json(`/api/history/intervals?from=${MONDAY}&to=2026-11-24&queue=sales`));
    expect(body.intervals).toHaveLength(96);
    expect(body.from).toBe('2026-11-22T21:00:00.000Z');
    const nine = body.intervals.find((row) => row.time === '09:00')!;
    expect(nine).toMatchObject({
      day: MONDAY,
      offered: 4,
      answered: 3,
      answeredWithinSl: 2,
      abandoned: 1,
      handled: 3,
      holdSec: 80,
      serviceLevelPct: 50,
      asaSec: 80 / 3,
      ahtSec: 150,
      staffedAgents: 1,
      occupancyPct: (100 * 5) / 15,
    });
    expect(body.intervals.find((row) => row.time === '09:15')?.offered).toBe(0);
  });

  it('sums every queue when no queue is named, and takes instants with an offset', async () => {
    const body = intervalsResponseSchema.parse(
      await json(`/api/history/intervals?from=${encodeURIComponent('2026-11-23T09:00:00+03:00')}&to=${encodeURIComponent('2026-11-23T09:20:00+03:00')}`),
    );
    expect(body.queue).toBeNull();
    expect(body.intervals.map((row) => [row.time, row.offered])).toEqual([
      ['09:00', 4],
      ['09:15', 1],
    ]);
  });

  it('answers ?format=csv with text/csv: a header row and one row per interval', async () => {
    const response = await get(`/api/history/intervals?from=${MONDAY}&to=2026-11-24&queue=sales&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(97);
    const header = lines[0]!.split(',');
    expect(header.slice(0, 4)).toEqual(['intervalStart', 'day', 'time', 'offered']);
    const nine = lines.find((line) => line.includes(',09:00,'))!.split(',');
    expect(nine[header.indexOf('offered')]).toBe('4');
    expect(nine[header.indexOf('serviceLevelPct')]).toBe('50');
  });
});

describe('GET /api/history/day', () => {
  it('shows the day beside the same weekday of earlier weeks, with tickets per interval', async () => {
    const body = dayResponseSchema.parse(await json(`/api/history/day?date=${MONDAY}&queue=sales&compare=2`));
    expect(body.days.map((day) => day.date)).toEqual([MONDAY, ...EARLIER_MONDAYS]);
    expect(body.days.map((day) => day.intervals.length)).toEqual([96, 96, 96]);
    expect(body.days.map((day) => day.intervals.find((row) => row.time === '09:00')?.offered)).toEqual([4, 2, 6]);
    expect(body.days.map((day) => day.total.offered)).toEqual([4, 2, 6]);
    const nine = body.days[0]!.intervals.find((row) => row.time === '09:00')!;
    expect(nine.tickets).toEqual({ created: 2, solved: 0, firstResponded: 2, firstRespondedWithinSla: 1 });
    expect(body.days[0]!.intervals.find((row) => row.time === '09:15')!.tickets.solved).toBe(1);
    expect(body.days[0]!.tickets).toEqual({ created: 2, solved: 1, firstResponded: 2, firstRespondedWithinSla: 1 });
  });

  it('compares with 4 earlier weeks by default, and answers CSV with a row per day and interval', async () => {
    const body = dayResponseSchema.parse(await json(`/api/history/day?date=${MONDAY}`));
    expect(body.days).toHaveLength(5);
    const response = await get(`/api/history/day?date=${MONDAY}&compare=1&format=csv`);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines).toHaveLength(1 + 2 * 96);
    expect(lines[0]!.split(',')).toContain('tickets.firstRespondedWithinSla');
  });
});

describe('GET /api/plan/heatmap', () => {
  it('means a metric per weekday and interval over the weeks and ranks the peaks', async () => {
    const body = heatmapResponseSchema.parse(await json('/api/plan/heatmap?weeks=3&queue=sales'));
    expect(body).toMatchObject({ from: '2026-11-03', to: '2026-11-24', metric: 'offered', weeks: 3, observedDays: 3 });
    expect(body.cells).toHaveLength(7 * 96);
    expect(body.cells.find((c) => c.weekday === 1 && c.time === '09:00')).toEqual({ weekday: 1, time: '09:00', value: 4, days: 3 });
    expect(body.peaks.topDecile[0]).toMatchObject({ weekday: 1, time: '09:00', value: 4 });
    expect(body.peaks.busyHours[0]).toMatchObject({ weekday: 1, total: 4 });
    expect(body.peaks.busyHours[0]!.times).toContain('09:00');
  });

  it('divides by the days observed, and by default spans the history there is instead of 8 weeks', async () => {
    // Sales history: three Mondays, the first on 2026-11-09, 15 days before the window's end.
    const asked = heatmapResponseSchema.parse(await json('/api/plan/heatmap?weeks=8&queue=sales'));
    expect(asked).toMatchObject({ weeks: 8, observedDays: 3 });
    expect(asked.cells.find((c) => c.weekday === 1 && c.time === '09:00')).toMatchObject({ value: 4, days: 3 });
    // Nobody called and nobody was logged in on Tuesdays: nothing to measure, not zero calls.
    expect(asked.cells.find((c) => c.weekday === 2 && c.time === '09:00')).toMatchObject({ value: null, days: 0 });

    const byDefault = heatmapResponseSchema.parse(await json('/api/plan/heatmap?queue=sales'));
    expect(byDefault).toMatchObject({ weeks: 3, from: '2026-11-03', to: '2026-11-24', observedDays: 3 });
  });

  it('answers CSV with one row per cell', async () => {
    const response = await get('/api/plan/heatmap?weeks=1&metric=serviceLevelPct&format=csv');
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('weekday,time,value,days');
    expect(lines).toHaveLength(1 + 7 * 96);
  });
});

describe('GET /api/plan/staffing', () => {
  it('plans a date: per interval the offered calls, AHT, agents required by Erlang C and A against those staffed', async () => {
    const body = staffingResponseSchema.parse(await json(`/api/plan/staffing?date=${MONDAY}&queue=sales&slPct=80&slSec=20&shrinkage=0.3`));
    expect(body.intervals).toHaveLength(96);
    expect(body.patienceSource).toBe('observed');
    // 4 callers waited 5 + 15 + 60 + 40 s; one abandoned.
    expect(body.patienceSec).toBe(120);
    const nine = body.intervals.find((row) => row.time === '09:00')!;
    const erlangC = requiredAgents({ callsPerInterval: 4, intervalSec: 900, ahtSec: 150, slTargetPct: 80, slThresholdSec: 20 }).agents;
    expect(nine).toMatchObject({ intervalStart: '2026-11-23T06:00:00.000Z', offered: 4, ahtSec: 150, requiredErlangC: erlangC, staffedAgents: 1 });
    expect(nine.netErlangC).toBe(1 - erlangC);
    expect(nine.requiredErlangA).toBeGreaterThan(0);
  });

  it('plans a weekday from the mean of that weekday over the weeks, with what-if AHT', async () => {
    const body = staffingResponseSchema.parse(await json('/api/plan/staffing?weekday=1&weeks=3&queue=sales&ahtSec=300'));
    expect(body.basis).toEqual({ kind: 'weekday', weekday: 1, weeks: 3, from: '2026-11-09', to: '2026-11-24', observedDays: 3 });
    const nine = body.intervals.find((row) => row.time === '09:00')!;
    expect(nine).toMatchObject({ intervalStart: null, offered: 4, ahtSec: 300 });
    const response = await get('/api/plan/staffing?weekday=1&format=csv');
    expect((await response.text()).trimEnd().split('\r\n')).toHaveLength(97);
  });

  it('plans a weekday over the history there is when no weeks are given, not a mean over 8 weeks of which 5 are empty', async () => {
    const body = staffingResponseSchema.parse(await json('/api/plan/staffing?weekday=1&queue=sales'));
    expect(body.basis).toMatchObject({ kind: 'weekday', weeks: 3, observedDays: 3 });
    expect(body.intervals.find((row) => row.time === '09:00')).toMatchObject({ offered: 4 });
  });
});

describe('GET /api/plan/intraday', () => {
  /** The Monday after the written ones, at 09:00: three Mondays of history (4, 2 and 6 sales calls at 09:00), nothing yet today. */
  async function intraday(path: string): Promise<ReturnType<typeof intradayResponseSchema.parse>> {
    const metrics = createMetrics();
    const reader = (): Promise<Queryable> => history.reader();
    const app = express();
    const nextMonday = moscow('2026-11-30', '09:00');
    app.use(planRouter({ reader, site: SITE, timeZone: TZ, clock: () => nextMonday, metrics, serviceTarget: () => ({ slPct: 85, slSec: 30 }) }));
    const own = await listen(app);
    try {
      const response = await fetch(`http://127.0.0.1:${(own.address() as AddressInfo).port}${path}`);
      expect(response.status, path).toBe(200);
      return intradayResponseSchema.parse(await response.json());
    } finally {
      await new Promise((resolve) => own.close(resolve));
    }
  }

  it('forecasts the rest of the day from the same weekday, with the agents needed at the queue target', async () => {
    const body = await intraday('/api/plan/intraday?queue=sales');
    expect(body).toMatchObject({ day: '2026-11-30', queue: 'sales', observedDays: 3, scale: 1, target: { slPct: 85, slSec: 30 } });
    expect(body.asOf).toBe(new Date(moscow('2026-11-30', '09:00')).toISOString());
    expect(body.intervals).toHaveLength(60);
    const nine = body.intervals[0]!;
    expect(nine.time).toBe('09:00');
    expect(nine.forecastOffered).toBeCloseTo(4, 9);
    // sd of 4, 2, 6 is 2: the band is 4 ± 1.28 x 2
    expect(nine.low).toBeCloseTo(4 - 2.56, 9);
    expect(nine.high).toBeCloseTo(4 + 2.56, 9);
    const expected = requiredAgents({ callsPerInterval: 4, intervalSec: 900, ahtSec: nine.ahtSec!, slTargetPct: 85, slThresholdSec: 30 }).agents;
    expect(nine.requiredErlangC).toBe(expected);
    expect(nine.requiredErlangA).not.toBeNull();
    expect(body.intervals[1]).toMatchObject({ time: '09:15', forecastOffered: 0, requiredErlangC: 0 });
    expect(body.nextHour).toEqual({ offered: nine.forecastOffered, agentsNeeded: expected, staffedNow: 0 });
  });

  it('takes a target from the query over the configured one', async () => {
    const body = await intraday('/api/plan/intraday?queue=sales&slPct=99&slSec=5');
    expect(body.target).toEqual({ slPct: 99, slSec: 5 });
    const strict = requiredAgents({ callsPerInterval: 4, intervalSec: 900, ahtSec: body.intervals[0]!.ahtSec!, slTargetPct: 99, slThresholdSec: 5 });
    expect(body.intervals[0]!.requiredErlangC).toBe(strict.agents);
  });
});

describe('query parameters', () => {
  const bad: [string, string][] = [
    ['/api/history/intervals?to=2026-11-24', 'from'],
    ['/api/history/intervals?from=2026-13-01&to=2026-11-24', 'from'],
    ['/api/history/intervals?from=2026-11-23&to=yesterday', 'to'],
    ['/api/history/intervals?from=2026-11-24&to=2026-11-23', 'to'],
    ['/api/history/intervals?from=2024-01-01&to=2026-11-23', 'to'],
    ['/api/history/intervals?from=2026-11-23&to=2026-11-24&queue=', 'queue'],
    ['/api/history/intervals?from=2026-11-23&to=2026-11-24&queue=a&queue=b', 'queue'],
    ['/api/history/intervals?from=2026-11-23&to=2026-11-24&format=xml', 'format'],
    ['/api/history/intervals?from=2026-11-23&to=2026-11-24&qeue=sales', 'qeue'],
    ['/api/history/day', 'date'],
    ['/api/history/day?date=23.11.2026', 'date'],
    ['/api/history/day?date=2026-02-30', 'date'],
    ['/api/history/day?date=2026-11-23&compare=13', 'compare'],
    ['/api/history/day?date=2026-11-23&compare=-1', 'compare'],
    ['/api/history/day?date=2026-11-23&compare=two', 'compare'],
    ['/api/history/day?date=2026-11-23&format=pdf', 'format'],
    ['/api/plan/heatmap?weeks=0', 'weeks'],
    ['/api/plan/heatmap?weeks=53', 'weeks'],
    ['/api/plan/heatmap?weeks=1.5', 'weeks'],
    ['/api/plan/heatmap?metric=calls', 'metric'],
    ['/api/plan/heatmap?end=tomorrow', 'end'],
    ['/api/plan/heatmap?queue=', 'queue'],
    ['/api/plan/staffing', 'date'],
    ['/api/plan/staffing?date=2026-11-23&weekday=1', 'date'],
    ['/api/plan/staffing?weekday=8', 'weekday'],
    ['/api/plan/staffing?weekday=0', 'weekday'],
    ['/api/plan/staffing?date=2026-11-23&weeks=4', 'weeks'],
    ['/api/plan/staffing?date=2026-11-23&end=2026-11-23', 'end'],
    ['/api/plan/staffing?weekday=1&weeks=99', 'weeks'],
    ['/api/plan/staffing?weekday=1&slPct=100', 'slPct'],
    ['/api/plan/staffing?weekday=1&slPct=0', 'slPct'],
    ['/api/plan/staffing?weekday=1&slSec=-5', 'slSec'],
    ['/api/plan/staffing?weekday=1&slSec=3601', 'slSec'],
    ['/api/plan/staffing?weekday=1&shrinkage=1', 'shrinkage'],
    ['/api/plan/staffing?weekday=1&shrinkage=-0.1', 'shrinkage'],
    ['/api/plan/staffing?weekday=1&ahtSec=0', 'ahtSec'],
    ['/api/plan/staffing?weekday=1&patienceSec=forever', 'patienceSec'],
    ['/api/plan/staffing?weekday=1&maxOccupancy=1.5', 'maxOccupancy'],
    ['/api/plan/staffing?weekday=1&format=xlsx', 'format'],
    ['/api/plan/intraday?queue=', 'queue'],
    ['/api/plan/intraday?slPct=100', 'slPct'],
    ['/api/plan/intraday?slSec=-1', 'slSec'],
    ['/api/plan/intraday?weekday=1', 'weekday'],
  ];
  it.each(bad)('%s answers 400 naming %s', async (path, parameter) => {
    const response = await get(path);
    expect(response.status).toBe(400);
    const body = apiErrorSchema.parse(await response.json());
    expect(body.errors.map((error) => error.path), JSON.stringify(body.errors)).toContain(parameter);
  });
});

describe('history database unreachable', () => {
  it('answers 503 without internals while the database refuses connections', async () => {
    const stopped = new HistoryService({
      // A port nothing listens on: a stopped server, as pg meets it (ECONNREFUSED).
      databaseUrl: `postgres://wallboard@127.0.0.1:${await closedPort()}/wallboard`,
      site: SITE,
      logger: createLogger('silent'),
      registry: new Registry(),
    });
    try {
      const { status, body } = await errorFrom(appOn(() => stopped.reader()), `/api/history/day?date=${MONDAY}`);
      expect(status).toBe(503);
      expect(body.errors).toEqual([{ path: '', message: 'history database unavailable' }]);
    } finally {
      await stopped.close();
    }
  });

  it('answers 503 when the connection drops under a query', async () => {
    const dropped = { query: () => Promise.reject(new Error('Connection terminated unexpectedly')) } as unknown as Queryable;
    const { status, body } = await errorFrom(appOn(async () => dropped), '/api/plan/heatmap?weeks=2');
    expect(status).toBe(503);
    expect(body.errors[0]?.message).toBe('history database unavailable');
  });
});

describe('a history query past HISTORY_QUERY_TIMEOUT_MS', () => {
  it('is cancelled by Postgres and answers 503 asking for a narrower range', async () => {
    const url = await freshDatabaseUrl('history_timeout');
    const impatient = new HistoryService({ databaseUrl: url, site: SITE, logger: createLogger('silent'), registry: new Registry(), queryTimeoutMs: 200 });
    try {
      // every query of the route first takes longer than the timeout, on the service's own query connections
      const slow: Queryable = {
        query: ((text: string, values?: unknown[]) =>
          impatient.reader().then(async (db) => {
            await db.query('SELECT pg_sleep(5)');
            return db.query(text, values);
          })) as Queryable['query'],
      };
      const { status, body } = await errorFrom(appOn(async () => slow), `/api/history/day?date=${MONDAY}`);
      expect(status).toBe(503);
      expect(body.errors).toEqual([{ path: '', message: 'history query took too long; narrow the range' }]);
    } finally {
      await impatient.close();
    }
  });
});

describe('a fault in a history query', () => {
  it('answers 500 without the database message and logs the error', async () => {
    const logged: string[] = [];
    const logger = pino({ level: 'error' }, { write: (line: string) => void logged.push(line) });
    // A real Postgres error (42P01, undefined table) from the real server, as a broken query would cause.
    const broken: Queryable = {
      query: ((text: string, values?: unknown[]) => history.reader().then((db) => db.query(text.replaceAll('interval_stats', 'no_such_table'), values))) as Queryable['query'],
    };
    const { status, body } = await errorFrom(appOn(async () => broken, logger), `/api/history/day?date=${MONDAY}`);
    expect(status).toBe(500);
    expect(body.errors).toEqual([{ path: '', message: 'internal error' }]);
    expect(JSON.stringify(body)).not.toContain('no_such_table');
    expect(logged).toHaveLength(1);
    const entry = JSON.parse(logged[0]!) as { msg: string; path: string; err: { code: string; message: string } };
    expect(entry).toMatchObject({ msg: 'request failed', path: '/api/history/day', err: { code: '42P01' } });
    expect(entry.err.message).toContain('no_such_table');
  });
});

/** A loopback port that was free a moment ago and is closed now. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
