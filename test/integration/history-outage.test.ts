import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startEmbeddedPostgres, type RunningEmbeddedPostgres } from '../../server/history/embedded-postgres';
import { HistoryService } from '../../server/history/history-service';
import { createLogger } from '../../server/observability/logger';
import { call, moscow, span } from '../unit/history/history-test-kit';

/**
 * A Postgres of this test's own (the embedded one, which can be stopped and
 * started again on the same data dir without disturbing the shared test
 * server): facts keep coming while it is down, and none is lost.
 */

const logger = createLogger('silent');
const NINE = moscow('2026-11-23', '09:00');

let postgres: RunningEmbeddedPostgres | null = null;
let history: HistoryService | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  await history?.close();
  await postgres?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  history = postgres = dataDir = null;
});

async function countRows(url: string, table: string, what = 'count(*)::int'): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT ${what} AS n FROM ${table}`);
    return rows[0].n;
  } finally {
    await client.end();
  }
}

async function start(maxBuffered?: number): Promise<{ history: HistoryService; registry: Registry; url: string }> {
  // /tmp is searchable by the user Postgres runs as when the tests run as root.
  dataDir = mkdtempSync(path.join(tmpdir(), 'wb-history-outage-'));
  postgres = await startEmbeddedPostgres({ dataDir, logger });
  const registry = new Registry();
  history = new HistoryService({
    databaseUrl: postgres.url,
    site: 'outage',
    logger,
    registry,
    retryMaxMs: 200,
    ...(maxBuffered !== undefined ? { maxBuffered } : {}),
  });
  await history.start();
  return { history, registry, url: postgres.url };
}

async function restart(): Promise<void> {
  postgres = await startEmbeddedPostgres({ dataDir: dataDir!, logger });
}

describe('history through a Postgres outage', () => {
  it('keeps taking facts while Postgres is down, reports degraded, and writes every one of them once it is back', async () => {
    const { history, url } = await start();
    let sent = 0;
    const sendOne = (): void => {
      const n = sent++;
      history.writer.record([
        call('sales', `c${n}`, NINE + n * 1000),
        span(`PJSIP/${n}`, 'available', NINE + n * 1000, NINE + n * 1000 + 500, [{ queueId: 'sales', paused: false }]),
      ]);
    };
    const feeder = setInterval(sendOne, 2);
    try {
      await vi.waitFor(() => expect(history.writer.status().lastWriteAt).not.toBeNull(), { timeout: 10_000 });

      await postgres!.stop();
      await vi.waitFor(() => expect(history.writer.status().lastError).not.toBeNull(), { timeout: 10_000 });
      const sentWhenDown = sent;
      await vi.waitFor(() => expect(sent).toBeGreaterThan(sentWhenDown + 100), { timeout: 10_000 });
      const health = history.health();
      expect(health.ok).toBe(false);
      expect(health.detail).toMatch(/^unreachable .*holding \d+ facts/);
      expect(history.writer.status().buffered).toBeGreaterThan(0);

      await restart();
      const sentWhenBack = sent;
      await vi.waitFor(() => expect(sent).toBeGreaterThan(sentWhenBack + 50), { timeout: 10_000 });
    } finally {
      clearInterval(feeder);
    }
    await history.writer.settled();

    expect(await countRows(url, 'call_history')).toBe(sent);
    expect(await countRows(url, 'agent_state_spans')).toBe(sent);
    expect(await countRows(url, `interval_stats WHERE queue_id = 'sales'`, 'sum(offered)::int')).toBe(sent);
    expect(history.health()).toMatchObject({ ok: true });
    expect(history.writer.status().dropped).toBe(0);
  });

  it('counts and reports the facts that overflow the buffer while Postgres is down, and writes the ones it held', async () => {
    const { history, registry, url } = await start(50);
    await postgres!.stop();
    history.writer.record(Array.from({ length: 80 }, (_, n) => call('sales', `c${n}`, NINE + n * 1000)));
    await vi.waitFor(() => expect(history.writer.status().lastError).not.toBeNull(), { timeout: 10_000 });
    expect(history.writer.status()).toMatchObject({ buffered: 50, dropped: 30 });
    expect(history.health().detail).toMatch(/30 dropped/);
    const dropped = (await registry.getSingleMetric('wallboard_history_facts_dropped_total')!.get()).values[0]?.value;
    expect(dropped).toBe(30);

    await restart();
    await history.writer.settled();
    expect(await countRows(url, 'call_history')).toBe(50);
  });
});
