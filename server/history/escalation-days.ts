import type { EscalationDay } from '../../shared/history-api';
import type { Queryable, TimeRange } from './history-queries';

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Escalations to development per range (a site day each): raised (the task
 * was opened in it) and back with support (it came back in it and is still
 * back). In the ranges' order.
 */
export async function readEscalationDays(db: Queryable, site: string, ranges: readonly TimeRange[]): Promise<EscalationDay[]> {
  const { rows } = await db.query<{ i: number; raised: number; came_back: number }>(
    `SELECT r.i::int AS i,
       (SELECT count(*) FROM escalation_history e WHERE e.site = $1 AND e.opened_at >= r.from_at AND e.opened_at < r.to_at)::int AS raised,
       (SELECT count(*) FROM escalation_history e WHERE e.site = $1 AND e.came_back_at >= r.from_at AND e.came_back_at < r.to_at)::int AS came_back
     FROM unnest($2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS r(from_at, to_at, i)`,
    [site, ranges.map((r) => iso(r.from)), ranges.map((r) => iso(r.to))],
  );
  const byIndex = new Map(rows.map((row) => [row.i, { raised: row.raised, cameBack: row.came_back }]));
  return ranges.map((_, index) => byIndex.get(index + 1) ?? { raised: 0, cameBack: 0 });
}
