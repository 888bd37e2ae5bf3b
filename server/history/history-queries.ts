import type pg from 'pg';
import { emptyCounters, type Counters } from '../../shared/call-counters';
import type { TicketInterval } from '../../shared/history-api';
import { COUNTER_COLUMNS } from './counter-columns';
import type { StoredInterval } from './interval-stats';
import { weekdaySlotKey } from './weekday-slots';

/** Anything that runs a query: the pool, or one of its clients. */
export type Queryable = Pick<pg.Pool, 'query'>;

/** [from, to) in epoch ms. */
export interface TimeRange {
  from: number;
  to: number;
}

/** The whole site in interval_stats (queue names are never empty). */
export const SITE_QUEUE = '';

const iso = (ms: number): string => new Date(ms).toISOString();

/** The figures of interval_stats beside the call counters. */
const EXTRA_COLUMNS = ['wait_sec', 'staffed_sec', 'occupied_sec'] as const;
/** interval_stats' figures; counts are integers, seconds may have fractions. */
const STATS_COLUMNS: readonly { column: string; sqlType: string }[] = [
  ...COUNTER_COLUMNS,
  ...EXTRA_COLUMNS.map((column) => ({ column, sqlType: 'float8' })),
];
type StatsRow = Record<string, number>;

const RANGE_JOIN = `unnest($3::timestamptz[], $4::timestamptz[]) AS r(from_at, to_at)
  JOIN interval_stats i ON i.site = $1 AND i.queue_id = $2 AND i.interval_start >= r.from_at AND i.interval_start < r.to_at`;

function rangeParams(site: string, queueId: string, ranges: readonly TimeRange[]): unknown[] {
  return [site, queueId, ranges.map((r) => iso(r.from)), ranges.map((r) => iso(r.to))];
}

function countersOfRow(row: StatsRow): Counters {
  const counters = emptyCounters();
  for (const { field, column } of COUNTER_COLUMNS) counters[field] = row[column]!;
  return counters;
}

function storedOf(row: StatsRow): StoredInterval {
  return { counters: countersOfRow(row), waitSec: row.wait_sec!, staffedSec: row.staffed_sec!, occupiedSec: row.occupied_sec! };
}

/**
 * The rollup rows of one queue (or SITE_QUEUE) within the ranges, by interval
 * start. Intervals without a row had no calls and nobody staffed.
 */
export async function readIntervalStats(
  db: Queryable,
  site: string,
  queueId: string,
  ranges: readonly TimeRange[],
): Promise<Map<number, StoredInterval>> {
  const { rows } = await db.query<StatsRow & { start_ms: number }>(
    // Epoch ms in SQL: parsing thousands of timestamptz texts in node-pg costs more than the query.
    `SELECT extract(epoch FROM i.interval_start)::float8 * 1000 AS start_ms, ${STATS_COLUMNS.map(({ column }) => `i.${column}`).join(', ')}
     FROM ${RANGE_JOIN}`,
    rangeParams(site, queueId, ranges),
  );
  return new Map(rows.map((row) => [row.start_ms, storedOf(row)]));
}

/** A weekday x wall-clock slot summed over the days it was observed. */
export interface PooledSlot {
  stored: StoredInterval;
  /** distinct site days on which this slot was observed (calls came, or someone was logged in) */
  days: number;
  /** observed intervals: one per day, two where a fall-back day repeats the hour */
  intervals: number;
}

/**
 * An interval is observed when calls came or someone was logged in and not
 * paused: a day with the PBX (or the board) down has no such rows, and is not a
 * day of zero calls. Pooled figures divide by observed days only.
 */
const OBSERVED = '(s.offered > 0 OR s.staffed_sec > 0)';

/**
 * The rollup rows within the ranges summed by site weekday and wall-clock time
 * (key: weekdaySlotKey), with the days and intervals observed per slot.
 * Postgres pools them: 8 weeks of intervals are 5,376 rows but 672 slots, and
 * moving rows through node-pg, value by value, is what costs most in a heatmap.
 */
export async function readWeekdayStats(
  db: Queryable,
  site: string,
  queueId: string,
  ranges: readonly TimeRange[],
  timeZone: string,
): Promise<Map<string, PooledSlot>> {
  const { rows } = await db.query<StatsRow & { weekday: number; time: string; observed_days: number; observed_intervals: number }>(
    // A cast to time costs less per row than to_char; pg hands it over as HH:MM:SS. The inner grouping by
    // wall-clock instant makes a fall-back day's repeated hour one row (two intervals, one day), so observed
    // days are a plain count, not a count(DISTINCT) that sorts every slot's rows.
    `SELECT extract(isodow FROM s.local_at)::int AS weekday, s.local_at::time AS time,
       ${STATS_COLUMNS.map(({ column, sqlType }) => `sum(s.${column})::${sqlType} AS ${column}`).join(', ')},
       count(*) FILTER (WHERE s.observed_intervals > 0)::int AS observed_days,
       sum(s.observed_intervals)::int AS observed_intervals
     FROM (
       SELECT s.local_at, ${STATS_COLUMNS.map(({ column }) => `sum(s.${column}) AS ${column}`).join(', ')},
         count(*) FILTER (WHERE ${OBSERVED}) AS observed_intervals
       FROM (SELECT i.*, i.interval_start AT TIME ZONE $5 AS local_at FROM ${RANGE_JOIN}) s
       GROUP BY s.local_at
     ) s
     GROUP BY 1, 2`,
    [...rangeParams(site, queueId, ranges), timeZone],
  );
  return new Map(
    rows.map((row) => [
      weekdaySlotKey(row.weekday, row.time.slice(0, 5)),
      { stored: storedOf(row), days: row.observed_days, intervals: row.observed_intervals },
    ]),
  );
}

/**
 * The site days within the ranges on which the queue was observed at all: how
 * much history a pooled figure can rest on.
 */
export async function readObservedDays(
  db: Queryable,
  site: string,
  queueId: string,
  ranges: readonly TimeRange[],
  timeZone: string,
): Promise<string[]> {
  const { rows } = await db.query<{ day: string }>(
    // Distinct dates first: to_char per day, not per interval.
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day
     FROM (SELECT DISTINCT (s.interval_start AT TIME ZONE $5)::date AS day FROM (SELECT i.* FROM ${RANGE_JOIN}) s WHERE ${OBSERVED}) d
     ORDER BY 1`,
    [...rangeParams(site, queueId, ranges), timeZone],
  );
  return rows.map((row) => row.day);
}

/**
 * Tickets of the site by the interval each fact fell in: created, solved, first
 * responded (and of those, within the SLA's due time).
 */
export async function readTicketIntervals(db: Queryable, site: string, ranges: readonly TimeRange[]): Promise<Map<number, TicketInterval>> {
  const { rows } = await db.query<{ kind: 'created' | 'solved' | 'firstResponded'; start_ms: number; n: number; met: number }>(
    `WITH r AS (SELECT * FROM unnest($2::timestamptz[], $3::timestamptz[]) AS r(from_at, to_at)),
     facts AS (
       SELECT 'created' AS kind, t.created_at AS at, false AS met
       FROM r JOIN ticket_history t ON t.site = $1 AND t.created_at >= r.from_at AND t.created_at < r.to_at
       UNION ALL
       SELECT 'solved', t.solved_at, false
       FROM r JOIN ticket_history t ON t.site = $1 AND t.solved_at >= r.from_at AND t.solved_at < r.to_at
       UNION ALL
       SELECT 'firstResponded', t.first_response_at, coalesce(t.first_response_met, false)
       FROM r JOIN ticket_history t ON t.site = $1 AND t.first_response_at >= r.from_at AND t.first_response_at < r.to_at
     )
     SELECT kind, extract(epoch FROM date_bin('15 minutes', at, TIMESTAMPTZ '1970-01-01 00:00:00+00'))::float8 * 1000 AS start_ms,
       count(*)::int AS n, count(*) FILTER (WHERE met)::int AS met
     FROM facts GROUP BY 1, 2`,
    [site, ranges.map((r) => iso(r.from)), ranges.map((r) => iso(r.to))],
  );
  const byStart = new Map<number, TicketInterval>();
  for (const row of rows) {
    const start = row.start_ms;
    let tickets = byStart.get(start);
    if (!tickets) {
      tickets = { created: 0, solved: 0, firstResponded: 0, firstRespondedWithinSla: 0 };
      byStart.set(start, tickets);
    }
    if (row.kind === 'created') tickets.created = row.n;
    else if (row.kind === 'solved') tickets.solved = row.n;
    else {
      tickets.firstResponded = row.n;
      tickets.firstRespondedWithinSla = row.met;
    }
  }
  return byStart;
}

/**
 * The call counters of every queue (not SITE_QUEUE) per interval within
 * `range`: the rollup of the calls that finished there, which a live store
 * emptied by a Redis restart is rebuilt from.
 */
export async function readQueueIntervalCounters(
  db: Queryable,
  site: string,
  range: TimeRange,
): Promise<{ queueId: string; intervalStart: number; counters: Counters }[]> {
  const { rows } = await db.query<StatsRow & { queue_id: string; start_ms: number }>(
    `SELECT queue_id, extract(epoch FROM interval_start)::float8 * 1000 AS start_ms, ${COUNTER_COLUMNS.map(({ column }) => column).join(', ')}
     FROM interval_stats WHERE site = $1 AND queue_id <> $2 AND interval_start >= $3 AND interval_start < $4`,
    [site, SITE_QUEUE, iso(range.from), iso(range.to)],
  );
  return rows.map((row) => ({ queueId: row.queue_id, intervalStart: row.start_ms, counters: countersOfRow(row) }));
}
