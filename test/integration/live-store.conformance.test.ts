/**
 * What every LiveStore must do, run against the in-process store and against
 * RedisLiveStore on the real redis-server of the test run. `applyLiveOps` is
 * the reference for what an op means; counters are checked against sums kept
 * here. The ticket desk's part of the port has a describe of its own. The last
 * two describes cover what only one of the stores has: the injectable clock of
 * the memory store, and Redis data edited by hand.
 */
import { DEAD_LETTERS_KEPT, type DeadLetter } from '../../server/store/dead-letter-store';
import * as fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addCounters,
  applyLiveOps,
  emptyCounters,
  emptyLiveState,
  type AgentRecord,
  type Counters,
  type LiveOp,
  type LiveState,
  type Membership,
  type QueueRecord,
  type TrackedCall,
  type WaitingCaller,
} from '../../server/domain/live-state';
import type { TicketState } from '../../server/domain/sla/ticket-state';
import { emptyTicketCounters, type TicketCounters } from '../../server/domain/tickets/ticket-counters';
import { eventKey, ticketKey, type TicketOp } from '../../server/domain/tickets/ticket-ops';
import type { TicketEvent } from '../../server/domain/ticket-events';
import { reduceTicketChange, type TicketEventOutcome } from '../../server/aggregate/reduce-ticket-change';
import { ticketRowOf } from '../../server/domain/tickets/ticket-row';
import { StaleReaderError } from '../../server/store/lease-store';
import type { LiveStore } from '../../server/store/live-store';
import { DEFAULT_TICKET_RETENTION } from '../../server/store/ticket-retention';
import { ticketRevision } from '../../server/store/ticket-revision';
import { NO_TICKET_REVISION, type TicketBoardData, type TicketChange } from '../../server/store/ticket-live-store';
import { MemoryLiveStore } from '../../server/store/memory-live-store';
import { RedisLiveStore } from '../../server/store/redis-live-store';
import type { SkippedEntry } from '../../server/store/redis-skipped-entries';
import { redisUrl, uniqueKeyPrefix, uniqueSite } from '../support/services';
import { finalState, MINUTE, plainPolicies, ticket } from '../unit/tickets/ticket-story-kit';

const T0 = Date.UTC(2025, 2, 3, 9, 0);
const DAY = '2025-03-03';
const NEXT_DAY = '2025-03-04';
const INTERVAL = T0;
const NEXT_INTERVAL = T0 + 15 * 60_000;

function queue(id: string, serviceLevelSec = 20): QueueRecord {
  return { id, serviceLevelSec };
}

function caller(queueId: string, callId: string, position = 1): WaitingCaller {
  return { queueId, callId, joinedAt: T0, position, callerId: '+74950000000' };
}

function agent(id: string, overrides: Partial<AgentRecord> = {}): AgentRecord {
  return {
    id,
    name: `Agent ${id}`,
    memberships: { sales: { paused: false, pausedReason: null } },
    deviceStatus: 1,
    onCall: null,
    ringingFor: null,
    wrapUntil: null,
    wrapupSec: 0,
    stateSince: T0,
    lastState: 'available',
    answeredDay: DAY,
    answeredToday: 0,
    ...overrides,
  };
}

function call(queueId: string, callId: string, overrides: Partial<TrackedCall> = {}): TrackedCall {
  return {
    queueId,
    callId,
    joinedAt: T0,
    day: DAY,
    intervalStart: INTERVAL,
    connected: false,
    agentId: null,
    abandonHoldSec: null,
    connectedAt: null,
    holdSec: null,
    answeredWithinSl: null,
    leftAt: null,
    ...overrides,
  };
}

function add(queueId: string, delta: Partial<Counters>, day = DAY, intervalStart = INTERVAL): LiveOp {
  return { op: 'counters.add', queueId, day, intervalStart, delta };
}

function counters(values: Partial<Counters>): Counters {
  return { ...emptyCounters(), ...values };
}

function referenceState(batches: readonly (readonly LiveOp[])[]): LiveState {
  const state = emptyLiveState();
  for (const batch of batches) applyLiveOps(state, structuredClone(batch));
  return state;
}

interface StoreKind {
  name: string;
  /** two handles on one fresh store: two Redis connections, or the same in-process object */
  open(): { store: LiveStore; peer: LiveStore };
}

/** stores and raw Redis clients a test opened, closed after it */
const opened: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((connection) => connection.close()));
});

function rawRedis(): Redis {
  const client = new Redis(redisUrl());
  opened.push({ close: () => client.quit() });
  return client;
}

const storeKinds: StoreKind[] = [
  {
    name: 'MemoryLiveStore',
    open() {
      const store = new MemoryLiveStore();
      return { store, peer: store };
    },
  },
  {
    name: 'RedisLiveStore',
    open() {
      const keyPrefix = uniqueKeyPrefix();
      const store = new RedisLiveStore(redisUrl(), { keyPrefix });
      const peer = new RedisLiveStore(redisUrl(), { keyPrefix });
      opened.push(store, peer);
      return { store, peer };
    },
  },
];

describe.each(storeKinds.map((kind) => [kind.name, kind] as const))('%s conforms to LiveStore', (_name, kind) => {
  const open = (): LiveStore => kind.open().store;

  it('reads an unknown site as empty, at seq 0', async () => {
    const store = open();
    const site = uniqueSite();
    expect(await store.readLive(site)).toEqual({ state: emptyLiveState(), seq: 0 });
    expect(await store.readSeq(site)).toBe(0);
    expect(await store.readDayCounters(site, DAY)).toEqual({});
    expect(await store.readIntervalCounters(site, INTERVAL)).toEqual({});
  });

  it('puts and deletes queues by id', async () => {
    const store = open();
    const site = uniqueSite();
    await store.apply(site, [{ op: 'queue.put', queue: queue('sales') }, { op: 'queue.put', queue: queue('support') }]);
    await store.apply(site, [{ op: 'queue.put', queue: queue('sales', 30) }, { op: 'queue.delete', queueId: 'support' }]);
    expect((await store.readLive(site)).state.queues).toEqual({ sales: queue('sales', 30) });
  });

  it('keeps one waiting caller per queue and call, so a call moved to another queue is two entries', async () => {
    const store = open();
    const site = uniqueSite();
    await store.apply(site, [
      { op: 'waiting.put', caller: caller('sales', 'c1') },
      { op: 'waiting.put', caller: caller('support', 'c1', 2) },
      { op: 'waiting.put', caller: caller('sales', 'c2') },
    ]);
    await store.apply(site, [{ op: 'waiting.delete', queueId: 'sales', callId: 'c2' }]);
    expect((await store.readLive(site)).state.waiting).toEqual({
      'sales|c1': caller('sales', 'c1'),
      'support|c1': caller('support', 'c1', 2),
    });
  });

  it('puts, replaces and deletes agents with every field intact', async () => {
    const store = open();
    const site = uniqueSite();
    const busy = agent('PJSIP/1001', {
      memberships: { sales: { paused: false, pausedReason: null }, support: { paused: true, pausedReason: 'Lunch' } },
      onCall: { queueId: 'sales', callId: 'c1', since: T0 + 1_000 },
      wrapUntil: T0 + 60_000,
      lastState: 'busy',
      answeredToday: 7,
    });
    await store.apply(site, [
      { op: 'agent.put', agent: agent('PJSIP/1001') },
      { op: 'agent.put', agent: agent('PJSIP/1002') },
      { op: 'agent.put', agent: busy },
    ]);
    await store.apply(site, [{ op: 'agent.delete', agentId: 'PJSIP/1002' }]);
    expect((await store.readLive(site)).state.agents).toEqual({ 'PJSIP/1001': busy });
  });

  it('puts and deletes tracked calls by queue and call', async () => {
    const store = open();
    const site = uniqueSite();
    const answered = call('sales', 'c1', { connected: true, agentId: 'PJSIP/1001' });
    await store.apply(site, [
      { op: 'call.put', call: call('sales', 'c1') },
      { op: 'call.put', call: call('support', 'c1', { leftAt: T0 + 5_000, abandonHoldSec: 5 }) },
    ]);
    await store.apply(site, [{ op: 'call.put', call: answered }, { op: 'call.delete', queueId: 'support', callId: 'c1' }]);
    expect((await store.readLive(site)).state.calls).toEqual({ 'sales|c1': answered });
  });

  it('replaces queues, waiting callers and agents on live.replace, and keeps calls and counters', async () => {
    const store = open();
    const site = uniqueSite();
    await store.apply(site, [
      { op: 'queue.put', queue: queue('old') },
      { op: 'waiting.put', caller: caller('old', 'c0') },
      { op: 'agent.put', agent: agent('PJSIP/old') },
      { op: 'call.put', call: call('old', 'c0') },
      add('old', { offered: 1 }),
    ]);
    await store.apply(site, [
      { op: 'live.replace', queues: [queue('sales')], waiting: [caller('sales', 'c1')], agents: [agent('PJSIP/1001')] },
    ]);
    expect((await store.readLive(site)).state).toEqual({
      queues: { sales: queue('sales') },
      waiting: { 'sales|c1': caller('sales', 'c1') },
      agents: { 'PJSIP/1001': agent('PJSIP/1001') },
      calls: { 'old|c0': call('old', 'c0') },
    });
    expect(await store.readDayCounters(site, DAY)).toEqual({ old: counters({ offered: 1 }) });

    await store.apply(site, [{ op: 'live.replace', queues: [], waiting: [], agents: [] }]);
    const emptied = (await store.readLive(site)).state;
    expect([emptied.queues, emptied.waiting, emptied.agents]).toEqual([{}, {}, {}]);
    expect(Object.keys(emptied.calls)).toEqual(['old|c0']);
  });

  it('reads a board as the live state without calls, with one day and one interval of counters, at the same seq', async () => {
    const store = open();
    const site = uniqueSite();
    await store.apply(site, [
      { op: 'queue.put', queue: queue('sales') },
      { op: 'waiting.put', caller: caller('sales', 'c1') },
      { op: 'agent.put', agent: agent('PJSIP/1001') },
      { op: 'call.put', call: call('sales', 'c1') },
      add('sales', { offered: 1 }),
      add('sales', { offered: 2 }, NEXT_DAY, NEXT_INTERVAL),
    ]);
    const { state, seq } = await store.readLive(site);
    const { calls: _calls, ...board } = state;
    expect(await store.readBoard(site, DAY, NEXT_INTERVAL)).toEqual({
      state: board,
      seq,
      dayCounters: { sales: counters({ offered: 1 }) },
      intervalCounters: { sales: counters({ offered: 2 }) },
    });
    expect(await store.readBoard(uniqueSite(), DAY, INTERVAL)).toEqual({
      state: { queues: {}, waiting: {}, agents: {} },
      seq: 0,
      dayCounters: {},
      intervalCounters: {},
    });
  });

  it('applies ops of one batch in order: a put after live.replace in the same batch stays', async () => {
    const store = open();
    const site = uniqueSite();
    await store.apply(site, [
      { op: 'agent.put', agent: agent('PJSIP/1001') },
      { op: 'live.replace', queues: [], waiting: [], agents: [] },
      { op: 'agent.put', agent: agent('PJSIP/1002') },
      { op: 'queue.put', queue: queue('sales') },
      { op: 'queue.delete', queueId: 'sales' },
    ]);
    const { state } = await store.readLive(site);
    expect(Object.keys(state.agents)).toEqual(['PJSIP/1002']);
    expect(state.queues).toEqual({});
  });

  it('adds counters per queue within a day and within an interval, apart from other days and intervals', async () => {
    const store = open();
    const site = uniqueSite();
    await store.apply(site, [
      add('sales', { offered: 1, answered: 1, answeredWithinSl: 1, holdSec: 4.5, talkSec: 61.25 }),
      add('sales', { offered: 1, abandoned: 1, shortAbandoned: 1 }, DAY, NEXT_INTERVAL),
      add('support', { offered: 1, timedOut: 1 }),
    ]);
    await store.apply(site, [add('sales', { handled: 1, talkSec: 0.75, wrapSec: 10 }), add('sales', { offered: 3 }, NEXT_DAY, NEXT_INTERVAL)]);

    expect(await store.readDayCounters(site, DAY)).toEqual({
      sales: counters({ offered: 2, answered: 1, answeredWithinSl: 1, abandoned: 1, shortAbandoned: 1, handled: 1, holdSec: 4.5, talkSec: 62, wrapSec: 10 }),
      support: counters({ offered: 1, timedOut: 1 }),
    });
    expect(await store.readDayCounters(site, NEXT_DAY)).toEqual({ sales: counters({ offered: 3 }) });
    expect(await store.readIntervalCounters(site, INTERVAL)).toEqual({
      sales: counters({ offered: 1, answered: 1, answeredWithinSl: 1, handled: 1, holdSec: 4.5, talkSec: 62, wrapSec: 10 }),
      support: counters({ offered: 1, timedOut: 1 }),
    });
    expect(await store.readIntervalCounters(site, NEXT_INTERVAL)).toEqual({
      sales: counters({ offered: 4, abandoned: 1, shortAbandoned: 1 }),
    });
  });

  it('lists a queue in a period once counters were added for it, even when they add up to nothing', async () => {
    const store = open();
    const site = uniqueSite();
    await store.apply(site, [add('sales', {}), add('support', { offered: 1 }), add('support', { offered: -1 })]);
    const nothing = counters({});
    expect(await store.readDayCounters(site, DAY)).toEqual({ sales: nothing, support: nothing });
    expect(await store.readIntervalCounters(site, INTERVAL)).toEqual({ sales: nothing, support: nothing });
  });

  it('adds fractional seconds without losing them', async () => {
    const store = open();
    const site = uniqueSite();
    for (const talkSec of [0.1, 0.2, 12.345]) await store.apply(site, [add('sales', { handled: 1, talkSec })]);
    const sales = (await store.readDayCounters(site, DAY)).sales;
    expect(sales?.handled).toBe(3);
    expect(sales?.talkSec).toBeCloseTo(12.645, 9);
  });

  it('keeps the live state and counters of different sites apart', async () => {
    const store = open();
    const [moscow, berlin] = [uniqueSite('msk'), uniqueSite('ber')];
    await store.apply(moscow, [{ op: 'queue.put', queue: queue('sales') }, add('sales', { offered: 2 })]);
    await store.apply(berlin, [{ op: 'queue.put', queue: queue('support') }, add('sales', { offered: 5 })]);
    expect(Object.keys((await store.readLive(moscow)).state.queues)).toEqual(['sales']);
    expect(Object.keys((await store.readLive(berlin)).state.queues)).toEqual(['support']);
    expect(await store.readDayCounters(moscow, DAY)).toEqual({ sales: counters({ offered: 2 }) });
    expect(await store.readIntervalCounters(berlin, INTERVAL)).toEqual({ sales: counters({ offered: 5 }) });
    expect([await store.readSeq(moscow), await store.readSeq(berlin)]).toEqual([1, 1]);
  });

  it('increases the seq by one per apply, empty batches included, and reports it in every read', async () => {
    const store = open();
    const site = uniqueSite();
    expect(await store.apply(site, [{ op: 'queue.put', queue: queue('sales') }])).toBe(1);
    expect(await store.apply(site, [])).toBe(2);
    expect(await store.apply(site, [add('sales', { offered: 1 }), add('sales', { offered: 1 })])).toBe(3);
    expect(await store.readSeq(site)).toBe(3);
    expect((await store.readLive(site)).seq).toBe(3);
  });

  it('runs concurrent applies from two clients one at a time: exact sums, each seq handed out once', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite();
    const seqs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 === 0 ? store : peer).apply(site, [add('sales', { offered: 1, holdSec: 0.5 }), add('support', { offered: 2 })]),
      ),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(await store.readDayCounters(site, DAY)).toEqual({
      sales: counters({ offered: 50, holdSec: 25 }),
      support: counters({ offered: 100 }),
    });
  });

  it('never lets a reader see half of an apply', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite();
    const generation = (g: number): LiveOp[] => [
      {
        op: 'live.replace',
        queues: [queue('sales', g), queue('support', g)],
        waiting: [],
        agents: [agent('PJSIP/1001', { answeredToday: g }), agent('PJSIP/1002', { answeredToday: g })],
      },
    ];
    await store.apply(site, generation(0));
    const writes = Array.from({ length: 30 }, (_, g) => store.apply(site, generation(g + 1)));
    const reads = Array.from({ length: 30 }, () => peer.readLive(site));
    await Promise.all(writes);
    for (const { state, seq } of await Promise.all(reads)) {
      const seen = new Set([
        ...Object.values(state.queues).map((q) => q.serviceLevelSec),
        ...Object.values(state.agents).map((a) => a.answeredToday),
      ]);
      expect(seen.size, `mixed generations at seq ${seq}`).toBe(1);
      expect(Object.keys(state.queues)).toHaveLength(2);
    }
  });

  it('refuses a batch with a bad counter delta and applies none of it', async () => {
    const store = open();
    const site = uniqueSite();
    await store.apply(site, [add('sales', { offered: 1 })]);
    for (const bad of [
      add('sales', { offered: 0.5 }),
      add('sales', { holdSec: Number.NaN }),
      add('sales', { offered: 1 }, '3 March'),
      add('sales', { offered: 1 }, DAY, 1.5),
    ]) {
      await expect(store.apply(site, [{ op: 'queue.put', queue: queue('sales') }, bad])).rejects.toThrow(RangeError);
    }
    expect(await store.readLive(site)).toEqual({ state: emptyLiveState(), seq: 1 });
    expect(await store.readDayCounters(site, DAY)).toEqual({ sales: counters({ offered: 1 }) });
  });

  it('refuses site ids that would break the key layout', async () => {
    const store = open();
    await expect(store.apply('', [])).rejects.toThrow(RangeError);
    await expect(store.readLive('a{b}')).rejects.toThrow(RangeError);
  });

  it('applies a batch of 5,000 ops in one call', async () => {
    const store = open();
    const site = uniqueSite();
    const ops: LiveOp[] = [];
    for (let i = 0; i < 1_000; i++) {
      ops.push(
        { op: 'waiting.put', caller: caller('sales', `c${i}`) },
        { op: 'call.put', call: call('sales', `c${i}`) },
        add('sales', { offered: 1 }),
        { op: 'agent.put', agent: agent(`PJSIP/${i % 100}`, { answeredToday: i }) },
        { op: 'waiting.delete', queueId: 'sales', callId: `c${i - 1}` },
      );
    }
    expect(await store.apply(site, ops)).toBe(1);
    const { state } = await store.readLive(site);
    expect(Object.keys(state.waiting)).toEqual(['sales|c999']);
    expect(Object.keys(state.calls)).toHaveLength(1_000);
    expect(state.agents['PJSIP/99']?.answeredToday).toBe(999);
    expect((await store.readDayCounters(site, DAY)).sales?.offered).toBe(1_000);
  });

  it('ends in the state applyLiveOps gives, with the counters the deltas sum to, for any op sequence', async () => {
    const store = open();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(opArbitrary, { maxLength: 12 }), { maxLength: 6 }), async (batches) => {
        const site = uniqueSite('prop');
        for (const batch of batches) await store.apply(site, batch);

        expect(await store.readLive(site)).toEqual({ state: referenceState(batches), seq: batches.length });
        const expected = referenceCounters(batches);
        for (const day of DAYS) expect(await store.readDayCounters(site, day)).toEqual(expected.get(day) ?? {});
        for (const start of INTERVALS) expect(await store.readIntervalCounters(site, start)).toEqual(expected.get(start) ?? {});
      }),
      { numRuns: 40 },
    );
  });

  it('hands out copies: editing what was read or what was applied does not change the store', async () => {
    const store = open();
    const site = uniqueSite();
    const ops: LiveOp[] = [{ op: 'agent.put', agent: agent('PJSIP/1001') }, add('sales', { offered: 1 })];
    await store.apply(site, ops);
    const applied = ops[0];
    if (applied?.op === 'agent.put') applied.agent.name = 'edited after apply';

    const first = await store.readLive(site);
    const firstAgent = first.state.agents['PJSIP/1001'];
    // Memberships are read-only by type; a careless caller could still write through a cast.
    if (firstAgent) (firstAgent.memberships as Record<string, Membership>).sales = { paused: true, pausedReason: 'edited after read' };
    first.state.queues.ghost = queue('ghost');
    const dayCounters = await store.readDayCounters(site, DAY);
    if (dayCounters.sales) dayCounters.sales.offered = 99;

    expect((await store.readLive(site)).state).toEqual({ ...emptyLiveState(), agents: { 'PJSIP/1001': agent('PJSIP/1001') } });
    expect(await store.readDayCounters(site, DAY)).toEqual({ sales: counters({ offered: 1 }) });
  });

  it('gives the reader lease to one owner at a time, renews it for that owner at the same generation, and releases it only for that owner', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite('pbx');
    const contenders = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? store : peer).acquireReaderLease(site, `node-${i}`, 60_000));
    const winners = (await Promise.all(contenders)).flatMap((generation, i) => (generation === null ? [] : [{ owner: `node-${i}`, generation }]));
    expect(winners).toHaveLength(1);
    const [{ owner, generation }] = winners as [{ owner: string; generation: number }];
    expect(generation).toBe(1);
    const other = owner === 'node-0' ? 'node-1' : 'node-0';

    expect(await peer.acquireReaderLease(site, owner, 60_000)).toBe(1);
    expect(await store.acquireReaderLease(site, other, 60_000)).toBeNull();
    await store.releaseReaderLease(site, other);
    expect(await store.acquireReaderLease(site, other, 60_000)).toBeNull();
    expect(await store.readReaderLease(site)).toEqual({ owner, generation: 1, link: null });
    await peer.releaseReaderLease(site, owner);
    expect(await store.readReaderLease(site)).toEqual({ owner: null, generation: 1, link: null });
    expect(await store.acquireReaderLease(site, other, 60_000)).toBe(2);
  });

  it('lets another owner take an expired lease at the next generation, and the old owner then cannot renew it', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite('pbx');
    expect(await store.acquireReaderLease(site, 'node-a', 50)).toBe(1);
    await vi.waitFor(async () => expect(await peer.acquireReaderLease(site, 'node-b', 60_000)).toBe(2), { timeout: 10_000, interval: 20 });
    expect(await store.acquireReaderLease(site, 'node-a', 60_000)).toBeNull();
  });

  it('refuses a batch of a stale reader generation and applies none of it, even once the lease moved on', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite('pbx');
    const old = (await store.acquireReaderLease(site, 'node-a', 50))!;
    expect(await store.apply(site, [add('sales', { offered: 1 })], { generation: old, sequence: 1 })).toBe(1);
    await vi.waitFor(async () => expect(await peer.acquireReaderLease(site, 'node-b', 60_000)).toBe(old + 1), { timeout: 10_000, interval: 20 });

    // the old reader's next batch, or a retry of one in flight, arrives after the takeover
    const late = store.apply(site, [add('sales', { offered: 5 }), { op: 'queue.put', queue: queue('sales') }], { generation: old, sequence: 2 });
    await expect(late).rejects.toBeInstanceOf(StaleReaderError);
    await expect(late).rejects.toMatchObject({ generation: old, currentGeneration: old + 1 });
    await expect(store.apply(site, [add('sales', { offered: 5 })], { generation: old + 7, sequence: 1 })).rejects.toBeInstanceOf(StaleReaderError);
    expect(await store.readDayCounters(site, DAY)).toEqual({ sales: counters({ offered: 1 }) });
    expect(await store.readLive(site)).toEqual({ state: emptyLiveState(), seq: 1 });

    // the new reader's batches land, numbered from 1 again
    expect(await peer.apply(site, [add('sales', { offered: 2 })], { generation: old + 1, sequence: 1 })).toBe(2);
    expect(await store.readDayCounters(site, DAY)).toEqual({ sales: counters({ offered: 3 }) });
  });

  it('applies a retried batch id once: a repeat of a landed batch changes nothing and answers the current seq', async () => {
    const store = open();
    const site = uniqueSite('pbx');
    const generation = (await store.acquireReaderLease(site, 'node-a', 60_000))!;
    const batch = [add('sales', { offered: 1, answered: 1, holdSec: 2.5 }), { op: 'agent.put', agent: agent('PJSIP/1001') } as LiveOp];
    expect(await store.apply(site, batch, { generation, sequence: 1 })).toBe(1);
    expect(await store.apply(site, batch, { generation, sequence: 1 })).toBe(1);
    expect(await store.apply(site, [add('sales', { offered: 1 })], { generation, sequence: 2 })).toBe(2);
    // a batch older than the newest landed (a retry that lost the race with its successor) is a repeat too
    expect(await store.apply(site, batch, { generation, sequence: 1 })).toBe(2);
    expect(await store.readDayCounters(site, DAY)).toEqual({ sales: counters({ offered: 2, answered: 1, holdSec: 2.5 }) });
    // unfenced applies (tools, tests) are not numbered
    expect(await store.apply(site, [add('sales', { offered: 1 })])).toBe(3);
    expect((await store.readDayCounters(site, DAY)).sales?.offered).toBe(3);
  });

  it("keeps the reader's link report for its ttl, and only from the lease holder", async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite('pbx');
    const report = { owner: 'node-a', connected: true, since: T0, lastError: null, lastEventAt: T0 + 5 };
    await store.publishPbxLink(site, report, 60_000);
    expect((await peer.readReaderLease(site)).link).toBeNull();
    await store.acquireReaderLease(site, 'node-a', 60_000);
    await store.publishPbxLink(site, report, 60_000);
    await store.publishPbxLink(site, { ...report, owner: 'node-b', connected: false }, 60_000);
    expect(await peer.readReaderLease(site)).toEqual({ owner: 'node-a', generation: 1, link: report });
    await store.publishPbxLink(site, { ...report, connected: false, lastError: 'ECONNRESET' }, 50);
    await vi.waitFor(async () => expect((await peer.readReaderLease(site)).link).toBeNull(), { timeout: 10_000, interval: 20 });
  });

  it('refuses a lease ttl that is not a positive whole number of milliseconds', async () => {
    const store = open();
    await expect(store.acquireReaderLease('x', 'node-a', 0)).rejects.toThrow(RangeError);
    await expect(store.acquireReaderLease('x', 'node-a', 1.5)).rejects.toThrow(RangeError);
  });
});

/** A ticket's state after `events` of the ticket-story kit; open unless solved. */
function ticketState(id: string, options: { subject?: string; solved?: boolean } = {}): TicketState {
  const story = ticket(id);
  const events = [story.created(T0, { subject: options.subject ?? `Ticket ${id}` })];
  if (options.solved) events.push(story.solved(T0 + 60_000));
  return finalState(plainPolicies, events);
}

function openTicket(id: string, subject?: string): TicketOp {
  const state = ticketState(id, subject === undefined ? {} : { subject });
  return { op: 'ticket.open', state, row: ticketRowOf(state, plainPolicies) };
}

function doneTicket(id: string): TicketOp {
  return { op: 'ticket.done', state: ticketState(id, { solved: true }) };
}

function seen(eventKey: string): TicketOp {
  return { op: 'ticketEvent.seen', eventKey };
}

function addTickets(delta: Partial<TicketCounters>, day = DAY): TicketOp {
  return { op: 'ticketCounters.add', day, delta };
}

function ticketCounters(values: Partial<TicketCounters>): TicketCounters {
  return { ...emptyTicketCounters(), ...values };
}

const ZONE = 'UTC';

const lookUpFor = (store: LiveStore, site: string, event: TicketEvent) =>
  store.lookUpTickets(site, { eventKeys: [eventKey(event)], ticketKeys: [ticketKey(event)], seenSince: 0 });

/** What a writer does with one event (as the aggregator does): read, reduce, compare-and-set, again while refused. */
async function takeEvent(store: LiveStore, site: string, event: TicketEvent): Promise<TicketEventOutcome> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const reduced = reduceTicketChange(ticketKey(event), [event], await lookUpFor(store, site, event), plainPolicies, ZONE);
    if (!reduced.change) return reduced.outcomes[0]!;
    const { applied } = await store.applyTicketChanges(site, { changes: [reduced.change], now: T0, seenSince: 0 });
    if (applied[0]) return reduced.outcomes[0]!;
  }
  throw new Error(`event ${event.eventId} never settled`);
}

const byTicketId = <T extends { ticketId: string }>(records: T[]): T[] => [...records].sort((a, b) => a.ticketId.localeCompare(b.ticketId));

/** The open tickets' states, by id. */
const openStates = async (store: LiveStore, site: string): Promise<TicketState[]> =>
  byTicketId((await store.readOpenTickets(site)).map(({ state }) => state));

const EVENT_IDS_MS = DEFAULT_TICKET_RETENTION.eventIdsMs;
const FIRST_RESPONSES_MS = DEFAULT_TICKET_RETENTION.firstResponsesMs;

describe.each(storeKinds.map((kind) => [kind.name, kind] as const))('%s conforms to LiveStore: desk sync', (_name, kind) => {
  it('gives the desk-sync lease to one owner at a time, renews it for that owner, lets another take it when released or expired', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite('desks');
    const taken = await Promise.all(Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : peer).acquireDeskSyncLease(site, `node-${i}`, 60_000)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    const owner = `node-${taken.indexOf(true)}`;
    const other = owner === 'node-0' ? 'node-1' : 'node-0';
    expect(await peer.acquireDeskSyncLease(site, owner, 50)).toBe(true);
    expect(await store.acquireDeskSyncLease(site, other, 60_000)).toBe(false);
    await store.releaseDeskSyncLease(site, other);
    await vi.waitFor(async () => expect(await store.acquireDeskSyncLease(site, other, 60_000)).toBe(true), { timeout: 10_000, interval: 20 });
    expect(await peer.acquireDeskSyncLease(site, owner, 60_000)).toBe(false);
    await peer.releaseDeskSyncLease(site, other);
    expect(await store.acquireDeskSyncLease(site, owner, 60_000)).toBe(true);
  });

  it('keeps one cursor per desk and site, the last written', async () => {
    const { store, peer } = kind.open();
    const [site, elsewhere] = [uniqueSite('desks'), uniqueSite('desks')];
    expect(await store.readDeskCursor(site, 'zendesk')).toBeNull();
    await store.writeDeskCursor(site, 'zendesk', 'MTU0OTU2');
    await peer.writeDeskCursor(site, 'zendesk', 'MTU0OTU3');
    await store.writeDeskCursor(site, 'jira', '1795474526374');
    expect(await peer.readDeskCursor(site, 'zendesk')).toBe('MTU0OTU3');
    expect(await peer.readDeskCursor(site, 'jira')).toBe('1795474526374');
    expect(await store.readDeskCursor(elsewhere, 'zendesk')).toBeNull();
  });
});

describe.each(storeKinds.map((kind) => [kind.name, kind] as const))('%s conforms to LiveStore: dead letters', (_name, kind) => {
  it('keeps letters newest first, trimmed to the newest DEAD_LETTERS_KEPT, apart per site', async () => {
    const store = kind.open().store;
    const [site, other] = [uniqueSite(), uniqueSite()];
    expect(await store.readDeadLetters(site, 10)).toEqual([]);
    const letter = (n: number): DeadLetter => ({ pipeline: 'live', at: T0 + n, error: `WRONGTYPE ${n}`, events: [{ kind: 'caller.joined', n }] });
    for (let n = 0; n < DEAD_LETTERS_KEPT + 2; n++) await store.pushDeadLetter(site, letter(n));
    await store.pushDeadLetter(other, letter(-1));
    expect(await store.readDeadLetters(site, 2)).toEqual([letter(DEAD_LETTERS_KEPT + 1), letter(DEAD_LETTERS_KEPT)]);
    const kept = await store.readDeadLetters(site, DEAD_LETTERS_KEPT + 10);
    expect(kept).toHaveLength(DEAD_LETTERS_KEPT);
    expect(kept.at(-1)).toEqual(letter(2));
    expect(await store.readDeadLetters(other, 10)).toEqual([letter(-1)]);
  });
});
/** The ticket these tests put ops of no ticket of their own under (counters, event ids): none of them writes its record. */
const NO_TICKET = 'generic:-';

function ticketOf(op: TicketOp): string {
  if (op.op === 'ticket.open' || op.op === 'ticket.done') return ticketKey(op.state);
  return op.op === 'firstResponse.add' ? op.ticketKey : NO_TICKET;
}

/**
 * Writes ops as they are, for tests of what the ops mean: each ticket's ops as
 * one change from the revision it has just been read at (refused only if a
 * concurrent write got there first). Returns the site's seq.
 */
async function putTickets(store: LiveStore, site: string, ops: readonly TicketOp[], now: number): Promise<number> {
  const byTicket = new Map<string, TicketOp[]>();
  for (const op of ops) byTicket.set(ticketOf(op), [...(byTicket.get(ticketOf(op)) ?? []), op]);
  const { revisions } = await store.lookUpTickets(site, { eventKeys: [], ticketKeys: [...byTicket.keys()], seenSince: 0 });
  const changes = [...byTicket].map(([key, changeOps]) => ({ ticketKey: key, revision: revisions.get(key) ?? NO_TICKET_REVISION, ops: changeOps }));
  return (await store.applyTicketChanges(site, { changes, now, seenSince: 0 })).seq;
}

describe.each(storeKinds.map((kind) => [kind.name, kind] as const))('%s conforms to LiveStore: tickets', (_name, kind) => {
  const open = (): LiveStore => kind.open().store;
  const board = (store: LiveStore, site: string, rowsUnlessVersion: number | null = null, firstResponsesSince = 0): Promise<TicketBoardData> =>
    store.readTicketBoard(site, { day: DAY, firstResponsesSince, rowsUnlessVersion });

  it('reads an unknown site as an empty desk, at version 0', async () => {
    const store = open();
    const site = uniqueSite();
    expect(await openStates(store, site)).toEqual([]);
    expect(await board(store, site)).toEqual({ version: 0, rows: [], today: emptyTicketCounters(), firstResponses: [] });
    expect(await store.lookUpTickets(site, { eventKeys: ['generic:e1'], ticketKeys: ['generic:A'], seenSince: 0 })).toEqual({
      seenEventKeys: new Set(),
      tickets: new Map(),
      revisions: new Map([['generic:A', NO_TICKET_REVISION]]),
    });
  });

  it('keeps open tickets with their board rows, takes a solved one off them and keeps it for a reopen', async () => {
    const store = open();
    const site = uniqueSite();
    const [a, b, bDone] = [openTicket('A'), openTicket('B'), doneTicket('B')];
    await putTickets(store, site, [a, b], T0);
    expect(await openStates(store, site)).toEqual([ticketState('A'), ticketState('B')]);
    expect(byTicketId((await board(store, site)).rows ?? [])).toEqual([a, b].map((op) => op.op === 'ticket.open' && op.row));

    await putTickets(store, site, [bDone], T0);
    expect(await openStates(store, site)).toEqual([ticketState('A')]);
    expect((await board(store, site)).rows?.map((row) => row.ticketId)).toEqual(['A']);
    const lookup = await store.lookUpTickets(site, { eventKeys: [], ticketKeys: ['generic:A', 'generic:B', 'generic:C'], seenSince: 0 });
    expect(lookup.tickets).toEqual(new Map([['generic:A', ticketState('A')], ['generic:B', ticketState('B', { solved: true })]]));
    // revisions: the open one as readOpenTickets gives it, the done one its own, none for an unknown ticket
    const [openA] = await store.readOpenTickets(site);
    expect(lookup.revisions.get('generic:A')).toBe(openA?.revision);
    expect(lookup.revisions.get('generic:B')).toMatch(/^[0-9a-f]{40}$/);
    expect(lookup.revisions.get('generic:B')).not.toBe(openA?.revision);
    expect(lookup.revisions.get('generic:C')).toBe(NO_TICKET_REVISION);

    // reopened: open again, its open state the one found
    await putTickets(store, site, [b], T0);
    expect((await openStates(store, site)).map((state) => state.ticketId)).toEqual(['A', 'B']);
    expect((await store.lookUpTickets(site, { eventKeys: [], ticketKeys: ['generic:B'], seenSince: 0 })).tickets.get('generic:B')).toEqual(ticketState('B'));
  });

  it('keys tickets by source and id, so the same id from two desks is two tickets', async () => {
    const store = open();
    const site = uniqueSite();
    const generic = ticketState('5158');
    const zendesk: TicketState = { ...generic, source: 'zendesk', subject: 'from Zendesk' };
    await putTickets(store, site, [
      { op: 'ticket.open', state: generic, row: ticketRowOf(generic, plainPolicies) },
      { op: 'ticket.open', state: zendesk, row: ticketRowOf(zendesk, plainPolicies) },
    ], T0);
    const lookup = await store.lookUpTickets(site, { eventKeys: [], ticketKeys: [ticketKey(generic), ticketKey(zendesk)], seenSince: 0 });
    expect([...lookup.tickets.values()].map((state) => state.subject).sort()).toEqual(['Ticket 5158', 'from Zendesk']);
  });

  it('remembers event ids from when they were recorded, and forgets them at an apply more than the retention later', async () => {
    const store = open();
    const site = uniqueSite();
    await putTickets(store, site, [seen('generic:e1'), seen('zendesk:e1')], T0);
    const lookUp = (seenSince: number) =>
      store.lookUpTickets(site, { eventKeys: ['generic:e1', 'zendesk:e1', 'jira:e1'], ticketKeys: [], seenSince });
    expect((await lookUp(T0)).seenEventKeys).toEqual(new Set(['generic:e1', 'zendesk:e1']));
    expect((await lookUp(T0 + 1)).seenEventKeys).toEqual(new Set());

    await putTickets(store, site, [seen('generic:e2')], T0 + EVENT_IDS_MS);
    expect((await lookUp(0)).seenEventKeys).toEqual(new Set(['generic:e1', 'zendesk:e1']));
    await putTickets(store, site, [], T0 + EVENT_IDS_MS + 1);
    expect((await lookUp(0)).seenEventKeys).toEqual(new Set());
  });

  it('adds ticket counters per site day, apart from other days and sites', async () => {
    const store = open();
    const [site, other] = [uniqueSite(), uniqueSite()];
    await putTickets(store, site, [addTickets({ created: 2, 'escalated:L1>L2': 1 }), addTickets({ created: 5 }, NEXT_DAY)], T0);
    await putTickets(store, site, [addTickets({ created: 1, solved: 1, firstResponses: 1, firstResponsesWithinSla: 1 })], T0);
    await putTickets(store, other, [addTickets({ created: 9 })], T0);
    expect((await board(store, site)).today).toEqual(
      ticketCounters({ created: 3, solved: 1, firstResponses: 1, firstResponsesWithinSla: 1, 'escalated:L1>L2': 1 }),
    );
    expect((await store.readTicketBoard(site, { day: NEXT_DAY, firstResponsesSince: 0, rowsUnlessVersion: null })).today).toEqual(
      ticketCounters({ created: 5 }),
    );
    expect((await board(store, other)).today).toEqual(ticketCounters({ created: 9 }));
  });

  it('hands out first responses from the asked instant on in time order, and drops those older than the window at an apply', async () => {
    const store = open();
    const site = uniqueSite();
    const mark = (key: string, at: number, met: boolean): TicketOp => ({ op: 'firstResponse.add', ticketKey: key, at, met });
    await putTickets(store, site, [mark('generic:C', T0 + 30, true), mark('generic:A', T0 + 10, false), mark('generic:B', T0 + 20, true)], T0);
    expect((await board(store, site, null, T0 + 20)).firstResponses).toEqual([
      { ticketKey: 'generic:B', at: T0 + 20, met: true },
      { ticketKey: 'generic:C', at: T0 + 30, met: true },
    ]);
    await putTickets(store, site, [], T0 + 20 + FIRST_RESPONSES_MS);
    expect((await board(store, site)).firstResponses.map((m) => m.ticketKey)).toEqual(['generic:B', 'generic:C']);
  });

  it('moves the ticket version with every ticket apply and sends rows only when it moved', async () => {
    const store = open();
    const site = uniqueSite();
    await putTickets(store, site, [openTicket('A')], T0);
    const first = await board(store, site);
    expect(first.rows).toHaveLength(1);
    expect(await board(store, site, first.version)).toMatchObject({ version: first.version, rows: null });
    await putTickets(store, site, [addTickets({ created: 1 })], T0);
    const moved = await board(store, site, first.version);
    expect(moved.version).toBeGreaterThan(first.version);
    expect(moved.rows).toHaveLength(1);
  });

  it('shares the site seq with call applies: one step per apply of either kind that writes, none for one that writes nothing', async () => {
    const store = open();
    const site = uniqueSite();
    expect(await store.apply(site, [{ op: 'queue.put', queue: queue('sales') }])).toBe(1);
    expect(await putTickets(store, site, [openTicket('A')], T0)).toBe(2);
    expect(await putTickets(store, site, [addTickets({ created: 1 })], T0)).toBe(3);
    expect(await putTickets(store, site, [], T0)).toBe(3);
    expect(await store.readSeq(site)).toBe(3);
  });

  it('refuses a ticket batch with a bad op and applies none of it', async () => {
    const store = open();
    const site = uniqueSite();
    await putTickets(store, site, [addTickets({ created: 1 })], T0);
    const solved = ticketState('X', { solved: true });
    for (const bad of [
      addTickets({ created: 0.5 }),
      addTickets({ bogus: 1 } as Partial<TicketCounters>),
      addTickets({ created: 1 }, '3 March'),
      { op: 'ticket.open', state: solved, row: ticketRowOf(solved, plainPolicies) } as TicketOp,
      { op: 'ticket.done', state: ticketState('Y') } as TicketOp,
      { ...openTicket('Z'), row: ticketRowOf(ticketState('other'), plainPolicies) } as TicketOp,
      seen(''),
    ]) {
      await expect(putTickets(store, site, [openTicket('A'), seen('generic:e1'), addTickets({ created: 1 }), bad], T0)).rejects.toThrow(RangeError);
    }
    await expect(putTickets(store, site, [openTicket('A')], 1.5)).rejects.toThrow(RangeError);
    const fine: TicketChange = { ticketKey: 'generic:A', revision: NO_TICKET_REVISION, ops: [openTicket('A'), seen('generic:e1')] };
    for (const bad of [
      { ticketKey: 'generic:B', revision: NO_TICKET_REVISION, ops: [openTicket('A')] },
      { ticketKey: 'generic:B', revision: NO_TICKET_REVISION, ops: [{ op: 'firstResponse.add', ticketKey: 'generic:A', at: T0, met: true }] },
      { ticketKey: 'generic:B', revision: 'v1', ops: [] },
      { ticketKey: '', revision: NO_TICKET_REVISION, ops: [] },
      // a request names each ticket and each event id once
      { ticketKey: 'generic:A', revision: NO_TICKET_REVISION, ops: [] },
      { ticketKey: 'generic:B', revision: NO_TICKET_REVISION, ops: [seen('generic:e9'), seen('generic:e9')] },
    ] satisfies TicketChange[]) {
      await expect(store.applyTicketChanges(site, { changes: [fine, bad], now: T0, seenSince: 0 })).rejects.toThrow(RangeError);
    }
    await expect(store.applyTicketChanges(site, { changes: [fine], now: T0, seenSince: 0.5 })).rejects.toThrow(RangeError);
    expect(await store.readSeq(site)).toBe(1);
    expect(await board(store, site)).toMatchObject({ rows: [], today: ticketCounters({ created: 1 }) });
    expect((await store.lookUpTickets(site, { eventKeys: ['generic:e1'], ticketKeys: [], seenSince: 0 })).seenEventKeys.size).toBe(0);
  });

  it('runs concurrent ticket applies from two clients one at a time: exact sums, each seq handed out once', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite();
    const seqs = await Promise.all(
      Array.from({ length: 40 }, (_, i) => putTickets(i % 2 === 0 ? store : peer, site, [seen(`generic:e${i}`), addTickets({ created: 1 })], T0)),
    );
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect((await board(store, site)).today).toEqual(ticketCounters({ created: 40 }));
    const keys = Array.from({ length: 40 }, (_, i) => `generic:e${i}`);
    expect((await store.lookUpTickets(site, { eventKeys: keys, ticketKeys: [], seenSince: T0 })).seenEventKeys.size).toBe(40);
  });

  it('writes a change only from the revision it was made from: one made from an older read is refused and changes nothing', async () => {
    const store = open();
    const site = uniqueSite();
    // not ASCII: the revision read is the digest of the very bytes stored
    await putTickets(store, site, [openTicket('A', 'Не приходит код ✓'), doneTicket('B')], T0);
    const read = await store.lookUpTickets(site, { eventKeys: [], ticketKeys: ['generic:A', 'generic:B'], seenSince: 0 });
    const renamed = (subject: string, revision = read.revisions.get('generic:A')!): TicketChange => ({
      ticketKey: 'generic:A',
      revision,
      ops: [openTicket('A', subject), seen(`generic:${subject}`), addTickets({ created: 1 })],
    });
    const apply = (...changes: TicketChange[]) => store.applyTicketChanges(site, { changes, now: T0, seenSince: 0 });
    expect(await apply(renamed('first'))).toEqual({ applied: [true], seq: 2 });
    expect(await apply(renamed('second'))).toEqual({ applied: [false], seq: 2 });
    expect((await openStates(store, site)).map((state) => state.subject)).toEqual(['first']);
    expect((await board(store, site)).today).toEqual(ticketCounters({ created: 1 }));
    const ids = await store.lookUpTickets(site, { eventKeys: ['generic:first', 'generic:second'], ticketKeys: ['generic:A'], seenSince: 0 });
    expect(ids.seenEventKeys).toEqual(new Set(['generic:first']));

    // a done ticket is guarded by its kept record: a second creation (made from no record) is refused
    const recreated: TicketChange = { ticketKey: 'generic:B', revision: NO_TICKET_REVISION, ops: [openTicket('B')] };
    const reopened: TicketChange = { ...recreated, revision: read.revisions.get('generic:B')! };
    expect(await apply(recreated)).toEqual({ applied: [false], seq: 2 });
    // one request, decided per change: the stale one refused, the fresh one written, the seq one step up
    expect(await apply(renamed('third'), reopened)).toEqual({ applied: [false, true], seq: 3 });
    expect(await apply(renamed('fourth', ids.revisions.get('generic:A')))).toEqual({ applied: [true], seq: 4 });
    expect((await openStates(store, site)).map((state) => [state.ticketId, state.subject])).toEqual([['A', 'fourth'], ['B', 'Ticket B']]);
  });

  it('refuses a change whose event id was recorded at or after seenSince (a delivery another writer took), not one recorded before', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite();
    await putTickets(store, site, [seen('generic:e1')], T0);
    const taking = (eventKey: string, ticketId = 'X'): TicketChange => ({
      ticketKey: `generic:${ticketId}`,
      revision: NO_TICKET_REVISION,
      ops: [seen(eventKey), addTickets({ created: 1 })],
    });
    expect((await store.applyTicketChanges(site, { changes: [taking('generic:e1')], now: T0 + 10, seenSince: T0 })).applied).toEqual([false]);
    expect((await store.applyTicketChanges(site, { changes: [taking('generic:e1')], now: T0 + 10, seenSince: T0 + 1 })).applied).toEqual([true]);
    // two writers racing with the id: one takes it
    const racing = await Promise.all(
      [store, peer].map((writer, i) => writer.applyTicketChanges(site, { changes: [taking('generic:e2', `Y${i}`)], now: T0 + 10, seenSince: 0 })),
    );
    expect(racing.map((result) => result.applied[0]).sort()).toEqual([false, true]);
    expect((await board(store, site)).today).toEqual(ticketCounters({ created: 2 }));
  });

  it('decides an older update against the stored ticket: made from a read a newer update has overtaken, it is refused; reduced again, stale', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite();
    const a = ticket('A');
    await takeEvent(store, site, a.created(T0));
    const [newer, older] = [a.priority(T0 + 10 * MINUTE, 'high'), a.priority(T0 + 5 * MINUTE, 'low')];
    const readBefore = await lookUpFor(peer, site, older);
    expect(await takeEvent(store, site, newer)).toBe('accepted');
    const late = reduceTicketChange(ticketKey(older), [older], readBefore, plainPolicies, ZONE);
    expect(late.outcomes).toEqual(['accepted']);
    expect((await peer.applyTicketChanges(site, { changes: [late.change!], now: T0, seenSince: 0 })).applied).toEqual([false]);
    expect(await takeEvent(peer, site, older)).toBe('stale');
    expect((await openStates(store, site)).map((state) => state.priority)).toEqual(['high']);
    // recorded all the same, so its re-delivery is a repeat
    expect(await takeEvent(store, site, older)).toBe('duplicates');
  });

  it('applies each event exactly once when writers race: one delivery taken by many, and different updates of one ticket at once', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite();
    const a = ticket('A');
    await takeEvent(store, site, a.created(T0));
    const reply = a.replied(T0 + MINUTE);
    const outcomes = await Promise.all(Array.from({ length: 12 }, (_, i) => takeEvent(i % 2 === 0 ? store : peer, site, reply)));
    expect(outcomes.sort()).toEqual(['accepted', ...Array<string>(11).fill('duplicates')]);

    // at one instant, so none is stale: each must land on top of the others, whatever the order
    const at = T0 + 2 * MINUTE;
    const updates = [a.status(at, 'pending'), a.priority(at, 'high'), a.escalated(at, 'L2'), a.rated(at, 'good')];
    expect(await Promise.all(updates.map((event, i) => takeEvent(i % 2 === 0 ? store : peer, site, event)))).toEqual(Array(4).fill('accepted'));
    const [state] = await openStates(store, site);
    expect([state?.status, state?.priority, state?.line, state?.rating]).toEqual(['pending', 'high', 'L2', 'good']);
    expect((await board(store, site)).today).toEqual(
      ticketCounters({ created: 1, firstResponses: 1, firstResponsesWithinSla: 1, 'escalated:L1>L2': 1, ratings: 1, ratingsGood: 1 }),
    );
    expect((await board(store, site)).firstResponses).toHaveLength(1);
  });

  it('never lets a reader see half of a ticket apply', async () => {
    const { store, peer } = kind.open();
    const site = uniqueSite();
    const generation = (g: number): TicketOp[] => [openTicket('A', `gen ${g}`), openTicket('B', `gen ${g}`)];
    await putTickets(store, site, generation(0), T0);
    const writes = Array.from({ length: 30 }, (_, g) => putTickets(store, site, generation(g + 1), T0));
    const reads = Array.from({ length: 30 }, () => board(peer, site));
    await Promise.all(writes);
    for (const { rows, version } of await Promise.all(reads)) {
      expect(new Set(rows?.map((row) => row.subject)).size, `mixed generations at version ${version}`).toBe(1);
      expect(rows).toHaveLength(2);
    }
  });

  it('hands out copies: editing what was read or what was applied does not change the store', async () => {
    const store = open();
    const site = uniqueSite();
    const ops = [openTicket('A')];
    await putTickets(store, site, ops, T0);
    if (ops[0]?.op === 'ticket.open') ops[0].state.subject = 'edited after apply';
    const [{ state } = { state: undefined }] = await store.readOpenTickets(site);
    if (state) state.subject = 'edited after read';
    const read = await board(store, site);
    if (read.rows?.[0]) read.rows[0].subject = 'edited after read';
    read.today.created = 99;
    expect(await openStates(store, site)).toEqual([ticketState('A')]);
    expect((await board(store, site)).rows?.[0]?.subject).toBe('Ticket A');
    expect((await board(store, site)).today).toEqual(emptyTicketCounters());
  });
});

describe('MemoryLiveStore on its injectable clock', () => {
  it('expires a lease exactly ttl after it was taken or renewed', async () => {
    let now = T0;
    const store = new MemoryLiveStore({ now: () => now });
    expect(await store.acquireReaderLease('pbx', 'node-a', 1_000)).toBe(1);
    now += 999;
    expect(await store.acquireReaderLease('pbx', 'node-a', 1_000)).toBe(1);
    now += 999;
    expect(await store.acquireReaderLease('pbx', 'node-b', 1_000)).toBeNull();
    now += 1;
    expect(await store.acquireReaderLease('pbx', 'node-b', 1_000)).toBe(2);
  });

  it('drops counters of a period once it has gone unwritten for its retention, like a Redis TTL', async () => {
    let now = T0;
    const store = new MemoryLiveStore({ now: () => now, counterRetention: { dayMs: 10_000, intervalMs: 5_000 } });
    const site = uniqueSite();
    await store.apply(site, [add('sales', { offered: 1 })]);
    now += 5_000;
    expect(await store.readIntervalCounters(site, INTERVAL)).toEqual({});
    expect(await store.readDayCounters(site, DAY)).toEqual({ sales: counters({ offered: 1 }) });
    await store.apply(site, [add('sales', { offered: 1 }, DAY, NEXT_INTERVAL)]);
    now += 9_999;
    expect(await store.readDayCounters(site, DAY)).toEqual({ sales: counters({ offered: 2 }) });
    now += 1;
    expect(await store.readDayCounters(site, DAY)).toEqual({});
  });

  it('forgets a done ticket and ticket day counters once unwritten for their retention, like a Redis TTL', async () => {
    let now = T0;
    const store = new MemoryLiveStore({
      now: () => now,
      counterRetention: { dayMs: 10_000, intervalMs: 5_000 },
      ticketRetention: { ...DEFAULT_TICKET_RETENTION, doneTicketsMs: 3_000 },
    });
    const site = uniqueSite();
    await putTickets(store, site, [doneTicket('B'), addTickets({ solved: 1 })], T0);
    const lookUpB = () => store.lookUpTickets(site, { eventKeys: [], ticketKeys: ['generic:B'], seenSince: 0 });
    now += 2_999;
    expect((await lookUpB()).tickets.size).toBe(1);
    now += 1;
    expect((await lookUpB()).tickets.size).toBe(0);
    now += 6_999;
    expect((await store.readTicketBoard(site, { day: DAY, firstResponsesSince: 0, rowsUnlessVersion: null })).today).toEqual(
      ticketCounters({ solved: 1 }),
    );
    now += 1;
    expect((await store.readTicketBoard(site, { day: DAY, firstResponsesSince: 0, rowsUnlessVersion: null })).today).toEqual(
      emptyTicketCounters(),
    );
  });
});

describe('RedisLiveStore on data in Redis', () => {
  it('keeps all keys of a site under its hash tag, gives counters their default retention as TTL, and leaves a handed-in connection open', async () => {
    const redis = rawRedis();
    const keyPrefix = uniqueKeyPrefix();
    // a connection handed in stays the caller's: close() must leave it usable
    const store = new RedisLiveStore(redis, { keyPrefix });
    const site = uniqueSite();
    await store.apply(site, [
      { op: 'queue.put', queue: queue('sales') },
      { op: 'waiting.put', caller: caller('sales', 'c1') },
      { op: 'agent.put', agent: agent('PJSIP/1001') },
      { op: 'call.put', call: call('sales', 'c1') },
      add('sales', { offered: 1 }),
    ]);
    await store.close();

    const keys = await redis.keys(`${keyPrefix}:*`);
    expect(keys).toHaveLength(7);
    for (const key of keys) expect(key.startsWith(`${keyPrefix}:{${site}}:`), key).toBe(true);
    const dayTtl = await redis.pttl(`${keyPrefix}:{${site}}:day:${DAY}`);
    const intervalTtl = await redis.pttl(`${keyPrefix}:{${site}}:iv:${INTERVAL}`);
    expect(dayTtl).toBeGreaterThan(7 * 86_400_000);
    expect(dayTtl).toBeLessThanOrEqual(8 * 86_400_000);
    expect(intervalTtl).toBeGreaterThan(2 * 86_400_000);
    expect(intervalTtl).toBeLessThanOrEqual(3 * 86_400_000);
    expect(await redis.pttl(`${keyPrefix}:{${site}}:agents`)).toBe(-1);
  });

  it('reads a board without touching the calls hash', async () => {
    const redis = rawRedis();
    const keyPrefix = uniqueKeyPrefix();
    const store = new RedisLiveStore(redis, { keyPrefix });
    const site = uniqueSite();
    await store.apply(site, [{ op: 'queue.put', queue: queue('sales') }]);
    // Not a hash: any read of it fails with WRONGTYPE.
    await redis.set(`${keyPrefix}:{${site}}:calls`, 'not a hash');
    await expect(store.readLive(site)).rejects.toThrow(/WRONGTYPE/);
    expect((await store.readBoard(site, DAY, INTERVAL)).state.queues).toEqual({ sales: queue('sales') });
  });

  it('skips and counts entries edited into something it never writes, and reads the rest', async () => {
    const redis = rawRedis();
    const keyPrefix = uniqueKeyPrefix();
    const skipped: SkippedEntry[] = [];
    const store = new RedisLiveStore(redisUrl(), { keyPrefix, onSkippedEntry: (entry) => skipped.push(entry) });
    opened.push(store);
    const site = uniqueSite();
    await store.apply(site, [
      { op: 'agent.put', agent: agent('PJSIP/1001') },
      { op: 'queue.put', queue: queue('sales') },
      add('sales', { offered: 2 }),
    ]);
    const base = `${keyPrefix}:{${site}}`;
    await redis.hset(`${base}:agents`, 'PJSIP/bad-json', '{"id":', 'PJSIP/moved', JSON.stringify(agent('PJSIP/other')));
    await redis.hset(`${base}:agents`, 'PJSIP/no-name', JSON.stringify({ ...agent('PJSIP/no-name'), name: 42 }));
    await redis.hset(`${base}:queues`, 'array', '[1,2]');
    await redis.hset(`${base}:day:${DAY}`, 'support|offered', 'many', 'sales|bogus', '1', 'nobar', '3');

    const { state } = await store.readLive(site);
    expect(Object.keys(state.agents)).toEqual(['PJSIP/1001']);
    expect(Object.keys(state.queues)).toEqual(['sales']);
    expect(await store.readDayCounters(site, DAY)).toEqual({ sales: counters({ offered: 2 }) });
    expect(store.skippedEntries).toBe(7);
    expect(skipped).toContainEqual({ key: `${base}:agents`, field: 'PJSIP/moved', reason: 'stored under another key' });
    expect(skipped).toContainEqual({ key: `${base}:agents`, field: 'PJSIP/no-name', reason: 'field name is not string' });
  });

  it('keeps ticket keys under the site hash tag, with retention TTLs on done tickets and day counters only', async () => {
    const redis = rawRedis();
    const keyPrefix = uniqueKeyPrefix();
    const store = new RedisLiveStore(redis, { keyPrefix });
    const site = uniqueSite();
    await putTickets(
      store,
      site,
      [openTicket('A'), doneTicket('B'), seen('generic:e1'), addTickets({ created: 1 }), { op: 'firstResponse.add', ticketKey: 'generic:A', at: T0, met: true }],
      T0,
    );
    const base = `${keyPrefix}:{${site}}`;
    expect((await redis.keys(`${keyPrefix}:*`)).sort()).toEqual(
      [`${base}:seq`, `${base}:tk:day:${DAY}`, `${base}:tk:done:generic:B`, `${base}:tk:events`, `${base}:tk:fr`, `${base}:tk:open`, `${base}:tk:rows`, `${base}:tk:ver`].sort(),
    );
    const doneTtl = await redis.pttl(`${base}:tk:done:generic:B`);
    expect(doneTtl).toBeGreaterThan(13 * 86_400_000);
    expect(doneTtl).toBeLessThanOrEqual(14 * 86_400_000);
    expect(await redis.pttl(`${base}:tk:day:${DAY}`)).toBeGreaterThan(7 * 86_400_000);
    for (const key of ['tk:open', 'tk:rows', 'tk:events', 'tk:fr']) expect(await redis.pttl(`${base}:${key}`), key).toBe(-1);
  });

  it('skips and counts ticket entries edited into something it never writes, and reads the rest', async () => {
    const redis = rawRedis();
    const keyPrefix = uniqueKeyPrefix();
    const skipped: SkippedEntry[] = [];
    const store = new RedisLiveStore(redisUrl(), { keyPrefix, onSkippedEntry: (entry) => skipped.push(entry) });
    opened.push(store);
    const site = uniqueSite();
    await putTickets(store, site, [openTicket('A'), addTickets({ created: 2 })], T0);
    const base = `${keyPrefix}:{${site}}`;
    await redis.hset(`${base}:tk:rows`, 'generic:bad', '{', 'generic:moved', JSON.stringify(ticketRowOf(ticketState('other'), plainPolicies)));
    await redis.hset(`${base}:tk:open`, 'generic:odd', JSON.stringify({ ...ticketState('odd'), status: 'archived' }));
    await redis.hset(`${base}:tk:day:${DAY}`, 'created', 'lots', 'bogus', '1');
    await redis.zadd(`${base}:tk:fr`, T0, 'no-flag');

    const read = await store.readTicketBoard(site, { day: DAY, firstResponsesSince: 0, rowsUnlessVersion: null });
    expect(read.rows?.map((row) => row.ticketId)).toEqual(['A']);
    expect(read.today).toEqual(emptyTicketCounters());
    expect(read.firstResponses).toEqual([]);
    expect((await openStates(store, site)).map((state) => state.ticketId)).toEqual(['A']);
    expect(skipped).toContainEqual({ key: `${base}:tk:rows`, field: 'generic:moved', reason: 'stored under another key' });
    expect(skipped).toContainEqual({ key: `${base}:tk:open`, field: 'generic:odd', reason: 'field status is not as written' });
    expect(store.skippedEntries).toBe(6);

    // the unreadable record still has a revision, so a creation made from it replaces it
    const { tickets, revisions } = await store.lookUpTickets(site, { eventKeys: [], ticketKeys: ['generic:odd'], seenSince: 0 });
    expect(tickets.size).toBe(0);
    expect(revisions.get('generic:odd')).toBe(ticketRevision(JSON.stringify({ ...ticketState('odd'), status: 'archived' })));
    const created = openTicket('odd');
    const change = { ticketKey: 'generic:odd', revision: revisions.get('generic:odd')!, ops: [created] };
    expect((await store.applyTicketChanges(site, { changes: [change], now: T0, seenSince: 0 })).applied).toEqual([true]);
    expect((await openStates(store, site)).map((state) => state.ticketId)).toEqual(['A', 'odd']);
  });

  it('refuses a whole ticket apply that a write would fail on (a key of another type, a counter that is no number), writing none of it', async () => {
    const redis = rawRedis();
    const keyPrefix = uniqueKeyPrefix();
    const store = new RedisLiveStore(redisUrl(), { keyPrefix });
    opened.push(store);
    const site = uniqueSite();
    const base = `${keyPrefix}:{${site}}`;
    const request = () => ({
      changes: [
        { ticketKey: 'generic:A', revision: NO_TICKET_REVISION, ops: [openTicket('A'), seen('generic:e1')] },
        { ticketKey: 'generic:B', revision: NO_TICKET_REVISION, ops: [openTicket('B'), addTickets({ created: 1 })] },
      ],
      now: T0,
      seenSince: 0,
    });
    await redis.hset(`${base}:tk:day:${DAY}`, 'created', 'lots');
    await expect(store.applyTicketChanges(site, request())).rejects.toThrow(/created holds no whole number/);
    await redis.del(`${base}:tk:day:${DAY}`);
    await redis.set(`${base}:tk:rows`, 'a string where a hash belongs');
    await expect(store.applyTicketChanges(site, request())).rejects.toThrow(/WRONGTYPE/);
    expect(await redis.hlen(`${base}:tk:open`)).toBe(0);
    expect(await redis.exists(`${base}:tk:events`, `${base}:seq`)).toBe(0);
    await redis.del(`${base}:tk:rows`);
    expect((await store.applyTicketChanges(site, request())).applied).toEqual([true, true]);
  });

  it('reports a failed command of a transaction instead of hiding it', async () => {
    const redis = rawRedis();
    const keyPrefix = uniqueKeyPrefix();
    const store = new RedisLiveStore(redisUrl(), { keyPrefix });
    opened.push(store);
    const site = uniqueSite();
    await redis.set(`${keyPrefix}:{${site}}:agents`, 'a string where a hash belongs');
    await expect(store.apply(site, [add('sales', { offered: 1 }), { op: 'agent.put', agent: agent('PJSIP/1001') }])).rejects.toThrow(/WRONGTYPE/);
    // refused before any write: Redis would not roll the counters back
    expect(await store.readDayCounters(site, DAY)).toEqual({});
    expect(await store.readSeq(site)).toBe(0);
  });
});

const QUEUE_IDS = ['sales', 'support:l2', 'поддержка'];
const CALL_IDS = ['1741000000.1', '1741000000.2', '1741000000.3'];
const AGENT_IDS = ['PJSIP/1001', 'Local/1002@agents', 'SIP/1003'];
const DAYS = [DAY, NEXT_DAY];
const INTERVALS = [INTERVAL, NEXT_INTERVAL];

const queueId = fc.constantFrom(...QUEUE_IDS);
const callId = fc.constantFrom(...CALL_IDS);
const epochMs = fc.integer({ min: 0, max: 4_102_444_800_000 });
const text = fc.string({ unit: 'binary', maxLength: 12 });
/** quarter seconds add up exactly in doubles and in Redis' long doubles, so sums compare with toEqual */
const seconds = fc.integer({ min: 0, max: 40_000 }).map((quarters) => quarters / 4);

const queueArbitrary = fc.record({ id: queueId, serviceLevelSec: fc.integer({ min: 0, max: 300 }) });
const callerArbitrary = fc.record({
  queueId,
  callId,
  joinedAt: epochMs,
  position: fc.integer({ min: 1, max: 50 }),
  callerId: fc.option(text),
});
const agentArbitrary: fc.Arbitrary<AgentRecord> = fc.record({
  id: fc.constantFrom(...AGENT_IDS),
  name: text,
  memberships: fc.dictionary(queueId, fc.record({ paused: fc.boolean(), pausedReason: fc.option(text) })),
  deviceStatus: fc.integer({ min: 0, max: 8 }),
  onCall: fc.option(fc.record({ queueId, callId: fc.option(callId), since: epochMs })),
  ringingFor: fc.option(fc.record({ queueId, callId, since: epochMs })),
  wrapUntil: fc.option(epochMs),
  wrapupSec: fc.integer({ min: 0, max: 600 }),
  stateSince: epochMs,
  lastState: fc.constantFrom('available', 'busy', 'wrapup', 'paused'),
  answeredDay: fc.constantFrom(...DAYS),
  answeredToday: fc.nat(500),
});
const callArbitrary = fc.record({
  queueId,
  callId,
  joinedAt: epochMs,
  day: fc.constantFrom(...DAYS),
  intervalStart: fc.constantFrom(...INTERVALS),
  connected: fc.boolean(),
  agentId: fc.option(fc.constantFrom(...AGENT_IDS)),
  abandonHoldSec: fc.option(fc.nat(600)),
  connectedAt: fc.option(fc.nat()),
  holdSec: fc.option(fc.nat(600)),
  answeredWithinSl: fc.option(fc.boolean()),
  leftAt: fc.option(epochMs),
});
const count = fc.integer({ min: -3, max: 20 });
const deltaArbitrary: fc.Arbitrary<Partial<Counters>> = fc.record(
  {
    offered: count,
    answered: count,
    answeredWithinSl: count,
    abandoned: count,
    shortAbandoned: count,
    timedOut: count,
    handled: count,
    holdSec: seconds,
    talkSec: seconds,
    wrapSec: seconds,
  },
  { requiredKeys: [] },
);

const opArbitrary: fc.Arbitrary<LiveOp> = fc.oneof(
  fc.record({ op: fc.constant('queue.put' as const), queue: queueArbitrary }),
  fc.record({ op: fc.constant('queue.delete' as const), queueId }),
  fc.record({ op: fc.constant('waiting.put' as const), caller: callerArbitrary }),
  fc.record({ op: fc.constant('waiting.delete' as const), queueId, callId }),
  fc.record({ op: fc.constant('agent.put' as const), agent: agentArbitrary }),
  fc.record({ op: fc.constant('agent.delete' as const), agentId: fc.constantFrom(...AGENT_IDS) }),
  fc.record({ op: fc.constant('call.put' as const), call: callArbitrary }),
  fc.record({ op: fc.constant('call.delete' as const), queueId, callId }),
  fc.record({
    op: fc.constant('counters.add' as const),
    queueId,
    day: fc.constantFrom(...DAYS),
    intervalStart: fc.constantFrom(...INTERVALS),
    delta: deltaArbitrary,
  }),
  fc.record({
    op: fc.constant('live.replace' as const),
    queues: fc.array(queueArbitrary, { maxLength: 3 }),
    waiting: fc.array(callerArbitrary, { maxLength: 3 }),
    agents: fc.array(agentArbitrary, { maxLength: 3 }),
  }),
);

/** Sums every counters.add per period (day string or interval start) and queue. */
function referenceCounters(batches: readonly (readonly LiveOp[])[]): Map<string | number, Record<string, Counters>> {
  const periods = new Map<string | number, Record<string, Counters>>();
  const addTo = (period: string | number, queueId: string, delta: Partial<Counters>): void => {
    const byQueue = periods.get(period) ?? {};
    periods.set(period, byQueue);
    addCounters((byQueue[queueId] ??= emptyCounters()), delta);
  };
  for (const op of batches.flat()) {
    if (op.op !== 'counters.add') continue;
    addTo(op.day, op.queueId, op.delta);
    addTo(op.intervalStart, op.queueId, op.delta);
  }
  return periods;
}
