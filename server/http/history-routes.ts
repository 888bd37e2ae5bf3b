import express, { type Response } from 'express';
import { COUNTER_FIELDS } from '../../shared/call-counters';
import {
  dayQuerySchema,
  type HistoryPreparing,
  intervalsQuerySchema,
  type DayResponse,
  type IntervalRow,
  type IntervalsResponse,
  type TicketInterval,
} from '../../shared/history-api';
import { addDays, dayStartMs } from '../../shared/site-time';
import type { WallboardMetrics } from '../observability/metrics';
import { daySeries, intervalRow } from '../history/day-report';
import { readEscalationDays } from '../history/escalation-days';
import { readIntervalStats, readTicketIntervals, SITE_QUEUE, type Queryable } from '../history/history-queries';
import { ceilToInterval, daysRange, floorToInterval, rangeGrid } from '../history/interval-grid';
import { badParameter, load, parseQuery, sendReport } from '../history/report-response';
import type { CsvValue } from '../history/csv-format';

export interface HistoryRoutesOptions {
  /** the history database, once reachable (throws while it is not) */
  reader: () => Promise<Queryable>;
  site: string;
  timeZone: string;
  metrics: WallboardMetrics;
  /** how far history still being written has got (the demo's simulated weeks); default: nothing to prepare */
  preparing?: () => HistoryPreparing;
}

const NOTHING_TO_PREPARE: HistoryPreparing = { preparing: false, doneDays: 0, totalDays: 0, pct: 100 };

/** A range request may span at most this many days (a year and a bit: 38,400 rows). */
const MAX_RANGE_DAYS = 400;
const DAY_MS = 24 * 60 * 60 * 1000;

const STATS_COLUMNS = [
  ...COUNTER_FIELDS,
  'waitSec',
  'serviceLevelPct',
  'asaSec',
  'ahtSec',
  'staffedAgents',
  'occupancyPct',
] as const satisfies readonly (keyof IntervalRow)[];
const TICKET_COLUMNS = ['created', 'solved', 'firstResponded', 'firstRespondedWithinSla'] as const;

/** The manager's history: 15-minute rows over a range, and one day against earlier same weekdays. */
export function historyRouter(options: HistoryRoutesOptions): express.Router {
  const router = express.Router();
  const { site, timeZone, metrics } = options;
  const queueLabel = (queue: string | undefined): string => queue ?? 'all-queues';

  router.get('/api/history/preparing', (_req, res) => {
    res.set('Cache-Control', 'no-store').json(options.preparing?.() ?? NOTHING_TO_PREPARE);
  });

  router.get('/api/history/intervals', async (req, res, next) => {
    const query = parseQuery(intervalsQuerySchema, req, res, metrics);
    if (!query) return;
    const from = floorToInterval(pointInTime(timeZone, query.from));
    const to = ceilToInterval(pointInTime(timeZone, query.to));
    if (to <= from) return badParameter(res, 'to', 'must be after from');
    if (to - from > MAX_RANGE_DAYS * DAY_MS) return badParameter(res, 'to', `at most ${MAX_RANGE_DAYS} days after from`);
    const stored = await load(res, options.reader, async (db) => readIntervalStats(db, site, query.queue ?? SITE_QUEUE, [{ from, to }]));
    if (!stored) return;
    try {
      const body: IntervalsResponse = {
        site,
        timeZone,
        queue: query.queue ?? null,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        intervals: rangeGrid(timeZone, from, to).map((interval) => intervalRow(interval, stored.get(interval.start))),
      };
      sendReport(res, query.format, body, () => ({
        name: `intervals-${queueLabel(query.queue)}-${body.intervals[0]?.day ?? ''}`,
        columns: ['intervalStart', 'day', 'time', ...STATS_COLUMNS],
        rows: body.intervals.map(csvRow),
      }));
    } catch (error) {
      next(error);
    }
  });

  router.get('/api/history/day', async (req, res, next) => {
    const query = parseQuery(dayQuerySchema, req, res, metrics);
    if (!query) return;
    const dates = Array.from({ length: query.compare + 1 }, (_, week) => addDays(query.date, -7 * week));
    const ranges = dates.map((date) => daysRange(timeZone, date, 1));
    const loaded = await load(res, options.reader, async (db) => ({
      calls: await readIntervalStats(db, site, query.queue ?? SITE_QUEUE, ranges),
      tickets: await readTicketIntervals(db, site, ranges),
      escalations: await readEscalationDays(db, site, ranges),
    }));
    if (!loaded) return;
    try {
      const body: DayResponse = {
        site,
        timeZone,
        queue: query.queue ?? null,
        days: dates.map((date, week) => ({ ...daySeries(timeZone, date, loaded.calls, loaded.tickets), escalations: loaded.escalations[week] })),
      };
      sendReport(res, query.format, body, () => ({
        name: `day-${queueLabel(query.queue)}-${query.date}`,
        columns: ['date', 'intervalStart', 'day', 'time', ...STATS_COLUMNS, ...TICKET_COLUMNS.map((c) => `tickets.${c}`)],
        rows: body.days.flatMap((day) =>
          day.intervals.map((row) => ({ date: day.date, ...csvRow(row), ...ticketCsv(row.tickets) })),
        ),
      }));
    } catch (error) {
      next(error);
    }
  });

  return router;
}

/** A site day means its first instant. */
function pointInTime(timeZone: string, value: string): number {
  return value.length === 10 ? dayStartMs(timeZone, value) : Date.parse(value);
}

function csvRow(row: IntervalRow): Record<string, CsvValue> {
  const out: Record<string, CsvValue> = { intervalStart: row.intervalStart, day: row.day, time: row.time };
  for (const column of STATS_COLUMNS) out[column] = row[column];
  return out;
}

function ticketCsv(tickets: TicketInterval): Record<string, CsvValue> {
  return Object.fromEntries(TICKET_COLUMNS.map((c) => [`tickets.${c}`, tickets[c]]));
}
