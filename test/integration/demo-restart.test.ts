import { Deadline } from '../../server/resilience/deadline';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import type { LiveSnapshot } from '../../shared/snapshot';
import { startDemo, type RunningDemo } from '../../server/demo/demo-main';
import { createLogger } from '../../server/observability/logger';
import { freshDatabaseUrl, redisConnection, testWallboardConfig, uniqueSite } from '../support/services';
import { credentialsFor } from '../support/test-credentials';

/**
 * The demo against a Redis that outlives it: the simulator replays today from
 * midnight on every start, so a restart must not add the day a second time.
 */

let demo: RunningDemo | null = null;
afterEach(async () => {
  await demo?.stop(new Deadline(10_000));
  demo = null;
});

/** A whole-hour zone where it is now between 09:00 and 10:00: some traffic, a short replay. */
function morningZone(now = new Date()): string {
  const offset = ((9 - now.getUTCHours() + 36) % 24) - 12;
  // Etc/GMT signs are inverted: Etc/GMT-3 is UTC+3.
  return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

async function offeredToday(running: RunningDemo): Promise<number> {
  const { wallboard } = running.production;
  await wallboard.source?.drained();
  await wallboard.aggregator.settled();
  const response = await fetch(`${wallboard.url}/api/snapshot`, { headers: (await credentialsFor(wallboard, 'viewer')).headers });
  const snapshot = (await response.json()) as LiveSnapshot;
  return snapshot.queues.reduce((sum, queue) => sum + queue.today.offered, 0);
}

async function callRows(databaseUrl: string, site: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM call_history WHERE site = $1', [site]);
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

describe('restarting the demo on a persistent Redis', () => {
  it('shows the replayed day once, not once per start, live and in history', async () => {
    const config = testWallboardConfig({
      redis: redisConnection(),
      databaseUrl: await freshDatabaseUrl('demo_restart'),
      site: uniqueSite('demo'),
      timeZone: morningZone(),
      queuesFile: 'config/queues.json',
      simulator: true,
    });
    const logger = createLogger('silent');

    demo = await startDemo(config, logger, { seedHistory: false });
    const first = await offeredToday(demo);
    await demo.production.wallboard.history?.writer.settled();
    await demo.stop(new Deadline(10_000));
    demo = null;
    expect(first).toBeGreaterThan(20);
    const firstRows = await callRows(config.databaseUrl!, config.site);
    expect(firstRows).toBeGreaterThan(20);

    demo = await startDemo(config, logger, { seedHistory: false });
    const second = await offeredToday(demo);
    // the same day replayed, a few seconds longer: nowhere near twice
    expect(second).toBeGreaterThanOrEqual(first);
    expect(second).toBeLessThan(first * 1.5);
    // the simulator's call ids are the same on every replay: its calls land on the rows they had
    await demo.production.wallboard.history?.writer.settled();
    const secondRows = await callRows(config.databaseUrl!, config.site);
    expect(secondRows).toBeGreaterThanOrEqual(firstRows);
    expect(secondRows).toBeLessThan(firstRows * 1.5);
  });
});
