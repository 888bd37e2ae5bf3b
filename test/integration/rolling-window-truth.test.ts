import { afterEach, describe, expect, it } from 'vitest';
import { COUNTER_FIELDS, type Counters } from '../../server/domain/live-state';
import { QueueSettingsBook } from '../../server/config/queue-settings';
import { SnapshotService } from '../../server/snapshot/snapshot-service';
import type { LiveSnapshot } from '../../shared/snapshot';
import { startCallCenterRun, type CallCenterRun } from '../support/call-center-run';

/**
 * The rolling 30 minutes against the truth: a snapshot service of its own reads
 * the run's store once a simulated minute (the wallboard's own broadcaster
 * builds at times of its choosing), and what each queue gained over the window
 * must equal what the simulator's ledger gained between the same instants.
 */

// 09:00 in Moscow, a busy morning
const MORNING = Date.parse('2026-11-23T06:00:00Z');

function countersOf(stats: LiveSnapshot['queues'][number]['today']): Counters {
  return Object.fromEntries(COUNTER_FIELDS.map((f) => [f, stats[f]])) as Counters;
}

function minus(a: Counters, b: Counters): Counters {
  return Object.fromEntries(COUNTER_FIELDS.map((f) => [f, a[f] - b[f]])) as Counters;
}

describe('rolling 30 minutes equal the simulator ledger', () => {
  let run: CallCenterRun | null = null;
  afterEach(async () => {
    await run?.close();
    run = null;
  });

  it('per queue, after 45 watched minutes; the waiting sparkline ends with the callers waiting now', async () => {
    run = await startCallCenterRun({ startAt: MORNING, seed: 11 });
    const { simulator } = run;
    const day = simulator.calendar.day(simulator.now());
    const snapshots = new SnapshotService({
      store: run.store,
      site: run.site,
      timeZone: simulator.config.timeZone,
      settings: QueueSettingsBook.parse({ queues: {} }),
      clock: () => simulator.now(),
      source: () => ({ kind: 'simulator', connected: true, lastEventAt: null, since: null, failure: null }),
    });
    const ledgerAt: Record<string, Counters>[] = [];
    let board!: LiveSnapshot;
    for (let minute = 0; minute <= 45; minute++) {
      if (minute > 0) await simulator.runFor(60);
      await run.caughtUp();
      board = await snapshots.current();
      ledgerAt.push(Object.fromEntries(simulator.ledger.queueIds.map((q) => [q, simulator.ledger.day(q, day)])));
    }
    let offered = 0;
    for (const queueId of simulator.ledger.queueIds) {
      const tile = board.queues.find((q) => q.id === queueId)!;
      expect(tile.rolling30.minutes).toBe(30);
      expect(countersOf(tile.rolling30.stats), `${queueId}: gained over minutes 15..45`).toEqual(minus(ledgerAt[45]![queueId]!, ledgerAt[15]![queueId]!));
      expect(tile.waitingLastHour.at(-1)).toBe(tile.waiting);
      expect(tile.waitingLastHour.filter((v) => v !== null)).toHaveLength(46);
      offered += tile.rolling30.stats.offered;
    }
    // a window with calls in it, or the comparison proves nothing
    expect(offered).toBeGreaterThan(50);
  });
});
