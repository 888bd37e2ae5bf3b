import { describe, expect, it } from 'vitest';
import { agentStateAt } from '../../../server/domain/agent-state';
import { addCounters, applyLiveOps, emptyCounters, emptyLiveState, type Counters, type LiveOp, type LiveState } from '../../../server/domain/live-state';
import type { MemberInfo, QueueEvent } from '../../../server/domain/queue-events';
import { reduceQueueEvent, sweepPendingOutcomes } from '../../../server/domain/queue-reducer';
import { testQueueRules } from '../../support/queue-rules';

const rules = testQueueRules({
  slThresholdSec: (_queue, pbx) => (pbx > 0 ? pbx : 20),
  wrapupSec: (queue) => (queue === 'support' ? 30 : 0),
});

const T0 = Date.parse('2026-11-23T09:00:00Z'); // 12:00 in Moscow

/** Runs events through the reducer like the aggregator does; returns the state and the counters per queue for the day. */
function run(events: QueueEvent[], initial: LiveState = emptyLiveState()) {
  const state = initial;
  const counters: Record<string, Counters> = {};
  for (const event of events) {
    const ops = reduceQueueEvent(state, event, rules);
    applyLiveOps(state, ops);
    for (const op of ops) {
      if (op.op === 'counters.add') addCounters((counters[op.queueId] ??= emptyCounters()), op.delta);
    }
  }
  return { state, counters };
}

function member(queueId: string, agentId: string, overrides: Partial<MemberInfo> = {}): MemberInfo {
  return {
    queueId,
    agentId,
    name: agentId.replace('PJSIP/', 'Agent '),
    deviceStatus: 1,
    paused: false,
    pausedReason: null,
    inCall: false,
    wrapupSec: 0,
    ...overrides,
  };
}

const s = (sec: number) => T0 + sec * 1000;

describe('queue reducer: call outcomes', () => {
  it('counts an answered call once with its hold, talk and the queue wrap-up, whatever order Leave and Connect come in', () => {
    for (const leaveFirst of [true, false]) {
      const connect: QueueEvent = { kind: 'agent.connected', at: s(12), queueId: 'support', callId: 'c1', agentId: 'PJSIP/1', name: 'A', holdSec: 12, ringSec: 3 };
      const leave: QueueEvent = { kind: 'caller.left', at: s(12), queueId: 'support', callId: 'c1' };
      const { state, counters } = run([
        { kind: 'member.added', at: s(0), member: member('support', 'PJSIP/1') },
        { kind: 'caller.joined', at: s(0), queueId: 'support', callId: 'c1', position: 1, callerId: '100' },
        { kind: 'agent.called', at: s(9), queueId: 'support', callId: 'c1', agentId: 'PJSIP/1', name: 'A' },
        ...(leaveFirst ? [leave, connect] : [connect, leave]),
        { kind: 'agent.completed', at: s(100), queueId: 'support', callId: 'c1', agentId: 'PJSIP/1', holdSec: 12, talkSec: 88, reason: 'caller' },
        { kind: 'channel.hungUp', at: s(100), callId: 'c1' },
      ]);
      expect(counters.support).toMatchObject({ offered: 1, answered: 1, answeredWithinSl: 1, handled: 1, holdSec: 12, talkSec: 88, wrapSec: 30, abandoned: 0, timedOut: 0 });
      expect(state.calls).toEqual({});
      expect(state.waiting).toEqual({});
      expect(agentStateAt(state.agents['PJSIP/1']!, s(110))).toEqual({ state: 'wrapup', since: s(100) });
      expect(agentStateAt(state.agents['PJSIP/1']!, s(131))).toEqual({ state: 'available', since: s(130) });
    }
  });

  it("carries the caller's number, normalised, from the join to the history row; a withheld one is null", () => {
    const rows: { callId: string; callerId: string | null }[] = [];
    const state = emptyLiveState();
    const events: QueueEvent[] = [
      { kind: 'caller.joined', at: s(0), queueId: 'support', callId: 'n1', position: 1, callerId: '+7 916 123-45-67' },
      { kind: 'caller.joined', at: s(1), queueId: 'support', callId: 'n2', position: 2, callerId: 'anonymous' },
      ...['n1', 'n2'].flatMap((callId): QueueEvent[] => [
        { kind: 'caller.abandonRaised', at: s(30), queueId: 'support', callId, holdSec: 30 },
        { kind: 'caller.left', at: s(30), queueId: 'support', callId },
        { kind: 'channel.hungUp', at: s(30), callId },
      ]),
    ];
    for (const event of events) {
      const ops = reduceQueueEvent(state, event, rules);
      applyLiveOps(state, ops);
      for (const op of ops) if (op.op === 'history.call') rows.push({ callId: op.call.callId, callerId: op.call.callerId });
    }
    expect(rows).toEqual([
      { callId: 'n1', callerId: '79161234567' },
      { callId: 'n2', callerId: null },
    ]);
  });

  it('tells a caller who hung up from one who timed out, although Asterisk raised QueueCallerAbandon for both', () => {
    const { counters, state } = run([
      { kind: 'caller.joined', at: s(0), queueId: 'sales', callId: 'hang', position: 1, callerId: null },
      { kind: 'caller.joined', at: s(1), queueId: 'sales', callId: 'tout', position: 2, callerId: null },
      { kind: 'caller.abandonRaised', at: s(40), queueId: 'sales', callId: 'hang', holdSec: 40 },
      { kind: 'caller.left', at: s(40), queueId: 'sales', callId: 'hang' },
      { kind: 'channel.hungUp', at: s(40), callId: 'hang' },
      { kind: 'caller.abandonRaised', at: s(61), queueId: 'sales', callId: 'tout', holdSec: 60 },
      { kind: 'caller.left', at: s(61), queueId: 'sales', callId: 'tout' },
      { kind: 'caller.exitStatus', at: s(61), callId: 'tout', status: 'TIMEOUT' },
      { kind: 'channel.hungUp', at: s(70), callId: 'tout' },
    ]);
    expect(counters.sales).toMatchObject({ offered: 2, abandoned: 1, shortAbandoned: 0, timedOut: 1, answered: 0 });
    expect(state.calls).toEqual({});
  });

  it('counts an abandon after less than the short-abandon time as short', () => {
    const { counters } = run([
      { kind: 'caller.joined', at: s(0), queueId: 'sales', callId: 'x', position: 1, callerId: null },
      { kind: 'caller.abandonRaised', at: s(3), queueId: 'sales', callId: 'x', holdSec: 3 },
      { kind: 'caller.left', at: s(3), queueId: 'sales', callId: 'x' },
      { kind: 'channel.hungUp', at: s(3), callId: 'x' },
    ]);
    expect(counters.sales).toMatchObject({ abandoned: 1, shortAbandoned: 1 });
  });

  it('decides a leave that never got QUEUESTATUS or Hangup after the grace time, by whether Asterisk raised an abandon', () => {
    const { state, counters } = run([
      { kind: 'caller.joined', at: s(0), queueId: 'sales', callId: 'a', position: 1, callerId: null },
      { kind: 'caller.joined', at: s(0), queueId: 'sales', callId: 'k', position: 2, callerId: null },
      { kind: 'caller.abandonRaised', at: s(20), queueId: 'sales', callId: 'a', holdSec: 20 },
      { kind: 'caller.left', at: s(20), queueId: 'sales', callId: 'a' },
      { kind: 'caller.left', at: s(25), queueId: 'sales', callId: 'k' }, // exit with key: no abandon raised
    ]);
    expect(sweepPendingOutcomes(state, s(29), rules)).toEqual([]);
    const ops = sweepPendingOutcomes(state, s(40), rules);
    applyLiveOps(state, ops);
    for (const op of ops) if (op.op === 'counters.add') addCounters((counters.sales ??= emptyCounters()), op.delta);
    expect(counters.sales).toMatchObject({ offered: 2, abandoned: 1, timedOut: 1 });
    expect(state.calls).toEqual({});
  });

  it('offers a blind-transferred call to the second queue with the same Uniqueid', () => {
    const { counters } = run([
      { kind: 'caller.joined', at: s(0), queueId: 'sales', callId: 'u', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(5), queueId: 'sales', callId: 'u', agentId: 'PJSIP/1', name: 'A', holdSec: 5, ringSec: 2 },
      { kind: 'caller.left', at: s(5), queueId: 'sales', callId: 'u' },
      { kind: 'agent.completed', at: s(50), queueId: 'sales', callId: 'u', agentId: 'PJSIP/1', holdSec: 5, talkSec: 45, reason: 'transfer' },
      { kind: 'caller.joined', at: s(50), queueId: 'billing', callId: 'u', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(80), queueId: 'billing', callId: 'u', agentId: 'PJSIP/2', name: 'B', holdSec: 30, ringSec: 2 },
      { kind: 'caller.left', at: s(80), queueId: 'billing', callId: 'u' },
    ]);
    expect(counters.sales).toMatchObject({ offered: 1, answered: 1, answeredWithinSl: 1, handled: 1 });
    expect(counters.billing).toMatchObject({ offered: 1, answered: 1, answeredWithinSl: 0, holdSec: 30 });
  });

  it('matches an AgentComplete without the caller fields by queue and member', () => {
    const { counters, state } = run([
      { kind: 'caller.joined', at: s(0), queueId: 'sales', callId: 'u', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(5), queueId: 'sales', callId: 'u', agentId: 'PJSIP/1', name: 'A', holdSec: 5, ringSec: 2 },
      { kind: 'agent.completed', at: s(50), queueId: 'sales', callId: null, agentId: 'PJSIP/1', holdSec: 5, talkSec: 45, reason: 'caller' },
    ]);
    expect(counters.sales).toMatchObject({ handled: 1, talkSec: 45 });
    expect(state.calls).toEqual({});
  });

  it('counts answered, hold and the SL verdict at AgentConnect, then handled, talk and wrap-up at AgentComplete', () => {
    const state = emptyLiveState();
    const step = (event: QueueEvent) => {
      const ops = reduceQueueEvent(state, event, rules);
      applyLiveOps(state, ops);
      return ops.flatMap((op) => (op.op === 'counters.add' ? [op.delta] : []));
    };
    expect(step({ kind: 'caller.joined', at: s(0), queueId: 'support', callId: 'c', position: 1, callerId: null })).toEqual([{ offered: 1 }]);
    expect(step({ kind: 'agent.connected', at: s(7), queueId: 'support', callId: 'c', agentId: 'PJSIP/1', name: 'A', holdSec: 7, ringSec: 1 })).toEqual([
      { answered: 1, answeredWithinSl: 1, holdSec: 7 },
    ]);
    expect(step({ kind: 'agent.completed', at: s(67), queueId: 'support', callId: 'c', agentId: 'PJSIP/1', holdSec: 7, talkSec: 60, reason: 'caller' })).toEqual([
      { handled: 1, talkSec: 60, wrapSec: 30 },
    ]);
  });

  it('counts an AgentComplete without a tracked call nowhere and records no row for it, but ends the agent\'s call', () => {
    const { state } = run([
      { kind: 'member.added', at: s(0), member: member('support', 'PJSIP/1', { inCall: true, deviceStatus: 2 }) },
    ]);
    const ops = reduceQueueEvent(state, { kind: 'agent.completed', at: s(90), queueId: 'support', callId: 'x', agentId: 'PJSIP/1', holdSec: 10, talkSec: 80, reason: 'caller' }, rules);
    expect(ops.filter((op) => op.op === 'counters.add' || op.op === 'history.call')).toEqual([]);
    applyLiveOps(state, ops);
    expect(agentStateAt(state.agents['PJSIP/1']!, s(100)).state).toBe('wrapup');
  });

  it('does not count a repeated join twice', () => {
    const join: QueueEvent = { kind: 'caller.joined', at: s(0), queueId: 'sales', callId: 'u', position: 1, callerId: null };
    expect(run([join, join]).counters.sales?.offered).toBe(1);
  });

  it('counts a call in the 15-minute interval and day it entered, in site time', () => {
    const lateEvening = Date.parse('2026-11-23T20:59:59Z'); // 23:59:59 Moscow
    const state = emptyLiveState();
    const join = reduceQueueEvent(state, { kind: 'caller.joined', at: lateEvening, queueId: 'q', callId: 'n', position: 1, callerId: null }, rules);
    applyLiveOps(state, join);
    const connect = reduceQueueEvent(state, { kind: 'agent.connected', at: lateEvening + 10_000, queueId: 'q', callId: 'n', agentId: 'PJSIP/1', name: 'A', holdSec: 10, ringSec: 1 }, rules);
    const adds = [...join, ...connect].filter((op) => op.op === 'counters.add');
    expect(adds.map((op) => op.op === 'counters.add' && [op.day, new Date(op.intervalStart).toISOString()])).toEqual([
      ['2026-11-23', '2026-11-23T20:45:00.000Z'],
      ['2026-11-23', '2026-11-23T20:45:00.000Z'],
    ]);
  });
});

describe('queue reducer: agents', () => {
  it('shows a pause with its reason, and an unpause as available although Asterisk keeps the reason', () => {
    const { state } = run([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.paused', at: s(10), queueId: 'sales', agentId: 'PJSIP/1', paused: true, reason: 'Lunch' },
    ]);
    const agent = state.agents['PJSIP/1']!;
    expect(agentStateAt(agent, s(20))).toEqual({ state: 'paused', since: s(10) });
    const after = run([{ kind: 'member.paused', at: s(40), queueId: 'sales', agentId: 'PJSIP/1', paused: false, reason: 'Lunch' }], state).state;
    expect(agentStateAt(after.agents['PJSIP/1']!, s(41))).toEqual({ state: 'available', since: s(40) });
  });

  it('leaves the state it read as it was when a membership changes, and gives spans of unchanged memberships one list', () => {
    const state = emptyLiveState();
    const spans: LiveOp[] = [];
    const reduce = (events: QueueEvent[]): void => {
      for (const event of events) {
        const eventOps = reduceQueueEvent(state, event, rules);
        applyLiveOps(state, eventOps);
        spans.push(...eventOps.filter((op) => op.op === 'history.agentState'));
      }
    };
    reduce([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.added', at: s(0), member: member('support', 'PJSIP/1') },
      { kind: 'caller.joined', at: s(1), queueId: 'sales', callId: 'c1', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(5), queueId: 'sales', callId: 'c1', agentId: 'PJSIP/1', name: 'A', holdSec: 4, ringSec: 1 },
    ]);
    const before = state.agents['PJSIP/1']!;
    const memberships = before.memberships;
    const ops = reduceQueueEvent(state, { kind: 'member.paused', at: s(10), queueId: 'sales', agentId: 'PJSIP/1', paused: true, reason: 'Lunch' }, rules);
    expect(state.agents['PJSIP/1']).toBe(before);
    expect(before.memberships).toBe(memberships);
    expect(memberships).toEqual({ sales: { paused: false, pausedReason: null }, support: { paused: false, pausedReason: null } });
    const put = ops.find((op) => op.op === 'agent.put');
    expect(put?.op === 'agent.put' && put.agent.memberships.sales).toEqual({ paused: true, pausedReason: 'Lunch' });

    // available, then busy: the memberships did not change in between, so the two spans share one list.
    reduce([
      { kind: 'agent.completed', at: s(60), queueId: 'sales', callId: 'c1', agentId: 'PJSIP/1', holdSec: 4, talkSec: 55, reason: 'caller' },
      { kind: 'member.removed', at: s(300), queueId: 'support', agentId: 'PJSIP/1' },
    ]);
    const lists = spans.map((op) => (op.op === 'history.agentState' ? op.span.queues : null));
    expect(spans.map((op) => (op.op === 'history.agentState' ? op.span.state : null))).toEqual(['available', 'busy']);
    for (const list of lists) expect(list).toBe(lists[0]);
  });

  it('is paused only when paused in every queue it belongs to', () => {
    const { state } = run([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.added', at: s(0), member: member('support', 'PJSIP/1') },
      { kind: 'member.paused', at: s(10), queueId: 'sales', agentId: 'PJSIP/1', paused: true, reason: 'Break' },
    ]);
    expect(agentStateAt(state.agents['PJSIP/1']!, s(11)).state).toBe('available');
    run([{ kind: 'member.paused', at: s(12), queueId: 'support', agentId: 'PJSIP/1', paused: true, reason: 'Break' }], state);
    expect(agentStateAt(state.agents['PJSIP/1']!, s(13))).toEqual({ state: 'paused', since: s(12) });
  });

  it('rings, stops ringing on no answer, and stops every ringing agent when another answers', () => {
    const { state } = run([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/2') },
      { kind: 'caller.joined', at: s(0), queueId: 'sales', callId: 'u', position: 1, callerId: null },
      { kind: 'agent.called', at: s(1), queueId: 'sales', callId: 'u', agentId: 'PJSIP/1', name: 'A' },
      { kind: 'agent.called', at: s(1), queueId: 'sales', callId: 'u', agentId: 'PJSIP/2', name: 'B' },
    ]);
    expect(agentStateAt(state.agents['PJSIP/1']!, s(2)).state).toBe('ringing');
    run([{ kind: 'agent.connected', at: s(4), queueId: 'sales', callId: 'u', agentId: 'PJSIP/2', name: 'B', holdSec: 4, ringSec: 3 }], state);
    expect(agentStateAt(state.agents['PJSIP/1']!, s(5))).toEqual({ state: 'available', since: s(4) });
    expect(agentStateAt(state.agents['PJSIP/2']!, s(5))).toEqual({ state: 'busy', since: s(4) });
    expect(state.agents['PJSIP/2']!.answeredToday).toBe(1);
  });

  it('keeps a logged-out agent on the board as logged out', () => {
    const { state } = run([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.removed', at: s(9), queueId: 'sales', agentId: 'PJSIP/1' },
    ]);
    expect(agentStateAt(state.agents['PJSIP/1']!, s(10))).toEqual({ state: 'loggedOut', since: s(9) });
  });
});

describe('queue reducer: QueueStatus resync', () => {
  it('replaces queues, waiting callers and agents, keeps known join times and counts callers it never saw join', () => {
    const { state } = run([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/9') },
      { kind: 'caller.joined', at: s(1), queueId: 'sales', callId: 'known', position: 1, callerId: null },
    ]);
    const counters: Record<string, Counters> = {};
    const ops = reduceQueueEvent(
      state,
      {
        kind: 'queue.resync',
        at: s(30),
        queues: [{ queueId: 'sales', serviceLevelSec: 30 }],
        members: [member('sales', 'PJSIP/1', { inCall: true, deviceStatus: 2 })],
        entries: [
          { queueId: 'sales', callId: 'known', position: 1, callerId: null, joinedAt: s(1) - 400 },
          { queueId: 'sales', callId: 'new', position: 2, callerId: '555', joinedAt: s(20) },
        ],
      },
      rules,
    );
    applyLiveOps(state, ops);
    for (const op of ops) if (op.op === 'counters.add') addCounters((counters[op.queueId] ??= emptyCounters()), op.delta);
    expect(state.queues).toEqual({ sales: { id: 'sales', serviceLevelSec: 30 } });
    expect(state.waiting['sales|known']?.joinedAt).toBe(s(1));
    expect(state.waiting['sales|new']?.joinedAt).toBe(s(20));
    expect(counters.sales?.offered).toBe(1);
    expect(agentStateAt(state.agents['PJSIP/1']!, s(31)).state).toBe('busy');
    expect(agentStateAt(state.agents['PJSIP/9']!, s(31)).state).toBe('loggedOut');
  });
});

describe('queue reducer: history facts', () => {
  function historyOf(events: QueueEvent[]) {
    const state = emptyLiveState();
    const facts: LiveOp[] = [];
    for (const event of events) {
      const ops = reduceQueueEvent(state, event, rules);
      applyLiveOps(state, ops);
      facts.push(...ops.filter((op) => op.op === 'history.call' || op.op === 'history.agentState' || op.op === 'history.ringNoAnswer'));
    }
    return facts;
  }

  it('records one row per finished call with its outcome, times and SL verdict', () => {
    const facts = historyOf([
      { kind: 'caller.joined', at: s(0), queueId: 'support', callId: 'a', position: 1, callerId: null },
      { kind: 'caller.joined', at: s(1), queueId: 'support', callId: 'b', position: 2, callerId: null },
      { kind: 'agent.connected', at: s(25), queueId: 'support', callId: 'a', agentId: 'PJSIP/1', name: 'A', holdSec: 25, ringSec: 2 },
      { kind: 'caller.left', at: s(25), queueId: 'support', callId: 'a' },
      { kind: 'caller.abandonRaised', at: s(4), queueId: 'support', callId: 'b', holdSec: 3 },
      { kind: 'caller.left', at: s(4), queueId: 'support', callId: 'b' },
      { kind: 'channel.hungUp', at: s(4), callId: 'b' },
      { kind: 'agent.completed', at: s(85), queueId: 'support', callId: 'a', agentId: 'PJSIP/1', holdSec: 25, talkSec: 60, reason: 'agent' },
    ]);
    const rows = facts.flatMap((op) => (op.op === 'history.call' ? [op.call] : []));
    expect(rows).toEqual([
      expect.objectContaining({ callId: 'b', outcome: 'abandoned', waitSec: 3, shortAbandon: true, answeredAt: null, endedAt: s(4) }),
      expect.objectContaining({ callId: 'a', outcome: 'answered', enteredAt: s(0), answeredAt: s(25), endedAt: s(85), waitSec: 25, talkSec: 60, wrapSec: 30, agentId: 'PJSIP/1', answeredWithinSl: false }),
    ]);
  });

  it('records the spans an agent spent in each state, a wrap-up ending at its own time', () => {
    const facts = historyOf([
      { kind: 'member.added', at: s(0), member: member('support', 'PJSIP/1') },
      { kind: 'caller.joined', at: s(0), queueId: 'support', callId: 'a', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(10), queueId: 'support', callId: 'a', agentId: 'PJSIP/1', name: 'A', holdSec: 10, ringSec: 0 },
      { kind: 'agent.completed', at: s(70), queueId: 'support', callId: 'a', agentId: 'PJSIP/1', holdSec: 10, talkSec: 60, reason: 'agent' },
      { kind: 'member.paused', at: s(200), queueId: 'support', agentId: 'PJSIP/1', paused: true, reason: 'Lunch' },
    ]);
    const spans = facts.flatMap((op) => (op.op === 'history.agentState' ? [[op.span.state, op.span.from, op.span.to]] : []));
    expect(spans).toEqual([
      ['available', s(0), s(10)],
      ['busy', s(10), s(70)],
      ['wrapup', s(70), s(100)],
      ['available', s(100), s(200)],
    ]);
  });

  const pausedSpans = (facts: LiveOp[]) =>
    facts.flatMap((op) => (op.op === 'history.agentState' ? [[op.span.state, op.span.from, op.span.to, op.span.pauseReason]] : []));

  it('gives a paused span its reason, a new reason while paused a new span, and other spans none', () => {
    const facts = historyOf([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.added', at: s(0), member: member('support', 'PJSIP/1') },
      // A pause without a queue name: one event per queue; paused once both are.
      { kind: 'member.paused', at: s(100), queueId: 'sales', agentId: 'PJSIP/1', paused: true, reason: 'Break' },
      { kind: 'member.paused', at: s(100), queueId: 'support', agentId: 'PJSIP/1', paused: true, reason: 'Break' },
      // Paused again, now for lunch: the break ends here.
      { kind: 'member.paused', at: s(400), queueId: 'sales', agentId: 'PJSIP/1', paused: true, reason: 'Lunch' },
      { kind: 'member.paused', at: s(400), queueId: 'support', agentId: 'PJSIP/1', paused: true, reason: 'Lunch' },
      // The unpause keeps the reason (Asterisk does): the span after it is available, without a reason.
      { kind: 'member.paused', at: s(2200), queueId: 'sales', agentId: 'PJSIP/1', paused: false, reason: 'Lunch' },
      { kind: 'member.paused', at: s(2300), queueId: 'sales', agentId: 'PJSIP/1', paused: true, reason: null },
      { kind: 'member.removed', at: s(2500), queueId: 'sales', agentId: 'PJSIP/1' },
      { kind: 'member.removed', at: s(2500), queueId: 'support', agentId: 'PJSIP/1' },
    ]);
    expect(pausedSpans(facts)).toEqual([
      ['available', s(0), s(100), null],
      ['paused', s(100), s(400), 'Break'],
      ['paused', s(400), s(2200), 'Lunch'],
      ['available', s(2200), s(2300), null],
      // Sales paused again without a reason while support never left its lunch: the reason is support's.
      ['paused', s(2300), s(2500), 'Lunch'],
    ]);
  });

  it('takes the reason of the per-queue lines that follow a PAUSEALL without one (queue_log)', () => {
    const facts = historyOf([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.paused', at: s(60), queueId: 'sales', agentId: 'PJSIP/1', paused: true, reason: null },
      { kind: 'member.paused', at: s(60), queueId: 'sales', agentId: 'PJSIP/1', paused: true, reason: 'Training' },
      { kind: 'member.paused', at: s(960), queueId: 'sales', agentId: 'PJSIP/1', paused: false, reason: null },
      { kind: 'member.paused', at: s(1000), queueId: 'sales', agentId: 'PJSIP/1', paused: true, reason: null },
      { kind: 'member.paused', at: s(1100), queueId: 'sales', agentId: 'PJSIP/1', paused: false, reason: null },
    ]);
    expect(pausedSpans(facts)).toEqual([
      ['available', s(0), s(60), null],
      ['paused', s(60), s(960), 'Training'],
      ['available', s(960), s(1000), null],
      ['paused', s(1000), s(1100), null],
    ]);
  });

  it('records every ring not answered with agent, queue, call, time and ring time, known agent or not', () => {
    const facts = historyOf([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'caller.joined', at: s(0), queueId: 'sales', callId: 'c1', position: 1, callerId: null },
      { kind: 'agent.called', at: s(1), queueId: 'sales', callId: 'c1', agentId: 'PJSIP/1', name: 'A' },
      { kind: 'agent.ringNoAnswer', at: s(16), queueId: 'sales', callId: 'c1', agentId: 'PJSIP/1', ringMs: 15000 },
      { kind: 'agent.ringNoAnswer', at: s(40), queueId: 'sales', callId: 'c1', agentId: 'PJSIP/9', ringMs: 14500 },
    ]);
    expect(facts.flatMap((op) => (op.op === 'history.ringNoAnswer' ? [op.ring] : []))).toEqual([
      { agentId: 'PJSIP/1', queueId: 'sales', callId: 'c1', at: s(16), ringMs: 15000 },
      { agentId: 'PJSIP/9', queueId: 'sales', callId: 'c1', at: s(40), ringMs: 14500 },
    ]);
  });
});

describe('queue reducer: bounded live state', () => {
  const hour = 3600;
  const countersOf = (ops: LiveOp[]) => {
    const counters: Record<string, Counters> = {};
    for (const op of ops) if (op.op === 'counters.add') addCounters((counters[op.queueId] ??= emptyCounters()), op.delta);
    return counters;
  };

  it('decides calls older than the age cap: a connected one is handled with its talk until then, a waiting one times out', () => {
    const { state, counters } = run([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'caller.joined', at: s(10), queueId: 'sales', callId: 'talking', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(15), queueId: 'sales', callId: 'talking', agentId: 'PJSIP/1', name: 'Anna', holdSec: 5, ringSec: 1 },
      { kind: 'caller.left', at: s(15), queueId: 'sales', callId: 'talking' },
      // AgentComplete lost; a caller whose Leave was lost
      { kind: 'caller.joined', at: s(20), queueId: 'sales', callId: 'stuck', position: 1, callerId: null },
    ]);
    expect(sweepPendingOutcomes(state, s(10 + 4 * hour - 1), rules)).toEqual([]);
    const ops = sweepPendingOutcomes(state, s(20 + 4 * hour), rules);
    applyLiveOps(state, ops);
    for (const [queueId, delta] of Object.entries(countersOf(ops))) addCounters((counters[queueId] ??= emptyCounters()), delta);
    expect(state.calls).toEqual({});
    expect(state.waiting).toEqual({});
    expect(counters.sales).toMatchObject({ offered: 2, answered: 1, handled: 1, timedOut: 1, talkSec: 4 * hour + 5, wrapSec: 0 });
    expect(agentStateAt(state.agents['PJSIP/1']!, s(20 + 4 * hour)).state).toBe('available');
    const rows = ops.flatMap((op) => (op.op === 'history.call' ? [op.call] : []));
    expect(rows.map((r) => [r.callId, r.outcome, r.talkSec])).toEqual([
      ['talking', 'answered', 4 * hour + 5],
      ['stuck', 'timedOut', 0],
    ]);
  });

  it('a resync closes connected calls whose agent the PBX no longer shows on a call, once', () => {
    const { state } = run([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/2') },
      { kind: 'caller.joined', at: s(10), queueId: 'sales', callId: 'gone', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(12), queueId: 'sales', callId: 'gone', agentId: 'PJSIP/1', name: 'Anna', holdSec: 2, ringSec: 1 },
      { kind: 'caller.joined', at: s(20), queueId: 'sales', callId: 'still', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(22), queueId: 'sales', callId: 'still', agentId: 'PJSIP/2', name: 'Boris', holdSec: 2, ringSec: 1 },
    ]);
    const resync: QueueEvent = {
      kind: 'queue.resync',
      at: s(100),
      queues: [{ queueId: 'sales', serviceLevelSec: 20 }],
      members: [member('sales', 'PJSIP/1'), member('sales', 'PJSIP/2', { inCall: true, deviceStatus: 2 })],
      entries: [],
    };
    const ops = reduceQueueEvent(state, resync, rules);
    applyLiveOps(state, ops);
    expect(Object.keys(state.calls)).toEqual(['sales|still']);
    expect(countersOf(ops).sales).toEqual({ ...emptyCounters(), handled: 1, talkSec: 88 });
    expect(countersOf(reduceQueueEvent(state, { ...resync, at: s(200) }, rules))).toEqual({});
  });

  it('an AgentComplete without the caller ends the call the member is on, not an older one whose AgentComplete was lost', () => {
    const { state } = run([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'caller.joined', at: s(10), queueId: 'sales', callId: 'lost', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(12), queueId: 'sales', callId: 'lost', agentId: 'PJSIP/1', name: 'Anna', holdSec: 2, ringSec: 1 },
      { kind: 'caller.joined', at: s(300), queueId: 'sales', callId: 'now', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(302), queueId: 'sales', callId: 'now', agentId: 'PJSIP/1', name: 'Anna', holdSec: 2, ringSec: 1 },
      { kind: 'agent.completed', at: s(400), queueId: 'sales', callId: null, agentId: 'PJSIP/1', holdSec: 2, talkSec: 98, reason: 'caller' },
    ]);
    expect(Object.keys(state.calls)).toEqual(['sales|lost']);
  });

  it('removes an agent logged out of every queue for longer than the forget time, with its last span', () => {
    const { state } = run([
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/1') },
      { kind: 'member.added', at: s(0), member: member('sales', 'PJSIP/2') },
      { kind: 'member.removed', at: s(60), queueId: 'sales', agentId: 'PJSIP/1' },
    ]);
    expect(sweepPendingOutcomes(state, s(60 + 12 * hour - 1), rules)).toEqual([]);
    const ops = sweepPendingOutcomes(state, s(60 + 12 * hour), rules);
    expect(ops).toEqual([
      { op: 'history.agentState', span: { agentId: 'PJSIP/1', state: 'loggedOut', from: s(60), to: s(60 + 12 * hour), queues: [], pauseReason: null } },
      { op: 'agent.delete', agentId: 'PJSIP/1' },
    ]);
  });
});
