import type pg from 'pg';
import { INTERVAL_MS } from '../../shared/site-time';
import { COUNTER_COLUMNS } from './counter-columns';

/**
 * The interval_stats rollup: recomputed from call_history and
 * agent_state_spans for ranges of intervals, one statement per range of at
 * most a day, so that the work of one statement stays bounded by one day's
 * facts whatever the span of the intervals asked for (an import of two months
 * with a gap of months between them is two runs of days, not a range of
 * months).
 */

/** 15-minute intervals [from, to), interval-aligned instants: the ones asked for, and those between them. */
export interface IntervalRange {
  from: number;
  to: number;
}

/** At most a day of intervals per statement. */
const MAX_RANGE_INTERVALS = 96;

/**
 * The intervals (any order, repeats allowed) as ranges, each at most
 * `maxIntervals` long, in time order. A range also covers the intervals
 * between those asked for (the nights of a calls import, a quiet hour):
 * recomputing one from facts that did not change writes what it holds, and
 * a statement costs about 2 ms whatever it covers, so a day of scattered
 * intervals in one statement took the rollup of a calls CSV from 200 ms to
 * 85 ms a fortnight.
 */
export function intervalRanges(intervals: Iterable<number>, maxIntervals = MAX_RANGE_INTERVALS): IntervalRange[] {
  const sorted = [...new Set(intervals)].sort((a, b) => a - b);
  const ranges: IntervalRange[] = [];
  let current: IntervalRange | null = null;
  for (const start of sorted) {
    if (current && (start - current.from) / INTERVAL_MS < maxIntervals) {
      current.to = start + INTERVAL_MS;
    } else {
      current = { from: start, to: start + INTERVAL_MS };
      ranges.push(current);
    }
  }
  return ranges;
}

/** Recomputes interval_stats for the given intervals, and those between them (inside the caller's transaction). */
export async function refreshIntervalStats(client: pg.ClientBase, site: string, intervals: Iterable<number>): Promise<void> {
  for (const range of intervalRanges(intervals)) await rollUpRange(client, site, range);
}

const COUNTER_SUMS = COUNTER_COLUMNS.map((c) => `sum(c.${c.callColumn})::${c.sqlType} AS ${c.column}`).join(',\n         ');
const COUNTER_LIST = COUNTER_COLUMNS.map((c) => c.column);
const COUNTER_VALUES = COUNTER_COLUMNS.map((c) => `coalesce(c.${c.column}, 0)`).join(', ');
const UPDATED = [...COUNTER_LIST, 'wait_sec', 'staffed_sec', 'occupied_sec'].map((c) => `${c} = EXCLUDED.${c}`).join(', ');

/**
 * The spans (`s`) of site $1 overlapping [$2, $3): they began before its end
 * and within the site's longest span (migration 9) before its start, so the
 * key, which starts with the start time (migration 14), reads only those.
 */
export const SPANS_OVERLAPPING_RANGE = `s.from_at < $3::timestamptz AND s.to_at > $2::timestamptz
         AND s.from_at > $2::timestamptz - coalesce((SELECT b.longest FROM agent_span_bounds b WHERE b.site = $1), interval '0')`;

/**
 * Recomputes interval_stats for the intervals of one range from the facts.
 * Counters are sums of what each call row adds (shared/call-counters.ts), in
 * its entry interval; the range's calls are found by the key's entry time
 * (its bounds are interval starts, so a call entered within it counts in one
 * of its intervals); wait_sec is every caller's wait. Staffing: a span counts
 * for each queue it staffs (the agent a member and not paused in it:
 * staffed-queues.ts, stored with the span), and for the site ('') when it
 * staffs at least one; busy and wrap-up time within that is occupied time. The spans overlapping the range began
 * within the site's longest span before it (migration 9), so the key, which
 * starts with the start time (migration 14), reads only those; each is cut into the intervals it covers, so the cost is
 * linear in the spans, not spans times intervals. The parts are summed by
 * interval and staffed queues (a site has few distinct lists) before the
 * lists are unnested: a third of the rollup's cost otherwise.
 */
export async function rollUpRange(client: pg.ClientBase, site: string, range: IntervalRange): Promise<void> {
  await client.query(
    `WITH calls AS (
       SELECT coalesce(c.queue_id, '') AS queue_id, c.interval_start,
         ${COUNTER_SUMS},
         sum(c.wait_sec) AS wait_sec
       FROM call_history c
       WHERE c.site = $1 AND c.entered_at >= $2::timestamptz AND c.entered_at < $3::timestamptz
       GROUP BY GROUPING SETS ((c.queue_id, c.interval_start), (c.interval_start))
     ),
     parts AS (
       SELECT s.state, s.staffed_queues, t.interval_start,
         date_part('epoch', least(s.to_at, t.interval_start + interval '15 minutes')
           - greatest(s.from_at, t.interval_start)) AS sec
       FROM agent_state_spans s
       CROSS JOIN LATERAL generate_series(
         date_bin('15 minutes', greatest(s.from_at, $2::timestamptz), timestamptz '1970-01-01 00:00:00+00'),
         least(s.to_at, $3::timestamptz) - interval '1 microsecond', interval '15 minutes') AS t(interval_start)
       WHERE s.site = $1 AND s.state <> 'loggedOut' AND cardinality(s.staffed_queues) > 0
         AND ${SPANS_OVERLAPPING_RANGE}
     ),
     by_queues AS (
       SELECT p.staffed_queues, p.interval_start, sum(p.sec) AS staffed_sec,
         coalesce(sum(p.sec) FILTER (WHERE p.state IN ('busy', 'wrapup')), 0) AS occupied_sec
       FROM parts p
       GROUP BY p.staffed_queues, p.interval_start
     ),
     staffing AS (
       SELECT m.queue_id, g.interval_start, sum(g.staffed_sec) AS staffed_sec, sum(g.occupied_sec) AS occupied_sec
       FROM by_queues g
       CROSS JOIN LATERAL unnest(g.staffed_queues) AS m(queue_id)
       GROUP BY m.queue_id, g.interval_start
       UNION ALL
       SELECT '', g.interval_start, sum(g.staffed_sec), sum(g.occupied_sec)
       FROM by_queues g
       GROUP BY g.interval_start
     )
     INSERT INTO interval_stats AS i (site, queue_id, interval_start, ${COUNTER_LIST.join(', ')}, wait_sec, staffed_sec, occupied_sec)
     SELECT $1, coalesce(c.queue_id, s.queue_id), coalesce(c.interval_start, s.interval_start),
       ${COUNTER_VALUES}, coalesce(c.wait_sec, 0),
       coalesce(s.staffed_sec, 0), coalesce(s.occupied_sec, 0)
     FROM calls c FULL JOIN staffing s ON s.queue_id = c.queue_id AND s.interval_start = c.interval_start
     ON CONFLICT (site, queue_id, interval_start) DO UPDATE SET ${UPDATED}`,
    [site, new Date(range.from).toISOString(), new Date(range.to).toISOString()],
  );
}
