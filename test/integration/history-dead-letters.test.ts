/**
 * A fact Postgres refuses (a NUL inside a text, which the schema lets through
 * from a queue_log or a future source) is set aside in history_dead_letters
 * while the rest of its batch is written; the board counts it on /metrics and
 * reports history dead letters in /api/health.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { createLogger } from '../../server/observability/logger';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import { freshDatabaseUrl, testWallboardConfig } from '../support/services';
import { call, moscow } from '../unit/history/history-test-kit';
import { credentialsFor } from '../support/test-credentials';

const NINE = moscow('2026-11-23', '09:00');

let wallboard: RunningWallboard | null = null;
let db: pg.Pool | null = null;
afterEach(async () => {
  await wallboard?.close();
  await db?.end();
  wallboard = db = null;
});

describe('history facts Postgres refuses', () => {
  it('dead-letters the refused fact with its text escaped and writes the rest of its batch, then goes on', async () => {
    const databaseUrl = await freshDatabaseUrl('history_poison');
    wallboard = await startWallboard({
      config: testWallboardConfig({ databaseUrl }),
      ami: null,
      logger: createLogger('silent'),
      queueSettings: QueueSettingsBook.parse({ queues: {} }),
      clientDir: '/nonexistent',
    });
    db = new pg.Pool({ connectionString: databaseUrl });
    const admin = await credentialsFor(wallboard, 'admin');
    const writer = wallboard.history!.writer;

    writer.record([
      call('sales', 'c1', NINE + 60_000),
      call('sales', 'c2', NINE + 120_000),
      call('sales', 'bad\u0000id', NINE + 180_000),
      call('sales', 'c4', NINE + 240_000),
      call('sales', 'c5', NINE + 300_000),
    ]);
    await writer.settled();

    const written = await db.query(`SELECT call_id FROM call_history ORDER BY call_id`);
    expect(written.rows.map((row) => row.call_id)).toEqual(['c1', 'c2', 'c4', 'c5']);
    const offered = await db.query(`SELECT sum(offered)::int AS n FROM interval_stats WHERE queue_id = 'sales'`);
    expect(offered.rows[0].n).toBe(4);
    const letters = await db.query(`SELECT site, fact->'call'->>'callId' AS call_id, error, sqlstate FROM history_dead_letters`);
    expect(letters.rows).toEqual([
      { site: expect.any(String), call_id: 'bad\\u0000id', error: expect.stringMatching(/0x00/), sqlstate: '22021' },
    ]);
    expect(writer.status()).toMatchObject({ buffered: 0, lastError: null, deadLettered: 1 });

    const health = await (await fetch(`${wallboard.url}/api/health`, { headers: admin.headers })).json();
    expect(health.checks.deadLetters).toMatchObject({ ok: false, detail: expect.stringMatching(/^1 dead-lettered \(history 1\); newest .* history: .*0x00/) });
    expect(health.checks.history.ok).toBe(true);
    const metrics = await (await fetch(`${wallboard.url}/metrics`, { headers: admin.headers })).text();
    expect(metrics).toMatch(/^wallboard_dead_letters_total\{pipeline="history"\} 1$/m);
    expect(metrics).toMatch(/^wallboard_history_facts_written_total 4$/m);

    writer.record([call('sales', 'c6', NINE + 360_000)]);
    await writer.settled();
    expect((await db.query(`SELECT count(*)::int AS n FROM call_history`)).rows[0].n).toBe(5);
  });
});
