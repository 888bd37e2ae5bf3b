import { createServer } from 'node:http';
import { clientPage } from '../../server/http/client-page';
import type { Language } from '../../shared/i18n/languages';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { z } from 'zod';
import { requiredAgentsErlangA } from '../../server/domain/staffing/erlang-a';
import { requiredAgents } from '../../server/domain/staffing/erlang-c';
import { withShrinkage } from '../../server/domain/staffing/staffing';
import { sendApiError } from '../../server/http/api-error-response';
import {
  dayQuerySchema,
  dayResponseSchema,
  heatmapQuerySchema,
  heatmapResponseSchema,
  historyPreparingSchema,
  intervalsQuerySchema,
  intervalsResponseSchema,
  staffingQuerySchema,
  staffingResponseSchema,
  type DayInterval,
  type DayQuery,
  type DayResponse,
  type DaySeries,
  type HeatmapCell,
  type HeatmapMetric,
  type HeatmapQuery,
  type HeatmapResponse,
  type HistoryPreparing,
  type IntervalStats,
  type StaffingInterval,
  type StaffingQuery,
  type StaffingResponse,
  type TicketInterval,
} from '../../shared/history-api';
import type { LiveSnapshot } from '../../shared/snapshot';
import { liveSnapshot, noIntradayForecast, periodStats, queueTile } from './board-fixtures';
import { useServerAuth } from './fake-server-auth';
import type { AuthContext } from '../../server/auth/auth-context';

/**
 * A stand-in for the wallboard server behind the Day and Plan pages: serves the
 * built client (index.html for client-side routes too), GET /api/snapshot, and
 * the four history endpoints with fixture payloads built from one synthetic
 * load curve, each validated against shared/history-api.ts before it is sent.
 * Queries are checked with the shared query schemas (a bad one gets the API's
 * 400) and recorded for the test. Given the product's own routers, it serves
 * those instead (recording the queries all the same). Listens on 127.0.0.1, port 0.
 */

export const FIXTURE_SITE = 'Moscow support';
export const FIXTURE_ZONE = 'Europe/Moscow';
/** The fixture's "today", a Monday. */
export const FIXTURE_TODAY = '2026-11-23';
const ZONE_OFFSET = '+03:00';

export const FIXTURE_QUEUES = [
  { id: 'sales', name: 'Sales' },
  { id: 'support-l1', name: 'Support L1' },
] as const;

// ---- the synthetic load ----

const INTERVALS = 96;
const INTERVAL_SEC = 900;
/** Monday .. Sunday: support desks are busiest early in the week, quiet at weekends. */
const WEEKDAY_FACTOR = [1.15, 1.05, 1, 1, 0.9, 0.35, 0.25];
const OBSERVED_AHT_SEC = 300;
const OBSERVED_PATIENCE_SEC = 120;

const bell = (x: number, centre: number, width: number) => Math.exp(-(((x - centre) / width) ** 2) / 2);

/** Mean calls offered per interval: a morning and an afternoon peak, almost nothing at night. */
export function loadCurve(interval: number, isoWeekday: number): number {
  const hour = interval / 4;
  const working = hour >= 8 && hour < 20 ? 5 : 0.3;
  return (working + 38 * bell(hour, 10.5, 1.4) + 28 * bell(hour, 14.75, 1.7)) * (WEEKDAY_FACTOR[isoWeekday - 1] ?? 1);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const timeOf = (interval: number) => `${pad2(Math.floor(interval / 4))}:${pad2((interval % 4) * 15)}`;

function isoWeekdayOf(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function intervalStats(offered: number): IntervalStats {
  const peakness = Math.min(1, offered / 50);
  const abandoned = Math.round(offered * (0.03 + 0.1 * peakness));
  const timedOut = offered >= 40 ? 1 : 0;
  const answered = Math.max(0, offered - abandoned - timedOut);
  const stats = periodStats({
    offered,
    answered,
    answeredWithinSl: Math.round(answered * (0.97 - 0.3 * peakness)),
    abandoned,
    shortAbandoned: Math.floor(abandoned / 4),
    timedOut,
    handled: answered,
    holdSec: answered * Math.round(6 + 50 * peakness),
    // Handle time grows with the load, so the AHT line has a shape rather than a flat 5:00.
    talkSec: answered * Math.round(230 + 60 * peakness),
    wrapSec: answered * 35,
  });
  const staffedAgents = offered === 0 ? 2 : Math.max(2, Math.round((offered * OBSERVED_AHT_SEC) / INTERVAL_SEC / 0.8));
  return {
    ...stats,
    waitSec: stats.holdSec + abandoned * 50,
    staffedAgents,
    occupancyPct: Math.min(100, ((stats.talkSec + stats.wrapSec) / (staffedAgents * INTERVAL_SEC)) * 100),
  };
}

const NO_TICKETS: TicketInterval = { created: 0, solved: 0, firstResponded: 0, firstRespondedWithinSla: 0 };

function ticketsFor(offered: number, interval: number): TicketInterval {
  const hour = interval / 4;
  const created = Math.round(offered * 1.1 + (hour >= 8 && hour < 20 ? 3 : 0));
  const firstResponded = Math.round(created * 0.9);
  return {
    created,
    solved: Math.round(created * 0.8),
    firstResponded,
    firstRespondedWithinSla: Math.round(firstResponded * 0.85),
  };
}

function sumStats(rows: readonly IntervalStats[]): IntervalStats {
  const add = (key: 'offered' | 'answered' | 'answeredWithinSl' | 'abandoned' | 'shortAbandoned' | 'timedOut' | 'handled' | 'holdSec' | 'talkSec' | 'wrapSec' | 'waitSec') =>
    rows.reduce((sum, row) => sum + row[key], 0);
  const stats = periodStats({
    offered: add('offered'),
    answered: add('answered'),
    answeredWithinSl: add('answeredWithinSl'),
    abandoned: add('abandoned'),
    shortAbandoned: add('shortAbandoned'),
    timedOut: add('timedOut'),
    handled: add('handled'),
    holdSec: add('holdSec'),
    talkSec: add('talkSec'),
    wrapSec: add('wrapSec'),
  });
  const staffedAgents = rows.reduce((sum, row) => sum + row.staffedAgents, 0) / Math.max(1, rows.length);
  return { ...stats, waitSec: add('waitSec'), staffedAgents, occupancyPct: null };
}

/** The fixture site's now: 11:00 on FIXTURE_TODAY, the 45th interval (index 44) under way. */
export const FIXTURE_NOW_INTERVAL = 44;

/**
 * One site day of the fixture: `scale` 0 is a day without history (every
 * interval zero, as the API reports it). Today has calls only up to the
 * interval under way; the rest of it is still to come.
 */
export function fixtureDay(date: string, scale: number): DaySeries {
  const weekday = isoWeekdayOf(date);
  const startMs = Date.parse(`${date}T00:00:00${ZONE_OFFSET}`);
  const lastInterval = date === FIXTURE_TODAY ? FIXTURE_NOW_INTERVAL : INTERVALS - 1;
  const intervals: DayInterval[] = Array.from({ length: INTERVALS }, (_, i) => {
    const offered = i > lastInterval ? 0 : Math.round(loadCurve(i, weekday) * scale);
    return {
      ...intervalStats(offered),
      intervalStart: new Date(startMs + i * INTERVAL_SEC * 1000).toISOString(),
      day: date,
      time: timeOf(i),
      tickets: scale === 0 || i > lastInterval ? NO_TICKETS : ticketsFor(offered, i),
    };
  });
  const tickets = intervals.reduce<TicketInterval>(
    (sum, row) => ({
      created: sum.created + row.tickets.created,
      solved: sum.solved + row.tickets.solved,
      firstResponded: sum.firstResponded + row.tickets.firstResponded,
      firstRespondedWithinSla: sum.firstRespondedWithinSla + row.tickets.firstRespondedWithinSla,
    }),
    NO_TICKETS,
  );
  return { date, intervals, total: sumStats(intervals), tickets };
}

export type HistoryMode = 'full' | 'empty';

export function dayPayload(query: DayQuery, mode: HistoryMode): DayResponse {
  const days = Array.from({ length: query.compare + 1 }, (_, weeksBack) =>
    // Each earlier week a little quieter, so the faint lines are told apart from the day.
    fixtureDay(addDays(query.date, -7 * weeksBack), mode === 'empty' ? 0 : 1 - 0.06 * weeksBack),
  );
  return { site: FIXTURE_SITE, timeZone: FIXTURE_ZONE, queue: query.queue ?? null, days };
}

/** Counts are means per day (decimals for offered, as the API's mean is); the rest as the interval's own figure. */
function heatmapValue(metric: HeatmapMetric, offered: number): number | null {
  return metric === 'offered' ? Math.round(offered * 10) / 10 : intervalStats(Math.round(offered))[metric];
}

/** The fixture has a full history: the default window is the longest one, and every day of it was observed. */
const FIXTURE_WEEKS = 8;

export function heatmapPayload(query: HeatmapQuery, mode: HistoryMode): HeatmapResponse {
  const weeks = query.weeks ?? FIXTURE_WEEKS;
  const cells: HeatmapCell[] = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    for (let i = 0; i < INTERVALS; i++) {
      const value = mode === 'empty' ? null : heatmapValue(query.metric, loadCurve(i, weekday));
      cells.push({ weekday, time: timeOf(i), value, days: mode === 'empty' ? 0 : weeks });
    }
  }
  const measured = cells.filter((c) => c.value !== null).sort((a, b) => (b.value ?? 0) - (a.value ?? 0));
  const topDecile = measured.slice(0, measured.length === 0 ? 0 : Math.max(1, Math.ceil(measured.length / 10)));
  const busyHours = (mode === 'empty' ? [] : [1, 2, 3, 4, 5, 6, 7])
    .map((weekday) => {
      const row = cells.filter((c) => c.weekday === weekday);
      let best = { start: 0, total: -1 };
      for (let start = 0; start + 4 <= row.length; start++) {
        const total = row.slice(start, start + 4).reduce((sum, c) => sum + (c.value ?? 0), 0);
        if (total > best.total) best = { start, total };
      }
      return { weekday, times: row.slice(best.start, best.start + 4).map((c) => c.time), total: Math.round(best.total * 10) / 10 };
    })
    .sort((a, b) => b.total - a.total);
  const to = query.end ?? FIXTURE_TODAY;
  return {
    site: FIXTURE_SITE,
    timeZone: FIXTURE_ZONE,
    queue: query.queue ?? null,
    metric: query.metric,
    weeks,
    from: addDays(to, -7 * weeks),
    to,
    observedDays: mode === 'empty' ? 0 : 7 * weeks,
    cells,
    peaks: { topDecile, busyHours },
  };
}

/**
 * Required agents with the product's own Erlang C and A; the observed staffing
 * follows the 80/20 requirement but runs short through the morning peak, so
 * some intervals are under-staffed at 80/20 and more at a stricter target.
 */
export function staffingPayload(query: StaffingQuery, mode: HistoryMode): StaffingResponse {
  const weekday = query.date !== undefined ? isoWeekdayOf(query.date) : (query.weekday ?? 1);
  const patienceSec = query.patienceSec ?? (mode === 'empty' ? null : OBSERVED_PATIENCE_SEC);
  const target = { slTargetPct: query.slPct, slThresholdSec: query.slSec, maxOccupancy: query.maxOccupancy };
  const intervals = Array.from({ length: INTERVALS }, (_, i): StaffingInterval => {
    const offered = mode === 'empty' ? 0 : Math.round(loadCurve(i, weekday) * 10) / 10;
    const ahtSec = query.ahtSec ?? OBSERVED_AHT_SEC;
    const load = { callsPerInterval: offered, intervalSec: INTERVAL_SEC, ahtSec };
    const requiredC = requiredAgents({ ...load, ...target }).agents;
    const requiredA = patienceSec === null ? null : requiredAgentsErlangA({ ...load, ...target, patienceSec }).agents;
    const hour = i / 4;
    const observedBasis = requiredAgents({ callsPerInterval: offered, intervalSec: INTERVAL_SEC, ahtSec: OBSERVED_AHT_SEC, slTargetPct: 80, slThresholdSec: 20 }).agents;
    const staffedAgents = mode === 'empty' ? 0 : Math.max(2, Math.round(observedBasis * (hour >= 9.5 && hour < 11.5 ? 0.85 : 1.12) * 10) / 10);
    return {
      time: timeOf(i),
      intervalStart: query.date === undefined ? null : new Date(Date.parse(`${query.date}T00:00:00${ZONE_OFFSET}`) + i * INTERVAL_SEC * 1000).toISOString(),
      offered,
      ahtSec,
      trafficErlangs: (offered * ahtSec) / INTERVAL_SEC,
      requiredErlangC: requiredC,
      requiredErlangA: requiredA,
      scheduledErlangC: withShrinkage(requiredC, query.shrinkage),
      scheduledErlangA: requiredA === null ? null : withShrinkage(requiredA, query.shrinkage),
      staffedAgents,
      netErlangC: staffedAgents - requiredC,
      netErlangA: requiredA === null ? null : staffedAgents - requiredA,
    };
  });
  const weeks = query.weeks ?? FIXTURE_WEEKS;
  const end = query.end ?? FIXTURE_TODAY;
  return {
    site: FIXTURE_SITE,
    timeZone: FIXTURE_ZONE,
    queue: query.queue ?? null,
    basis:
      query.date !== undefined
        ? { kind: 'date', date: query.date }
        : { kind: 'weekday', weekday, weeks, from: addDays(end, -7 * weeks), to: end, observedDays: mode === 'empty' ? 0 : weeks },
    target: {
      slPct: query.slPct,
      slSec: query.slSec,
      shrinkage: query.shrinkage,
      maxOccupancy: query.maxOccupancy ?? null,
      ahtSec: query.ahtSec ?? null,
    },
    patienceSec,
    patienceSource: query.patienceSec !== undefined ? 'whatIf' : patienceSec === null ? 'none' : 'observed',
    intervals,
  };
}

// ---- the server ----

export interface RecordedQuery {
  /** the endpoint, e.g. /api/plan/staffing */
  path: string;
  query: Record<string, string>;
}

export interface FakeHistoryServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** its access control: page tests sign in (page-test-kit.ts `signIn`) */
  readonly auth: AuthContext;
  /** every history query received, in order (bad ones too) */
  readonly queries: RecordedQuery[];
  /** queries to one endpoint */
  queriesTo(path: string): RecordedQuery[];
  close(): Promise<void>;
}

export interface FakeHistoryServerOptions {
  /** the built client to serve */
  staticDir: string;
  snapshot?: LiveSnapshot;
  /** `empty`: no history at all, as on a fresh install */
  mode?: HistoryMode;
  /** hold staffing replies this long, so a page's loading state can be seen */
  staffingDelayMs?: number;
  /** the product's own history and plan routers instead of the fixture endpoints (the pages against the real API) */
  apiRouters?: express.Router[];
  /** routers asked after those, for endpoints they do not answer */
  moreRouters?: express.Router[];
  /** SITE_LANG, written into the served page as the real server does (default en) */
  language?: Language;
}

export function fixtureSnapshot(): LiveSnapshot {
  return liveSnapshot(Date.parse(`${FIXTURE_TODAY}T${timeOf(FIXTURE_NOW_INTERVAL)}:00${ZONE_OFFSET}`), {
    site: FIXTURE_SITE,
    timeZone: FIXTURE_ZONE,
    day: FIXTURE_TODAY,
    queues: FIXTURE_QUEUES.map((q) => queueTile({ id: q.id, name: q.name })),
  });
}

function toCsv(rows: ReadonlyArray<Record<string, unknown>>): string {
  const [first] = rows;
  if (first === undefined) return '';
  const columns = Object.keys(first).filter((key) => typeof first[key] !== 'object' || first[key] === null);
  return [columns.join(','), ...rows.map((row) => columns.map((c) => String(row[c] ?? '')).join(','))].join('\n') + '\n';
}

/** The four endpoints with fixture payloads. */
const NOTHING_TO_PREPARE: HistoryPreparing = { preparing: false, doneDays: 0, totalDays: 0, pct: 100 };

function fixtureRouter(mode: HistoryMode, staffingDelayMs = 0): express.Router {
  const router = express.Router();

  /** Parse the query with the contract's schema (400 naming each bad parameter), then answer JSON or CSV. */
  function endpoint<Q extends { format: 'json' | 'csv' }, P>(
    route: string,
    querySchema: z.ZodType<Q>,
    payloadSchema: z.ZodType<P>,
    build: (query: Q) => P,
    csvRows: (payload: P) => ReadonlyArray<Record<string, unknown>>,
    delayMs = 0,
  ) {
    router.get(route, (req: Request, res: Response) => {
      const parsed = querySchema.safeParse(req.query);
      if (!parsed.success) {
        sendApiError(
          res,
          400,
          parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
        );
        return;
      }
      const payload = payloadSchema.parse(build(parsed.data));
      setTimeout(() => {
        if (parsed.data.format === 'csv') res.type('text/csv').send(toCsv(csvRows(payload)));
        else res.json(payload);
      }, delayMs);
    });
  }

  endpoint(
    '/api/history/intervals',
    intervalsQuerySchema,
    intervalsResponseSchema,
    (q) => {
      const day = fixtureDay(q.from.slice(0, 10), mode === 'empty' ? 0 : 1);
      return { site: FIXTURE_SITE, timeZone: FIXTURE_ZONE, queue: q.queue ?? null, from: q.from, to: q.to, intervals: day.intervals };
    },
    (p) => p.intervals,
  );
  endpoint('/api/history/day', dayQuerySchema, dayResponseSchema, (q) => dayPayload(q, mode), (p) => p.days.flatMap((d) => d.intervals));
  endpoint('/api/plan/heatmap', heatmapQuerySchema, heatmapResponseSchema, (q) => heatmapPayload(q, mode), (p) => p.cells);
  endpoint('/api/plan/staffing', staffingQuerySchema, staffingResponseSchema, (q) => staffingPayload(q, mode), (p) => p.intervals, staffingDelayMs);
  return router;
}

export async function startFakeHistoryServer(options: FakeHistoryServerOptions): Promise<FakeHistoryServer> {
  const mode: HistoryMode = options.mode ?? 'full';
  const snapshot = options.snapshot ?? fixtureSnapshot();
  const queries: RecordedQuery[] = [];
  const app = express();
  const page = clientPage(options.staticDir, options.language ?? 'en');
  const auth = useServerAuth(app, page);

  app.get('/api/snapshot', (_req, res) => {
    res.json(snapshot);
  });

  app.use(['/api/history', '/api/plan'], (req, _res, next) => {
    const query = Object.fromEntries(Object.entries(req.query).map(([name, value]) => [name, String(value)]));
    queries.push({ path: `${req.baseUrl}${req.path}`, query });
    next();
  });
  for (const router of options.apiRouters ?? [fixtureRouter(mode, options.staffingDelayMs)]) app.use(router);
  for (const router of options.moreRouters ?? []) app.use(router);
  app.get('/api/plan/intraday', (req: Request, res: Response) => {
    res.json(noIntradayForecast(snapshot, typeof req.query.queue === 'string' ? req.query.queue : null));
  });
  // Unless a router above reports on it: the history is complete, as a server without the demo answers.
  app.get('/api/history/preparing', (_req: Request, res: Response) => {
    res.json(historyPreparingSchema.parse(NOTHING_TO_PREPARE));
  });
  app.use('/api', (req, res) => {
    sendApiError(res, 404, `no such endpoint: ${req.method} ${req.originalUrl}`);
  });

  app.use(express.static(options.staticDir, { index: false }));
  // Client-side routes (/day, /plan) load the same page, as the real server does.
  app.get(/^\/(?!api\/).*/, (_req, res) => page.send(res));

  const http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    auth,
    queries,
    queriesTo: (route) => queries.filter((q) => q.path === route),
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
