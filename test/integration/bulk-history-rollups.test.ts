/**
 * An import's rollups run on a second connection beside its chunk writes
 * (bulk-history-writer.ts). Here Postgres is made slow where it matters (a
 * trigger sleeps after each chunk's COPY of calls, and one after each rollup
 * statement), and every other day's chunk holds late calls of three days
 * before: intervals a rollup beside it is paying off. With slow writes a
 * rollup starts before the late calls' chunk and is done before it commits;
 * with slow rollups they queue up, and one starts while the late calls'
 * chunk is being written. Either way the tables must end as one write of all
 * the facts leaves them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryFact } from '../../server/history/history-facts';
import { writeBatch } from '../../server/history/write-batch';
import { addDays } from '../../shared/site-time';
import { call, historyOps, moscow, span } from '../unit/history/history-test-kit';
import { dumpTables, historyDb, type HistoryDb } from '../unit/import/history-db';

const SITE = 'msk';
const SUPPORT = [{ queueId: 'support', paused: false }];
const DAYS = Array.from({ length: 10 }, (_, i) => addDays('2026-11-02', i));
const CALLS_A_DAY = 30;

/** Day `k`'s facts: its calls and its agent's day, and on every other day late calls of three days before. */
function dayFacts(k: number): HistoryFact[] {
  const day = DAYS[k] as string;
  const facts: HistoryFact[] = Array.from({ length: CALLS_A_DAY }, (_, i) => call('support', `${day}-${i}`, moscow(day, '09:00') + i * 17 * 60_000));
  facts.push(span('PJSIP/1001', 'idle', moscow(day, '09:00'), moscow(day, '18:00'), SUPPORT));
  if (k >= 3 && k % 2 === 0) {
    const before = DAYS[k - 3] as string;
    facts.push(call('support', `${before}-late`, moscow(before, '09:00:30'), { outcome: 'abandoned', waitSec: 40 }));
    facts.push(call('support', `${before}-late-2`, moscow(before, '13:05'), { waitSec: 30 }));
  }
  return facts;
}

const opened: HistoryDb[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.close()));
});

async function database(label: string): Promise<HistoryDb> {
  const db = await historyDb(label, SITE, { chunkFacts: CALLS_A_DAY });
  opened.push(db);
  return db;
}

describe("an import's rollups beside its chunk writes", () => {
  it.each([
    { slower: 'writes', writeSleep: 0.15, rollupSleep: 0 },
    { slower: 'rollups', writeSleep: 0.06, rollupSleep: 0.1 },
  ])('leaves every interval as one write of all the facts does, late calls landing while their intervals are rolled up ($slower slower)', async ({ slower, writeSleep, rollupSleep }) => {
    const days = DAYS.map((_, k) => dayFacts(k));

    const once = await database(`bulk_rollups_once_${slower}`);
    const client = await once.db.connect();
    try {
      await writeBatch(client, SITE, days.flat());
    } finally {
      client.release();
    }

    const bulk = await database(`bulk_rollups_${slower}_slower`);
    await bulk.db.query(`
      CREATE FUNCTION sleep_after() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_sleep(TG_ARGV[0]::float8); RETURN NULL; END $$;
      CREATE TRIGGER slow_call_writes AFTER INSERT ON call_history FOR EACH STATEMENT EXECUTE FUNCTION sleep_after('${writeSleep}');
      CREATE TRIGGER slow_rollups AFTER INSERT ON interval_stats FOR EACH STATEMENT EXECUTE FUNCTION sleep_after('${rollupSleep}');`);
    for (const facts of days) await bulk.sink.record(historyOps(facts));
    await bulk.sink.flush();

    const expected = await dumpTables(once.db);
    expect(expected.call_history).toHaveLength(DAYS.length * CALLS_A_DAY + 2 * 3);
    expect(await dumpTables(bulk.db)).toEqual(expected);
  });
});
