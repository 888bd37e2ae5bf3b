import type pg from 'pg';
import { addDays, dayStartMs } from '../../shared/site-time';
import type { HistoryFact } from './history-facts';
import type { Queryable } from './history-queries';
import { dayGrid } from './interval-grid';
import { inSiteTransaction, writeFacts } from './write-batch';

/**
 * Writes one site day of simulated history whole, in one transaction: removes
 * what the day held (calls that entered on it, spans that began on it, rings
 * not answered on it, its interval rows), writes `facts` (which must lie within the day: calls entered
 * on it, spans clipped to it), recomputes every interval of the day, and lists
 * the day in simulated_days. Killed half-way it leaves the day as it was;
 * run twice it leaves the same rows.
 */
export async function replaceDay(client: pg.PoolClient, site: string, timeZone: string, day: string, facts: readonly HistoryFact[]): Promise<void> {
  const intervals = dayGrid(timeZone, day).map((interval) => interval.start);
  const from = new Date(dayStartMs(timeZone, day)).toISOString();
  const to = new Date(dayStartMs(timeZone, addDays(day, 1))).toISOString();
  await inSiteTransaction(client, site, async () => {
    await client.query('DELETE FROM call_history WHERE site = $1 AND entered_at >= $2 AND entered_at < $3', [site, from, to]);
    await client.query('DELETE FROM agent_state_spans WHERE site = $1 AND from_at >= $2 AND from_at < $3', [site, from, to]);
    await client.query('DELETE FROM ring_no_answer WHERE site = $1 AND at >= $2 AND at < $3', [site, from, to]);
    await client.query('DELETE FROM interval_stats WHERE site = $1 AND interval_start >= $2 AND interval_start < $3', [site, from, to]);
    await writeFacts(client, site, facts, intervals);
    await client.query(
      'INSERT INTO simulated_days (site, day) VALUES ($1, $2::date) ON CONFLICT (site, day) DO UPDATE SET written_at = now()',
      [site, day],
    );
  });
}

/** Which of `days` (YYYY-MM-DD) are written whole. */
export async function simulatedDays(db: Queryable, site: string, days: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ day: string }>(
    'SELECT day::text AS day FROM simulated_days WHERE site = $1 AND day = ANY($2::date[])',
    [site, days],
  );
  return new Set(rows.map((row) => row.day));
}
