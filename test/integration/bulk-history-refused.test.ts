/**
 * An import's chunk that Postgres refuses for what a fact holds (a NUL inside
 * a text), or holding a fact no row can be written for (a malformed day):
 * the facts are read back from the chunk's rows and set aside one by one by
 * the live writer's way, so the refused ones land in history_dead_letters and
 * every other fact of the chunk is written and rolled up.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { historyDb, type HistoryDb } from '../unit/import/history-db';
import { call, historyOps, moscow, onDay, ring, span } from '../unit/history/history-test-kit';

const NINE = moscow('2026-11-23', '09:00');
const SUPPORT = [{ queueId: 'support', paused: false }];

let target: HistoryDb | null = null;
afterEach(async () => {
  await target?.close();
  target = null;
});

describe("an import's chunk Postgres refuses for its data", () => {
  it('sets the refused facts aside and writes the rest of the chunk, rollups included', async () => {
    target = await historyDb('bulk_refused', 'msk', { chunkFacts: 1_000 });
    const good = Array.from({ length: 8 }, (_, i) => call('support', `c${i}`, NINE + i * 60_000));
    await target.sink.record(
      historyOps([
        ...good.slice(0, 4),
        call('support', 'nul\u0000id', NINE + 30_000),
        span('PJSIP/1001', 'idle', NINE, NINE + 20 * 60_000, SUPPORT),
        ring('PJSIP/1001', 'support', 'c1', NINE + 65_000),
        onDay(call('support', 'bad-day', NINE + 90_000), '2026-13-45'),
        ...good.slice(4),
      ]),
    );
    await target.sink.flush();

    const { db } = target;
    const calls = await db.query(`SELECT call_id FROM call_history ORDER BY call_id`);
    expect(calls.rows.map((r) => r.call_id)).toEqual(good.map((f) => (f.kind === 'call' ? f.call.callId : '')).sort());
    expect((await db.query(`SELECT count(*)::int AS n FROM agent_state_spans`)).rows[0].n).toBe(1);
    expect((await db.query(`SELECT count(*)::int AS n FROM ring_no_answer`)).rows[0].n).toBe(1);
    const letters = await db.query(`SELECT fact->'call'->>'callId' AS call_id, sqlstate FROM history_dead_letters ORDER BY 1`);
    expect(letters.rows).toEqual([
      { call_id: 'bad-day', sqlstate: expect.any(String) },
      { call_id: 'nul\\u0000id', sqlstate: '22021' },
    ]);
    const stats = await db.query(
      `SELECT sum(offered)::int AS offered, round(sum(staffed_sec))::int AS staffed FROM interval_stats WHERE queue_id = 'support'`,
    );
    expect(stats.rows[0]).toEqual({ offered: 8, staffed: 20 * 60 });
  });

  it('sets a fact no row can be written for aside, and copies its chunk as usual', async () => {
    target = await historyDb('bulk_unwritable', 'msk', { chunkFacts: 1_000 });
    await target.sink.record(historyOps([call('support', 'c1', NINE), onDay(call('support', 'bad-day', NINE + 60_000), 'someday'), call('support', 'c2', NINE + 120_000)]));
    await target.sink.flush();
    const { db } = target;
    expect((await db.query(`SELECT call_id FROM call_history ORDER BY call_id`)).rows.map((r) => r.call_id)).toEqual(['c1', 'c2']);
    expect((await db.query(`SELECT fact->'call'->>'callId' AS call_id FROM history_dead_letters`)).rows).toEqual([{ call_id: 'bad-day' }]);
    expect((await db.query(`SELECT sum(offered)::int AS n FROM interval_stats WHERE queue_id = 'support'`)).rows[0].n).toBe(2);
  });
});
