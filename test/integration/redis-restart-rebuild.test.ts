import { afterEach, describe, expect, it, vi } from 'vitest';
import { COUNTER_FIELDS, type Counters } from '../../server/domain/live-state';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { createLogger } from '../../server/observability/logger';
import { AsteriskSimulator } from '../../server/simulator/asterisk-simulator';
import { DEMO_CONFIG } from '../../server/simulator/simulator-config';
import { startWallboard, type RunningWallboard } from '../../server/wallboard';
import type { LiveSnapshot } from '../../shared/snapshot';
import { startAppendOnlyRedis, startRedis } from '../support/redis-server';
import { makeTempDir, type RunningService } from '../support/server-process';
import { freshDatabaseUrl, testWallboardConfig, uniqueSite } from '../support/services';
import { ticket } from '../unit/tickets/ticket-story-kit';
import { credentialsFor } from '../support/test-credentials';

/**
 * A Redis restarted without persistence comes back empty while the board
 * reads: the reader notices (the store epoch is gone), rebuilds today's
 * counters from history and its own state, resyncs from QueueStatus, and the
 * board equals the simulator's ledger again; the open tickets come back from
 * ticket history.
 */

// 08:00 in Moscow: a busy morning.
const MORNING = Date.parse('2026-11-23T05:00:00Z');
const HOUR_SEC = 3600;

function countersOf(tile: LiveSnapshot['queues'][number]['today']): Counters {
  return Object.fromEntries(COUNTER_FIELDS.map((f) => [f, tile[f]])) as Counters;
}

interface Run {
  simulator: AsteriskSimulator;
  wallboard: RunningWallboard;
  site: string;
}

async function startRun(redisUrl: string): Promise<Run> {
  const simulator = new AsteriskSimulator({
    speed: 'max',
    startAt: MORNING,
    config: { ...DEMO_CONFIG, seed: 5 },
    username: 'wallboard',
    secret: 'rebuild',
  });
  await simulator.start();
  const site = uniqueSite('rebuild');
  const config = testWallboardConfig({
    redis: { kind: 'standalone', url: redisUrl },
    databaseUrl: await freshDatabaseUrl('rebuild'),
    site,
    timeZone: simulator.config.timeZone,
    shortAbandonSec: simulator.config.shortAbandonSec,
    simulator: true,
    readerLeaseTtlMs: 2_000,
  });
  const wallboard = await startWallboard({
    config,
    ami: { host: '127.0.0.1', port: simulator.port, username: 'wallboard', secret: 'rebuild', sourceKind: 'simulator' },
    logger: createLogger('silent'),
    clock: () => simulator.now(),
    queueSettings: QueueSettingsBook.parse({
      queues: Object.fromEntries(simulator.config.queues.map((q) => [q.name, { wrapupSec: q.wrapupSec }])),
    }),
    clientDir: '/nonexistent',
  });
  await vi.waitFor(() => expect(wallboard.source?.connected).toBe(true), { timeout: 10_000 });
  return { simulator, wallboard, site };
}

/** What the board shows of an open ticket, and its clocks' due times. */
function openTickets(stored: Awaited<ReturnType<RunningWallboard['store']['readOpenTickets']>>) {
  return stored
    .map(({ state }) => ({
      ticketId: state.ticketId,
      subject: state.subject,
      status: state.status,
      priority: state.priority,
      line: state.line,
      firstResponseAt: state.firstResponseAt,
      firstResponseDue: state.clocks.firstResponse.dueAt,
      resolutionDue: state.clocks.resolution.dueAt,
    }))
    .sort((x, y) => x.ticketId.localeCompare(y.ticketId));
}

async function caughtUp(run: Run): Promise<void> {
  await run.wallboard.source?.drained();
  await run.wallboard.aggregator.settled();
}

async function rebuilds(run: Run): Promise<number> {
  return (await run.wallboard.metrics.storeRebuilds.get()).values[0]?.value ?? 0;
}

/** Every queue's counters today and in each 15-minute interval equal the ledger; the day's offered calls. */
async function expectCountersEqualLedger(run: Run): Promise<number> {
  const response = await fetch(`${run.wallboard.url}/api/snapshot`, { headers: (await credentialsFor(run.wallboard, 'viewer')).headers });
  const snapshot = (await response.json()) as LiveSnapshot;
  const { ledger, calendar } = run.simulator;
  const day = calendar.day(run.simulator.now());
  let offered = 0;
  for (const queueId of ledger.queueIds) {
    const tile = snapshot.queues.find((q) => q.id === queueId);
    expect(tile, `queue ${queueId} on the board`).toBeDefined();
    expect(countersOf(tile!.today), `today's counters of ${queueId}`).toEqual(ledger.day(queueId, day));
    for (const intervalStart of ledger.intervals(queueId)) {
      const stored = await run.wallboard.store.readIntervalCounters(run.site, intervalStart);
      expect(stored[queueId], `${queueId} interval ${new Date(intervalStart).toISOString()}`).toEqual(ledger.interval(queueId, intervalStart));
    }
    offered += ledger.day(queueId, day).offered;
  }
  return offered;
}

describe('a Redis restart', () => {
  let run: Run | null = null;
  let redis: RunningService | null = null;
  let dataDir: { path: string; remove(): void } | null = null;
  afterEach(async () => {
    await run?.wallboard.close();
    await run?.simulator.stop();
    await redis?.stop();
    dataDir?.remove();
    run = null;
    redis = null;
    dataDir = null;
  });

  it('is noticed by the reader, which rebuilds today from history and its state: the board equals the ledger again', { timeout: 120_000 }, async () => {
    redis = await startRedis();
    const port = Number(new URL(redis.url).port);
    run = await startRun(redis.url);
    await run.simulator.runFor(HOUR_SEC);
    await caughtUp(run);
    expect(await expectCountersEqualLedger(run)).toBeGreaterThan(50);
    expect(await rebuilds(run)).toBe(0);
    // The desk: two tickets open (one answered, one escalated and high), one solved, one removed.
    const at = run.simulator.now();
    const [a, b, c, d] = [ticket('A'), ticket('B'), ticket('C'), ticket('D')];
    await run.wallboard.tickets.submit([a.created(at - 3_600_000), a.replied(at - 3_000_000)]);
    await run.wallboard.tickets.submit([b.created(at - 600_000, { priority: 'high' }), b.escalated(at - 300_000, 'L2')]);
    await run.wallboard.tickets.submit([c.created(at - 900_000), c.solved(at - 60_000), d.created(at - 900_000), d.removed(at - 30_000)]);
    await run.wallboard.history!.writer.settled();
    const openBefore = openTickets(await run.wallboard.store.readOpenTickets(run.site));
    expect(openBefore.map((t) => t.ticketId)).toEqual(['A', 'B']);

    // The store is gone with everything in it; a new, empty one answers on the same port.
    await redis.stop();
    redis = await startRedis(port);
    const current = run;
    await vi.waitFor(
      async () => {
        expect(await rebuilds(current)).toBe(1);
        expect(current.wallboard.source?.connected).toBe(true);
      },
      { timeout: 60_000, interval: 100 },
    );
    await caughtUp(run);
    // The board is right again at once, with calls still in progress...
    await expectCountersEqualLedger(run);
    // ... and the desk's open tickets are back (their subjects are not in history)
    expect(openTickets(await run.wallboard.store.readOpenTickets(run.site))).toEqual(openBefore.map((t) => ({ ...t, subject: '' })));

    // ... and stays right as the day goes on.
    await run.simulator.runFor(HOUR_SEC);
    await run.simulator.drain();
    await caughtUp(run);
    expect(await expectCountersEqualLedger(run)).toBeGreaterThan(100);
    expect(await rebuilds(run)).toBe(1);
  });

  it('with its append-only file loses nothing and rebuilds nothing', { timeout: 120_000 }, async () => {
    dataDir = makeTempDir('wb-test-redis-aof-');
    const first = await startAppendOnlyRedis(dataDir.path);
    redis = first;
    run = await startRun(first.url);
    await run.simulator.runFor(HOUR_SEC);
    await caughtUp(run);

    await first.stop();
    redis = await startAppendOnlyRedis(dataDir.path, first.port);
    // the reader renews its lease on the store that came back, and reads on
    const current = run;
    await vi.waitFor(async () => expect((await current.wallboard.store.readReaderLease(current.site)).owner).not.toBeNull(), {
      timeout: 30_000,
    });
    await run.simulator.runFor(HOUR_SEC);
    await run.simulator.drain();
    await caughtUp(run);
    expect(await expectCountersEqualLedger(run)).toBeGreaterThan(100);
    expect(await rebuilds(run)).toBe(0);
  });
});
