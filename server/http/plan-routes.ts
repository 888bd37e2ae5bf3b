import express from 'express';
import {
  heatmapQuerySchema,
  intradayQuerySchema,
  staffingQuerySchema,
  type HeatmapResponse,
  type IntradayResponse,
  type StaffingResponse,
} from '../../shared/history-api';
import { dayNumberOfDate, isoWeekday, siteDay } from '../../shared/site-time';
import type { WallboardMetrics } from '../observability/metrics';
import { busyHours, heatmapCells, topDecile } from '../history/heatmap-report';
import { readIntervalStats, readObservedDays, readWeekdayStats, SITE_QUEUE, type Queryable } from '../history/history-queries';
import { daysRange } from '../history/interval-grid';
import { load, parseQuery, sendReport } from '../history/report-response';
import { intradayReport } from '../history/intraday-report';
import { staffingPlan } from '../history/staffing-report';
import { daySlots, poolByWeekday, windowDays } from '../history/weekday-slots';

export interface PlanRoutesOptions {
  reader: () => Promise<Queryable>;
  site: string;
  timeZone: string;
  /** the site's clock: "today" ends the default window */
  clock: () => number;
  metrics: WallboardMetrics;
  /** the queue's SL target (null: the whole site), for the intraday forecast; default 80% in 20 s */
  serviceTarget?: (queue: string | null) => { slPct: number; slSec: number };
}

const DEFAULT_TARGET = { slPct: 80, slSec: 20 };

/** The longest window chosen by default; a shorter history gets a window of its own length. */
const DEFAULT_WEEKS = 8;

/**
 * Weeks of the default window ending before `end`: as many as the history
 * observed (up to DEFAULT_WEEKS), so four weeks of history are not averaged
 * over eight.
 */
async function weeksOfHistory(db: Queryable, site: string, queueId: string, timeZone: string, end: string): Promise<number> {
  const days = windowDays(end, DEFAULT_WEEKS);
  const observed = await readObservedDays(db, site, queueId, [daysRange(timeZone, days[0]!, days.length)], timeZone);
  if (observed.length === 0) return DEFAULT_WEEKS;
  const span = dayNumberOfDate(end) - dayNumberOfDate(observed[0]!);
  return Math.min(DEFAULT_WEEKS, Math.max(1, Math.ceil(span / 7)));
}

/** The staffing planner's views: the weekday x interval heatmap with its peaks, and agents required vs staffed. */
export function planRouter(options: PlanRoutesOptions): express.Router {
  const router = express.Router();
  const { site, timeZone, metrics } = options;
  const today = (): string => siteDay(timeZone, options.clock());
  const queueLabel = (queue: string | undefined): string => queue ?? 'all-queues';

  router.get('/api/plan/heatmap', async (req, res, next) => {
    const query = parseQuery(heatmapQuerySchema, req, res, metrics);
    if (!query) return;
    const end = query.end ?? today();
    const queueId = query.queue ?? SITE_QUEUE;
    const read = await load(res, options.reader, async (db) => {
      const weeks = query.weeks ?? (await weeksOfHistory(db, site, queueId, timeZone, end));
      const days = windowDays(end, weeks);
      const range = daysRange(timeZone, days[0]!, days.length);
      const [pooled, observed] = await Promise.all([
        readWeekdayStats(db, site, queueId, [range], timeZone),
        readObservedDays(db, site, queueId, [range], timeZone),
      ]);
      return { weeks, days, pooled, observedDays: observed.length };
    });
    if (!read) return;
    const { weeks, days, pooled, observedDays } = read;
    try {
      const cells = heatmapCells(poolByWeekday(timeZone, days, pooled), query.metric);
      const body: HeatmapResponse = {
        site,
        timeZone,
        queue: query.queue ?? null,
        metric: query.metric,
        weeks,
        from: days[0]!,
        to: end,
        observedDays,
        cells,
        peaks: { topDecile: topDecile(cells), busyHours: busyHours(cells) },
      };
      sendReport(res, query.format, body, () => ({
        name: `heatmap-${queueLabel(query.queue)}-${query.metric}-${body.from}`,
        columns: ['weekday', 'time', 'value', 'days'],
        rows: cells,
      }));
    } catch (error) {
      next(error);
    }
  });

  router.get('/api/plan/staffing', async (req, res, next) => {
    const query = parseQuery(staffingQuerySchema, req, res, metrics);
    if (!query) return;
    const end = query.end ?? today();
    const queueId = query.queue ?? SITE_QUEUE;
    const read = await load(res, options.reader, async (db) => {
      if (query.date !== undefined) {
        const ranges = [daysRange(timeZone, query.date, 1)];
        return { weeks: 0, days: [query.date], slots: daySlots(timeZone, query.date, await readIntervalStats(db, site, queueId, ranges)) };
      }
      const weeks = query.weeks ?? (await weeksOfHistory(db, site, queueId, timeZone, end));
      const days = windowDays(end, weeks).filter((day) => isoWeekday(day) === query.weekday);
      const ranges = days.map((day) => daysRange(timeZone, day, 1));
      return { weeks, days, slots: poolByWeekday(timeZone, days, await readWeekdayStats(db, site, queueId, ranges, timeZone)) };
    });
    if (!read) return;
    const { weeks, days, slots } = read;
    try {
      const plan = staffingPlan({
        slots,
        slPct: query.slPct,
        slSec: query.slSec,
        shrinkage: query.shrinkage,
        maxOccupancy: query.maxOccupancy,
        ahtSec: query.ahtSec,
        patienceSec: query.patienceSec,
      });
      const body: StaffingResponse = {
        site,
        timeZone,
        queue: query.queue ?? null,
        basis:
          query.date !== undefined
            ? { kind: 'date', date: query.date }
            : {
                kind: 'weekday',
                weekday: query.weekday!,
                weeks,
                from: days[0]!,
                to: end,
                observedDays: Math.max(0, ...slots.map((slot) => slot.days)),
              },
        target: {
          slPct: query.slPct,
          slSec: query.slSec,
          shrinkage: query.shrinkage,
          maxOccupancy: query.maxOccupancy ?? null,
          ahtSec: query.ahtSec ?? null,
        },
        ...plan,
      };
      sendReport(res, query.format, body, () => ({
        name: `staffing-${queueLabel(query.queue)}-${query.date ?? `weekday${query.weekday}`}`,
        columns: [
          'time',
          'intervalStart',
          'offered',
          'ahtSec',
          'trafficErlangs',
          'requiredErlangC',
          'requiredErlangA',
          'scheduledErlangC',
          'scheduledErlangA',
          'staffedAgents',
          'netErlangC',
          'netErlangA',
        ],
        rows: body.intervals,
      }));
    } catch (error) {
      next(error);
    }
  });

  router.get('/api/plan/intraday', async (req, res, next) => {
    const query = parseQuery(intradayQuerySchema, req, res, metrics);
    if (!query) return;
    const now = options.clock();
    const day = today();
    const queueId = query.queue ?? SITE_QUEUE;
    const read = await load(res, options.reader, async (db) => {
      const sameWeekday = windowDays(day, DEFAULT_WEEKS).filter((d) => isoWeekday(d) === isoWeekday(day));
      const ranges = sameWeekday.map((d) => daysRange(timeZone, d, 1));
      const [observed, calls, todayCalls] = await Promise.all([
        readObservedDays(db, site, queueId, ranges, timeZone),
        readIntervalStats(db, site, queueId, ranges),
        readIntervalStats(db, site, queueId, [daysRange(timeZone, day, 1)]),
      ]);
      return { history: observed.map((d) => ({ day: d, calls })), todayCalls };
    });
    if (!read) return;
    try {
      const configured = options.serviceTarget?.(query.queue ?? null) ?? DEFAULT_TARGET;
      const target = { slPct: query.slPct ?? configured.slPct, slSec: query.slSec ?? configured.slSec };
      const report = intradayReport({
        timeZone,
        now,
        today: day,
        history: read.history,
        todayCalls: read.todayCalls,
        target: { slTargetPct: target.slPct, slThresholdSec: target.slSec },
      });
      const body: IntradayResponse = { site, timeZone, queue: query.queue ?? null, day, target, ...report };
      res.json(body);
    } catch (error) {
      next(error);
    }
  });

  return router;
}

/**
 * GET /api/plan/intraday on a server without a history database: there is
 * nothing to forecast from, and it says so (observedDays 0, nothing expected)
 * instead of a 404 the board would ask for every few minutes.
 */
export function intradayWithoutHistoryRouter(options: Pick<PlanRoutesOptions, 'site' | 'timeZone' | 'clock' | 'metrics'>): express.Router {
  const router = express.Router();
  const { site, timeZone, metrics } = options;
  router.get('/api/plan/intraday', (req, res) => {
    const query = parseQuery(intradayQuerySchema, req, res, metrics);
    if (!query) return;
    const now = options.clock();
    const day = siteDay(timeZone, now);
    const target = { slPct: query.slPct ?? DEFAULT_TARGET.slPct, slSec: query.slSec ?? DEFAULT_TARGET.slSec };
    const report = intradayReport({
      timeZone,
      now,
      today: day,
      history: [],
      todayCalls: new Map(),
      target: { slTargetPct: target.slPct, slThresholdSec: target.slSec },
    });
    const body: IntradayResponse = { site, timeZone, queue: query.queue ?? null, day, target, ...report };
    res.json(body);
  });
  return router;
}
