import type pg from 'pg';
import type { TicketInterval } from '../../shared/history-api';
import type { StoredInterval } from './interval-stats';

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

interface StatsRow {
  interval_start: Date;
  offered: number;
  answered: number;
  answered_within_sl: number;
  abandoned: number;
  short_abandoned: number;
  timed_out: number;
  handled: number;
  hold_sec: number;
  talk_sec: number;
  wrap_sec: number;
  wait_sec: number;
  staffed_sec: number;
  occupied_sec: number;
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
  const { rows } = await db.query<StatsRow>(
    `SELECT i.interval_start, i.offered, i.answered, i.answered_within_sl, i.abandoned, i.short_abandoned, i.timed_out,
       i.handled, i.hold_sec, i.talk_sec, i.wrap_sec, i.wait_sec, i.staffed_sec, i.occupied_sec
     FROM unnest($3::timestamptz[], $4::timestamptz[]) AS r(from_at, to_at)
     JOIN interval_stats i ON i.site = $1 AND i.queue_id = $2
       AND i.interval_start >= r.from_at AND i.interval_start < r.to_at`,
    [site, queueId, ranges.map((r) => iso(r.from)), ranges.map((r) => iso(r.to))],
  );
  const byStart = new Map<number, StoredInterval>();
  for (const row of rows) {
    byStart.set(row.interval_start.getTime(), {
      counters: {
        offered: row.offered,
        answered: row.answered,
        answeredWithinSl: row.answered_within_sl,
        abandoned: row.abandoned,
        shortAbandoned: row.short_abandoned,
        timedOut: row.timed_out,
        handled: row.handled,
        holdSec: row.hold_sec,
        talkSec: row.talk_sec,
        wrapSec: row.wrap_sec,
      },
      waitSec: row.wait_sec,
      staffedSec: row.staffed_sec,
      occupiedSec: row.occupied_sec,
    });
  }
  return byStart;
}

/**
 * Tickets of the site by the interval each fact fell in: created, solved, first
 * responded (and of those, within the SLA's due time).
 */
export async function readTicketIntervals(db: Queryable, site: string, ranges: readonly TimeRange[]): Promise<Map<number, TicketInterval>> {
  const { rows } = await db.query<{ kind: 'created' | 'solved' | 'firstResponded'; interval_start: Date; n: number; met: number }>(
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
     SELECT kind, date_bin('15 minutes', at, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS interval_start,
       count(*)::int AS n, count(*) FILTER (WHERE met)::int AS met
     FROM facts GROUP BY 1, 2`,
    [site, ranges.map((r) => iso(r.from)), ranges.map((r) => iso(r.to))],
  );
  const byStart = new Map<number, TicketInterval>();
  for (const row of rows) {
    const start = row.interval_start.getTime();
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
