import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { countersOf } from '../../shared/call-counters';
import { progressOfRecord } from '../../server/domain/call-tracking';
import { COUNTER_COLUMNS } from '../../server/history/counter-columns';
import { migrate } from '../../server/history/migrate';
import { MIGRATIONS } from '../../server/history/migrations';
import { Registry } from 'prom-client';
import type { AgentStateSpan } from '../../server/domain/live-state';
import { HistoryService } from '../../server/history/history-service';
import { staffedQueuesOf } from '../../server/history/staffed-queues';
import { writeBatch } from '../../server/history/write-batch';
import { createLogger } from '../../server/observability/logger';
import { freshDatabaseUrl } from '../support/services';
import { call, moscow } from '../unit/history/history-test-kit';

const pools: pg.Pool[] = [];
async function freshPool(): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: await freshDatabaseUrl('history_migrate') });
  pools.push(pool);
  return pool;
}

async function tables(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
  );
  return rows.map((r) => r.table_name);
}

describe('history schema migrations', () => {
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  it('creates the schema once; a second run applies nothing and changes nothing', async () => {
    const pool = await freshPool();
    expect(await migrate(pool)).toEqual(MIGRATIONS.map((m) => m.version));
    const created = await tables(pool);
    expect(created).toEqual(['agent_span_bounds', 'agent_state_spans', 'alert_history', 'alert_rules', 'auth_audit', 'auth_sessions', 'auth_tokens', 'auth_users', 'board_definitions', 'call_history', 'callback_marks', 'escalation_history', 'history_dead_letters', 'interval_stats', 'ring_no_answer', 'schema_migrations', 'simulated_days', 'ticket_history']);
    expect(await migrate(pool)).toEqual([]);
    expect(await tables(pool)).toEqual(created);
    // Keys lead with the time; spans, calls and rings are found by time through their key and keep no second index (migrations 14, 15).
    const indexes = await pool.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename IN ('agent_state_spans', 'call_history', 'ring_no_answer') ORDER BY indexname`,
    );
    expect(indexes.rows.map((r) => r.indexdef)).toEqual([
      'CREATE UNIQUE INDEX agent_state_spans_pkey ON public.agent_state_spans USING btree (site, from_at, agent_id)',
      'CREATE UNIQUE INDEX call_history_pkey ON public.call_history USING btree (site, entered_at, queue_id, call_id)',
      'CREATE UNIQUE INDEX ring_no_answer_pkey ON public.ring_no_answer USING btree (site, at, agent_id, queue_id, call_id)',
    ]);
    const { rows } = await pool.query('SELECT version, name FROM schema_migrations ORDER BY version');
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('runs each migration once when two nodes start at the same time (advisory lock)', async () => {
    const nodeA = await freshPool();
    const nodeB = new pg.Pool({ connectionString: (nodeA.options as { connectionString: string }).connectionString });
    pools.push(nodeB);
    const [a, b] = await Promise.all([migrate(nodeA), migrate(nodeB)]);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(MIGRATIONS.map((m) => m.version));
    const { rows } = await nodeA.query('SELECT count(*)::int AS n FROM schema_migrations');
    expect(rows[0].n).toBe(MIGRATIONS.length);
  });

  it('rolls back a failing migration whole, records nothing for it, and names it in the error', async () => {
    const pool = await freshPool();
    const newest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
    const broken = [...MIGRATIONS, { version: newest + 1, name: 'half done', sql: 'CREATE TABLE half_done (x int); SELECT 1/0;' }];
    await expect(migrate(pool, broken)).rejects.toThrow(/migration \d+ \(half done\) failed: division by zero/);
    expect(await tables(pool)).not.toContain('half_done');
    const { rows } = await pool.query('SELECT max(version)::int AS v FROM schema_migrations');
    expect(rows[0].v).toBe(newest);
  });

  it('refuses a database migrated by a build whose migration of the same number differs', async () => {
    const pool = await freshPool();
    await migrate(pool);
    const renamed = MIGRATIONS.map((m, i) => (i === 0 ? { ...m, name: 'something else' } : m));
    await expect(migrate(pool, renamed)).rejects.toThrow(/version 1 .*different build/);
  });

  it('refuses a list of migrations that is not numbered 1, 2, 3 ... in increasing order', async () => {
    const pool = await freshPool();
    await expect(migrate(pool, [{ ...MIGRATIONS[0]!, version: 2 }])).rejects.toThrow(/numbered 1, 2, 3/);
    await expect(migrate(pool, [MIGRATIONS[0]!, MIGRATIONS[2]!, MIGRATIONS[1]!])).rejects.toThrow(/numbered 1, 2, 3/);
    // A gap is allowed: parallel branches are handed numbers ahead.
    await expect(migrate(pool, [MIGRATIONS[0]!, { ...MIGRATIONS[1]!, version: 4 }])).resolves.toEqual([1, 4]);
  });

  it('has every counter of the registry in interval_stats and call_history; migration 3 backfills older call rows as countersOf counts them', async () => {
    const pool = await freshPool();
    await migrate(pool, MIGRATIONS.slice(0, 2));
    const nine = moscow('2026-11-23', '09:00');
    const records = [
      call('sales', 'a', nine, { waitSec: 12, talkSec: 100 }),
      call('sales', 'b', nine, { waitSec: 45, talkSec: 200 }),
      call('sales', 'c', nine, { outcome: 'abandoned', waitSec: 3 }),
      call('sales', 'd', nine, { outcome: 'abandoned', waitSec: 30 }),
      call('sales', 'e', nine, { outcome: 'timedOut', waitSec: 300 }),
    ].flatMap((fact) => (fact.kind === 'call' ? [fact.call] : []));
    for (const c of records) {
      await pool.query(
        `INSERT INTO call_history (site, queue_id, call_id, entered_at, answered_at, ended_at, outcome, wait_sec, talk_sec,
           wrap_sec, agent_id, answered_within_sl, short_abandon, day, interval_start)
         VALUES ('msk', $1, $2, to_timestamp($3 / 1000.0), NULL, to_timestamp($4 / 1000.0), $5, $6, $7, $8, $9, $10, $11, $12,
           to_timestamp($13 / 1000.0))`,
        [c.queueId, c.callId, c.enteredAt, c.endedAt, c.outcome, c.waitSec, c.talkSec, c.wrapSec, c.agentId, c.answeredWithinSl, c.shortAbandon, c.day, c.intervalStart],
      );
    }
    await migrate(pool);

    const columns = async (table: string): Promise<string[]> =>
      (await pool.query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1`, [table])).rows.map((r) => r.c);
    expect(await columns('interval_stats')).toEqual(expect.arrayContaining(COUNTER_COLUMNS.map((c) => c.column)));
    expect(await columns('call_history')).toEqual(expect.arrayContaining(COUNTER_COLUMNS.map((c) => c.callColumn)));
    const select = COUNTER_COLUMNS.map((c) => `${c.callColumn}::float8 AS "${c.field}"`).join(', ');
    const { rows } = await pool.query(`SELECT ${select} FROM call_history ORDER BY call_id`);
    expect(rows).toEqual(records.map((c) => countersOf(progressOfRecord(c))));
  });

  it("stores each span's staffed queues as staffed-queues.ts defines them: migration 13's backfill, the live writer and the bulk writer agree", async () => {
    const pool = await freshPool();
    await migrate(pool, MIGRATIONS.filter((m) => m.version < 13));
    // Memberships at random, repeats and names that need quoting in an array literal or a COPY line included.
    const names = ['sales', 'support', 'a,b', 'say "hi"', 'back\\slash', '{brace}', 'tab\tin', 'NULL'];
    let seed = 7;
    const random = (): number => ((seed = (seed * 48_271) % 2_147_483_647) / 2_147_483_647);
    const nine = moscow('2026-11-23', '09:00');
    const spans: AgentStateSpan[] = Array.from({ length: 120 }, (_, i) => ({
      agentId: `agent-${i % 7}`,
      state: ['available', 'busy', 'paused', 'wrapup'][i % 4]!,
      from: nine + i * 60_000,
      to: nine + i * 60_000 + 45_000,
      queues: Array.from({ length: Math.floor(random() * 5) }, () => ({ queueId: names[Math.floor(random() * names.length)]!, paused: random() < 0.3 })),
      pauseReason: null,
    }));
    const [older, live, bulk] = [spans.slice(0, 40), spans.slice(40, 80), spans.slice(80)];
    for (const s of older) {
      await pool.query(
        `INSERT INTO agent_state_spans (site, agent_id, state, from_at, to_at, queues) VALUES ('msk', $1, $2, to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0), $5)`,
        [s.agentId, s.state, s.from, s.to, JSON.stringify(s.queues)],
      );
    }
    await migrate(pool);
    const client = await pool.connect();
    try {
      await writeBatch(client, 'msk', live.map((span) => ({ kind: 'agentState' as const, span })));
    } finally {
      client.release();
    }
    const url = (pool.options as { connectionString: string }).connectionString;
    const history = new HistoryService({ databaseUrl: url, site: 'msk', logger: createLogger('silent'), registry: new Registry() });
    try {
      const writer = history.bulkWriter();
      await writer.record(bulk.map((span) => ({ kind: 'agentState' as const, span })));
      await writer.flush();
    } finally {
      await history.close();
    }

    const { rows } = await pool.query<{ staffed: string[]; backfill: string[] }>(
      `SELECT staffed_queues AS staffed, ARRAY(
         SELECT DISTINCT e->>'queueId' FROM jsonb_array_elements(queues) e WHERE NOT (e->>'paused')::boolean
       ) AS backfill
       FROM agent_state_spans ORDER BY from_at`,
    );
    const sorted = (list: string[]): string[] => [...list].sort();
    expect(rows.map((r) => sorted(r.staffed))).toEqual(spans.map((s) => sorted(staffedQueuesOf(s))));
    expect(rows.map((r) => sorted(r.backfill))).toEqual(spans.map((s) => sorted(staffedQueuesOf(s))));
    expect(rows.some((r) => r.staffed.length > 1) && rows.some((r) => r.staffed.length === 0)).toBe(true);
  });
});
