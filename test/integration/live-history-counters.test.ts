import { afterEach, describe, expect, it } from 'vitest';
import { addCounters, emptyCounters, type Counters } from '../../shared/call-counters';
import { applyLiveOps, emptyLiveState, isHistoryOp, type HistoryOp, type LiveOp } from '../../server/domain/live-state';
import type { QueueEvent } from '../../server/domain/queue-events';
import { reduceQueueEvent, sweepPendingOutcomes, type QueueRules } from '../../server/domain/queue-reducer';
import { intervalStart, siteDay } from '../../shared/site-time';
import { readIntervalStats, SITE_QUEUE } from '../../server/history/history-queries';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../server/simulator/simulator-config';
import { MemoryLiveStore } from '../../server/store/memory-live-store';
import { simulatedQueueEvents } from '../support/simulated-queue-events';
import { historyDb, type HistoryDb } from '../unit/import/history-db';
import { rulesOf, serverRules } from '../unit/import/import-test-kit';

/**
 * The board's live counters and the history rollup count calls by one
 * definition (shared/call-counters.ts): the same events, reduced once, give
 * (a) counters.add ops into a live store and (b) history.call rows into
 * Postgres; once every call is over, both hold the same counters for every
 * queue, day and 15-minute interval, and for the whole site.
 */

const SITE = 'same';

interface Counted {
  /** per queue, by day and by interval start */
  live: MemoryLiveStore;
  days: Set<string>;
  intervals: Set<number>;
  queues: Set<string>;
  /** calls still tracked at the end (must be none for the paths to agree) */
  openCalls: number;
}

/** Reduces the events once, like the aggregator: live ops into a store, history facts into the writer. */
async function countBothWays(events: readonly QueueEvent[], rules: QueueRules, history: HistoryDb): Promise<Counted> {
  const state = emptyLiveState();
  const live = new MemoryLiveStore({ now: () => events[0]?.at ?? 0 });
  const counted: Counted = { live, days: new Set(), intervals: new Set(), queues: new Set(), openCalls: 0 };
  let batch: LiveOp[] = [];
  const flush = async (): Promise<void> => {
    await live.apply(SITE, batch);
    await history.sink.record(batch.filter((op): op is HistoryOp => isHistoryOp(op)));
    batch = [];
  };
  const take = (ops: LiveOp[]): void => {
    applyLiveOps(state, ops);
    for (const op of ops) {
      if (op.op !== 'counters.add') continue;
      counted.days.add(op.day);
      counted.intervals.add(op.intervalStart);
      counted.queues.add(op.queueId);
    }
    batch.push(...ops);
  };
  for (const event of events) {
    take(reduceQueueEvent(state, event, rules));
    if (batch.length >= 5_000) await flush();
  }
  // Past the grace and the age cap: every call is decided.
  take(sweepPendingOutcomes(state, Math.max(...events.map((e) => e.at)) + rules.callMaxAgeMs + rules.outcomeGraceMs, rules));
  await flush();
  await history.sink.flush();
  counted.openCalls = Object.keys(state.calls).length;
  return counted;
}

function sum(items: Iterable<Counters>): Counters {
  const total = emptyCounters();
  for (const item of items) addCounters(total, item);
  return total;
}

/** Asserts live == history for every queue and the site, per interval and per day; returns the site's total. */
async function expectSameCounters(counted: Counted, history: HistoryDb, timeZone: string): Promise<Counters> {
  const starts = [...counted.intervals].sort((a, b) => a - b);
  const range = [{ from: starts[0]!, to: starts.at(-1)! + 1 }];
  const stored = new Map<string, Map<number, Counters>>();
  for (const queueId of [...counted.queues, SITE_QUEUE]) {
    const rows = await readIntervalStats(history.db, SITE, queueId, range);
    stored.set(queueId, new Map([...rows].map(([start, row]) => [start, row.counters])));
  }
  const historyAt = (queueId: string, start: number): Counters => stored.get(queueId)!.get(start) ?? emptyCounters();
  // Every interval history has calls in is one the live path counted in.
  for (const queueId of counted.queues) {
    for (const [start, counters] of stored.get(queueId)!) if (counters.offered > 0) expect(counted.intervals).toContain(start);
  }

  for (const start of starts) {
    const live = await counted.live.readIntervalCounters(SITE, start);
    const label = new Date(start).toISOString();
    for (const queueId of counted.queues) {
      expect(historyAt(queueId, start), `${queueId} ${label}`).toEqual(live[queueId] ?? emptyCounters());
    }
    expect(historyAt(SITE_QUEUE, start), `site ${label}`).toEqual(sum(Object.values(live)));
  }
  for (const day of counted.days) {
    const live = await counted.live.readDayCounters(SITE, day);
    const ofDay = starts.filter((start) => siteDay(timeZone, start) === day);
    for (const queueId of counted.queues) {
      expect(sum(ofDay.map((start) => historyAt(queueId, start))), `${queueId} ${day}`).toEqual(live[queueId] ?? emptyCounters());
    }
  }
  return sum(starts.map((start) => historyAt(SITE_QUEUE, start)));
}

let history: HistoryDb | null = null;
afterEach(async () => {
  await history?.close();
  history = null;
});

describe('live counters equal the history rollup', () => {
  it('for a simulated evening, night and morning of the demo call center', { timeout: 60_000 }, async () => {
    history = await historyDb('same_counters_sim', SITE);
    const config = parseSimulatorConfig({ ...DEMO_CONFIG, seed: 11 });
    // Tuesday 18:00 to Wednesday 10:00 in Moscow: a busy end of day, midnight, and a morning.
    const { events, model } = simulatedQueueEvents(config, Date.parse('2026-03-03T15:00:00Z'), Date.parse('2026-03-04T07:00:00Z'));
    const counted = await countBothWays(events, rulesOf(config), history);
    expect(counted.openCalls).toBe(0);
    expect(counted.days).toEqual(new Set(['2026-03-03', '2026-03-04']));
    const site = await expectSameCounters(counted, history, config.timeZone);
    expect(site.offered).toBe(model.ledger.queueIds.reduce((n, q) => n + model.ledger.total(q).offered, 0));
    expect(site.answered).toBeGreaterThan(200);
    expect(site.abandoned).toBeGreaterThan(0);
    expect(site.handled).toBe(site.answered);
  });

  it('for hand-made edge cases: AgentComplete without a join, a blind transfer, a call talking over midnight, a repeated join', async () => {
    history = await historyDb('same_counters_edges', SITE);
    const rules = serverRules();
    const at = (time: string): number => Date.parse(`${time}+03:00`);
    const anna = { agentId: 'PJSIP/1', name: 'Anna' };
    const events: QueueEvent[] = [
      // Completed before the board saw it join (or connect): counted nowhere.
      { kind: 'agent.completed', at: at('2026-03-03T22:00:00'), queueId: 'support', callId: 'ghost', agentId: 'PJSIP/1', holdSec: 30, talkSec: 300, reason: 'caller' },
      // Answered in sales, blind-transferred into billing with the same Uniqueid, answered there.
      { kind: 'caller.joined', at: at('2026-03-03T22:10:00'), queueId: 'sales', callId: 'moved', position: 1, callerId: '100' },
      { kind: 'agent.connected', at: at('2026-03-03T22:10:08'), queueId: 'sales', callId: 'moved', ...anna, holdSec: 8, ringSec: 2 },
      { kind: 'caller.left', at: at('2026-03-03T22:10:08'), queueId: 'sales', callId: 'moved' },
      { kind: 'agent.completed', at: at('2026-03-03T22:12:00'), queueId: 'sales', callId: 'moved', agentId: 'PJSIP/1', holdSec: 8, talkSec: 112, reason: 'transfer' },
      { kind: 'caller.joined', at: at('2026-03-03T22:12:00'), queueId: 'billing', callId: 'moved', position: 1, callerId: '100' },
      { kind: 'agent.connected', at: at('2026-03-03T22:12:40'), queueId: 'billing', callId: 'moved', agentId: 'PJSIP/2', name: 'Boris', holdSec: 40, ringSec: 3 },
      { kind: 'caller.left', at: at('2026-03-03T22:12:40'), queueId: 'billing', callId: 'moved' },
      { kind: 'agent.completed', at: at('2026-03-03T22:20:00'), queueId: 'billing', callId: 'moved', agentId: 'PJSIP/2', holdSec: 40, talkSec: 440, reason: 'caller' },
      // Joined at 23:58, answered at 23:58:05, still talking at midnight: counts on the 3rd, 23:45.
      { kind: 'caller.joined', at: at('2026-03-03T23:58:00'), queueId: 'support', callId: 'late', position: 1, callerId: '200' },
      { kind: 'agent.connected', at: at('2026-03-03T23:58:05'), queueId: 'support', callId: 'late', ...anna, holdSec: 5, ringSec: 1 },
      { kind: 'caller.left', at: at('2026-03-03T23:58:05'), queueId: 'support', callId: 'late' },
      { kind: 'agent.completed', at: at('2026-03-04T00:10:05'), queueId: 'support', callId: 'late', agentId: 'PJSIP/1', holdSec: 5, talkSec: 720, reason: 'caller' },
      // The same join twice, then the caller gives up.
      { kind: 'caller.joined', at: at('2026-03-04T00:20:00'), queueId: 'sales', callId: 'twice', position: 1, callerId: null },
      { kind: 'caller.joined', at: at('2026-03-04T00:20:00'), queueId: 'sales', callId: 'twice', position: 1, callerId: null },
      { kind: 'caller.abandonRaised', at: at('2026-03-04T00:20:30'), queueId: 'sales', callId: 'twice', holdSec: 30 },
      { kind: 'caller.left', at: at('2026-03-04T00:20:30'), queueId: 'sales', callId: 'twice' },
      { kind: 'channel.hungUp', at: at('2026-03-04T00:20:30'), callId: 'twice' },
    ];
    const counted = await countBothWays(events, rules, history);
    expect(counted.openCalls).toBe(0);
    await expectSameCounters(counted, history, rules.timeZone);

    // And what they agree on is the rule, not nothing.
    const late = intervalStart(rules.timeZone, at('2026-03-03T23:58:00'));
    expect((await counted.live.readIntervalCounters(SITE, late)).support).toEqual({
      ...emptyCounters(),
      offered: 1,
      answered: 1,
      answeredWithinSl: 1,
      handled: 1,
      holdSec: 5,
      talkSec: 720,
      wrapSec: 30,
    });
    expect(await counted.live.readDayCounters(SITE, '2026-03-04')).toEqual({ sales: { ...emptyCounters(), offered: 1, abandoned: 1 } });
    const evening = await counted.live.readDayCounters(SITE, '2026-03-03');
    expect(evening.sales).toMatchObject({ offered: 1, answered: 1, handled: 1, talkSec: 112 });
    expect(evening.billing).toMatchObject({ offered: 1, answered: 1, answeredWithinSl: 0, handled: 1, holdSec: 40 });
    expect(evening.support?.offered).toBe(1);
    expect(evening.support?.handled).toBe(1);
  });

  it('for calls closed without their AgentComplete: by a resync that no longer shows the agent on a call, and by the age cap', async () => {
    history = await historyDb('same_counters_closed', SITE);
    const rules = serverRules();
    const at = (time: string): number => Date.parse(`${time}+03:00`);
    const member = (agentId: string, inCall: boolean) => ({
      queueId: 'support',
      agentId,
      name: agentId,
      deviceStatus: inCall ? 2 : 1,
      paused: false,
      pausedReason: null,
      inCall,
      wrapupSec: 0,
    });
    const events: QueueEvent[] = [
      { kind: 'caller.joined', at: at('2026-03-03T10:00:00'), queueId: 'support', callId: 'gap', position: 1, callerId: null },
      { kind: 'agent.connected', at: at('2026-03-03T10:00:10'), queueId: 'support', callId: 'gap', agentId: 'PJSIP/1', name: 'Anna', holdSec: 10, ringSec: 2 },
      { kind: 'caller.joined', at: at('2026-03-03T10:20:00'), queueId: 'sales', callId: 'long', position: 1, callerId: null },
      { kind: 'agent.connected', at: at('2026-03-03T10:20:30'), queueId: 'sales', callId: 'long', agentId: 'PJSIP/2', name: 'Boris', holdSec: 30, ringSec: 2 },
      // The link was down; on reconnect Anna is free (her call ended unseen), Boris is still on a call.
      {
        kind: 'queue.resync',
        at: at('2026-03-03T10:25:10'),
        queues: [{ queueId: 'support', serviceLevelSec: 20 }, { queueId: 'sales', serviceLevelSec: 20 }],
        members: [member('PJSIP/1', false), { ...member('PJSIP/2', true), queueId: 'sales' }],
        entries: [],
      },
    ];
    const counted = await countBothWays(events, rules, history);
    // The resync closed 'gap'; the final sweep (4 h after the last event) closed 'long' by the cap.
    expect(counted.openCalls).toBe(0);
    await expectSameCounters(counted, history, rules.timeZone);
    const day = await counted.live.readDayCounters(SITE, '2026-03-03');
    expect(day.support).toMatchObject({ offered: 1, answered: 1, handled: 1, holdSec: 10, talkSec: 1500, wrapSec: 0 });
    expect(day.sales).toMatchObject({ offered: 1, answered: 1, handled: 1, holdSec: 30 });
  });
});
