import pg from 'pg';
import { Registry } from 'prom-client';
import { HistoryService } from '../../../server/history/history-service';
import { historySink, type HistorySink } from '../../../server/import/history-sink';
import { createLogger } from '../../../server/observability/logger';
import { freshDatabaseUrl } from '../../support/services';

/** A history database of its own for one import test: the writer's sink, and a pool to read the tables with. */
export interface HistoryDb {
  url: string;
  sink: HistorySink;
  db: pg.Pool;
  close(): Promise<void>;
}

export async function historyDb(label: string, site: string, sinkOptions: Parameters<typeof historySink>[1] = {}): Promise<HistoryDb> {
  const url = await freshDatabaseUrl(label);
  const history = new HistoryService({ databaseUrl: url, site, logger: createLogger('silent'), registry: new Registry() });
  await history.reader();
  const db = new pg.Pool({ connectionString: url, max: 2 });
  return {
    url,
    sink: historySink(history, sinkOptions),
    db,
    async close() {
      await history.close();
      await db.end();
    },
  };
}

/**
 * Whole tables in a stable order, every column as text: what "unchanged" is
 * checked against. Staffed and occupied seconds are sums of fractional span
 * parts that Postgres adds in no fixed order: compared to the microsecond.
 */
export async function dumpTables(db: pg.Pool): Promise<Record<string, string[]>> {
  const queries: Record<string, string> = {
    call_history: 'SELECT t::text AS row FROM call_history t ORDER BY site, queue_id, call_id, entered_at',
    agent_state_spans: 'SELECT t::text AS row FROM agent_state_spans t ORDER BY site, agent_id, from_at',
    ring_no_answer: 'SELECT t::text AS row FROM ring_no_answer t ORDER BY site, agent_id, queue_id, call_id, at',
    interval_stats: `SELECT concat_ws('|', site, queue_id, interval_start, offered, answered, answered_within_sl, abandoned, short_abandoned,
        timed_out, handled, hold_sec, talk_sec, wrap_sec, wait_sec, round(staffed_sec::numeric, 6), round(occupied_sec::numeric, 6)) AS row
      FROM interval_stats ORDER BY site, queue_id, interval_start`,
  };
  const dump: Record<string, string[]> = {};
  for (const [table, sql] of Object.entries(queries)) {
    const { rows } = await db.query<{ row: string }>(sql);
    dump[table] = rows.map((r) => r.row);
  }
  return dump;
}

/** The call rows as the importers' comparisons need them (times as epoch ms). */
export async function callRows(db: pg.Pool, site: string, timesToSecond = false) {
  const time = (column: string): string =>
    timesToSecond ? `(floor(extract(epoch FROM ${column})) * 1000)::float8` : `(extract(epoch FROM ${column}) * 1000)::float8`;
  const { rows } = await db.query(
    `SELECT queue_id, call_id, ${time('entered_at')} AS entered, ${time('answered_at')} AS answered, ${time('ended_at')} AS ended,
       outcome, wait_sec, talk_sec, wrap_sec, agent_id, answered_within_sl, short_abandon, day::text AS day,
       (extract(epoch FROM interval_start) * 1000)::float8 AS interval_start
     FROM call_history WHERE site = $1 ORDER BY entered, queue_id, call_id`,
    [site],
  );
  return rows;
}

/** The call counters of every interval with calls (staffing columns left out). */
export async function intervalCounters(db: pg.Pool, site: string) {
  const { rows } = await db.query(
    `SELECT queue_id, (extract(epoch FROM interval_start) * 1000)::float8 AS interval_start, offered, answered, answered_within_sl,
       abandoned, short_abandoned, timed_out, handled, hold_sec, talk_sec, wrap_sec, wait_sec
     FROM interval_stats WHERE site = $1 AND offered > 0 ORDER BY queue_id, interval_start`,
    [site],
  );
  return rows;
}
