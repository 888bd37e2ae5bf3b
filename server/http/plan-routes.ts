import express from 'express';
import {
  heatmapQuerySchema,
  staffingQuerySchema,
  type HeatmapResponse,
  type StaffingResponse,
} from '../../shared/history-api';
import { isoWeekday, siteDay } from '../../shared/site-time';
import type { WallboardMetrics } from '../observability/metrics';
import { busyHours, heatmapCells, topDecile } from '../history/heatmap-report';
import { readIntervalStats, readWeekdayStats, SITE_QUEUE, type Queryable } from '../history/history-queries';
import { daysRange } from '../history/interval-grid';
import { load, parseQuery, sendReport } from '../history/report-response';
import { staffingPlan } from '../history/staffing-report';
import { daySlots, poolByWeekday, windowDays } from '../history/weekday-slots';

export interface PlanRoutesOptions {
  reader: () => Promise<Queryable>;
  site: string;
  timeZone: string;
  /** the site's clock: "today" ends the default window */
  clock: () => number;
  metrics: WallboardMetrics;
}

const DEFAULT_WEEKS = 8;

/** The staffing planner's views: the weekday x interval heatmap with its peaks, and agents required vs staffed. */
export function planRouter(options: PlanRoutesOptions): express.Router {
  const router = express.Router();
  const { site, timeZone, metrics } = options;
  const today = (): string => siteDay(timeZone, options.clock());
  const queueLabel = (queue: string | undefined): string => queue ?? 'all-queues';

  router.get('/api/plan/heatmap', async (req, res, next) => {
    const query = parseQuery(heatmapQuerySchema, req, res, metrics);
    if (!query) return;
    const days = windowDays(query.end ?? today(), query.weeks);
    const range = daysRange(timeZone, days[0]!, days.length);
    const pooled = await load(res, options.reader, (db) => readWeekdayStats(db, site, query.queue ?? SITE_QUEUE, [range], timeZone));
    if (!pooled) return;
    try {
      const cells = heatmapCells(poolByWeekday(timeZone, days, pooled), query.metric);
      const body: HeatmapResponse = {
        site,
        timeZone,
        queue: query.queue ?? null,
        metric: query.metric,
        weeks: query.weeks,
        from: days[0]!,
        to: query.end ?? today(),
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
    const weeks = query.weeks ?? DEFAULT_WEEKS;
    const end = query.end ?? today();
    const days = query.date !== undefined ? [query.date] : windowDays(end, weeks).filter((day) => isoWeekday(day) === query.weekday);
    const ranges = days.map((day) => daysRange(timeZone, day, 1));
    const queueId = query.queue ?? SITE_QUEUE;
    const slots = await load(res, options.reader, async (db) =>
      query.date !== undefined
        ? daySlots(timeZone, query.date, await readIntervalStats(db, site, queueId, ranges))
        : poolByWeekday(timeZone, days, await readWeekdayStats(db, site, queueId, ranges, timeZone)),
    );
    if (!slots) return;
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
            : { kind: 'weekday', weekday: query.weekday!, weeks, from: days[0]!, to: end },
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

  return router;
}
