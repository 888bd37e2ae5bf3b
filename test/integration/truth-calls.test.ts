import { afterEach, describe, expect, it } from 'vitest';
import { COUNTER_FIELDS, type Counters } from '../../server/domain/live-state';
import type { LiveSnapshot } from '../../shared/snapshot';
import { startCallCenterRun, type CallCenterRun } from '../support/call-center-run';

/**
 * The board against the truth: the simulator's ledger says what really happened,
 * and every number on /api/snapshot must equal it, exactly.
 */

// 08:00 in Moscow (the demo site's zone): three hours of a busy morning.
const MORNING = Date.parse('2026-11-23T05:00:00Z');
const THREE_HOURS_SEC = 3 * 3600;

function countersOf(tile: LiveSnapshot['queues'][number]['today']): Counters {
  return Object.fromEntries(COUNTER_FIELDS.map((f) => [f, tile[f]])) as Counters;
}

/** Every counter of every queue, today and per 15-minute interval, equals the ledger. */
async function expectCountersEqualLedger(run: CallCenterRun): Promise<{ offered: number; answered: number; abandoned: number; timedOut: number }> {
  const snapshot = await run.snapshot();
  const { ledger, calendar } = run.simulator;
  const day = calendar.day(run.simulator.now());
  expect(snapshot.day).toBe(day);
  const totals = { offered: 0, answered: 0, abandoned: 0, timedOut: 0 };
  for (const queueId of ledger.queueIds) {
    const tile = snapshot.queues.find((q) => q.id === queueId);
    expect(tile, `queue ${queueId} on the board`).toBeDefined();
    expect(countersOf(tile!.today), `today's counters of ${queueId}`).toEqual(ledger.day(queueId, day));
    for (const intervalStart of ledger.intervals(queueId)) {
      const stored = await run.store.readIntervalCounters(run.site, intervalStart);
      expect(stored[queueId], `${queueId} interval ${new Date(intervalStart).toISOString()}`).toEqual(ledger.interval(queueId, intervalStart));
    }
    const truth = ledger.day(queueId, day);
    totals.offered += truth.offered;
    totals.answered += truth.answered;
    totals.abandoned += truth.abandoned;
    totals.timedOut += truth.timedOut;
  }
  return totals;
}

/** Waiting callers and every agent's state on the board equal the simulator's truth at this instant. */
async function expectLiveStateEqualsTruth(run: CallCenterRun): Promise<void> {
  const snapshot = await run.snapshot();
  const truth = run.simulator.truth();
  for (const tile of snapshot.queues) {
    const waiting = truth.waiting[tile.id] ?? [];
    expect(tile.waiting, `waiting in ${tile.id}`).toBe(waiting.length);
    const oldest = waiting.reduce<number | null>((min, c) => (min === null || c.joinedAt < min ? c.joinedAt : min), null);
    expect(tile.oldestJoinedAt, `oldest caller in ${tile.id}`).toBe(oldest === null ? null : new Date(oldest).toISOString());
  }
  const boardAgents = Object.fromEntries(snapshot.agents.map((a) => [a.id, a]));
  for (const agent of Object.values(truth.agents)) {
    const shown = boardAgents[agent.id];
    // An agent who has not logged in since the board started listening is unknown to it.
    if (!shown && agent.state === 'loggedOut') continue;
    expect(shown, `agent ${agent.id} on the board`).toBeDefined();
    expect({ id: agent.id, state: shown!.state, pauseReason: shown!.pauseReason, answeredToday: shown!.answeredToday }).toEqual({
      id: agent.id,
      state: agent.state,
      pauseReason: agent.pausedReason,
      answeredToday: agent.answeredToday,
    });
    if (agent.state !== 'loggedOut') expect(shown!.queues, `queues of ${agent.id}`).toEqual([...agent.queues].sort());
  }
}

describe('calls on the board equal the simulator ledger', () => {
  let run: CallCenterRun | null = null;
  afterEach(async () => {
    await run?.close();
    run = null;
  });

  it('after three simulated hours over TCP AMI into Redis: every counter, every interval, waiting callers and agent states', async () => {
    run = await startCallCenterRun({ startAt: MORNING, seed: 7 });
    for (let hour = 1; hour <= 3; hour++) {
      await run.simulator.runFor(3600);
      await run.caughtUp();
      await expectLiveStateEqualsTruth(run);
    }
    const totals = await drainAndCompare(run);
    await expectLiveStateEqualsTruth(run);
    console.info(`truth run: ${run.simulator.stats().eventsEmitted} AMI events, totals ${JSON.stringify(totals)}`);
  });

  it('stays exact through 10 forced disconnects: reconnect, QueueStatus resync, totals unchanged', async () => {
    // Overloaded (2.5x the demo's calls) so that callers also time out and leave empty queues.
    run = await startCallCenterRun({ startAt: MORNING, seed: 11, scale: 2.5 });
    for (let drop = 1; drop <= 10; drop++) {
      await run.simulator.runFor(THREE_HOURS_SEC / 10);
      await run.caughtUp();
      await run.simulator.dropConnections();
      // The board notices, reconnects with backoff, logs in and replaces its live state from QueueStatus.
      await waitForLogins(run, drop + 1);
      await run.caughtUp();
      await expectLiveStateEqualsTruth(run);
    }
    const metricsText = await run.wallboard.metrics.registry.metrics();
    expect(Number(/^wallboard_ami_reconnects_total (\d+)$/m.exec(metricsText)?.[1])).toBeGreaterThanOrEqual(10);
    const totals = await drainAndCompare(run);
    expect(totals.timedOut).toBeGreaterThan(0);
    console.info(`truth run with 10 disconnects: totals ${JSON.stringify(totals)}`);
  });
});

/** Lets every call finish, then compares all counters; several hundred calls, each with one outcome. */
async function drainAndCompare(run: CallCenterRun) {
  await run.simulator.drain();
  await run.caughtUp();
  const totals = await expectCountersEqualLedger(run);
  expect(totals.offered).toBeGreaterThan(300);
  expect(totals.answered + totals.abandoned + totals.timedOut).toBe(totals.offered);
  return totals;
}

async function waitForLogins(run: CallCenterRun, logins: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const metric = await run.wallboard.metrics.amiConnects.get();
    const count = metric.values[0]?.value ?? 0;
    if (count >= logins && run.wallboard.source?.connected) return;
    if (Date.now() > deadline) throw new Error(`expected ${logins} logins, saw ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
