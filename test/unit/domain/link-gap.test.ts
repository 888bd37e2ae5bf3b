import { describe, expect, it } from 'vitest';
import { pickGapExits, type GapExit } from '../../../server/domain/gap-exits';
import { reckonGap, type PbxQueueParams } from '../../../server/domain/link-gap';
import { addCounters, applyLiveOps, emptyCounters, emptyLiveState, type Counters, type LiveState } from '../../../server/domain/live-state';
import type { MemberInfo, QueueEvent } from '../../../server/domain/queue-events';
import { reduceQueueEvent, sweepPendingOutcomes } from '../../../server/domain/queue-reducer';
import { testQueueRules } from '../../support/queue-rules';

const rules = testQueueRules({ wrapupSec: () => 10 });

const T0 = Date.parse('2026-11-23T09:00:00Z'); // 12:00 in Moscow
const s = (sec: number) => T0 + sec * 1000;

const params = (completed: number, abandoned: number): PbxQueueParams => ({
  completed,
  abandoned,
  serviceLevelPerfPct: 50,
  holdtimeSec: 12,
  talktimeSec: 100,
});

function member(agentId: string, overrides: Partial<MemberInfo> = {}): MemberInfo {
  return { queueId: 'sales', agentId, name: agentId, deviceStatus: 1, paused: false, pausedReason: null, inCall: false, wrapupSec: 0, ...overrides };
}

const resync = (at: number, pbx: PbxQueueParams, members: MemberInfo[], entries: { callId: string; joinedAt: number }[] = []): QueueEvent => ({
  kind: 'queue.resync',
  at,
  queues: [{ queueId: 'sales', serviceLevelSec: 20, pbx }],
  members,
  entries: entries.map((e, i) => ({ queueId: 'sales', callId: e.callId, position: i + 1, callerId: null, joinedAt: e.joinedAt })),
});

/** Runs events like the aggregator; returns the state and the day's counters of `sales`. */
function run(events: QueueEvent[], state: LiveState = emptyLiveState()) {
  const counters: Counters = emptyCounters();
  for (const event of events) {
    const ops = reduceQueueEvent(state, event, rules);
    applyLiveOps(state, ops);
    for (const op of ops) if (op.op === 'counters.add') addCounters(counters, op.delta);
  }
  return { state, counters };
}

describe('reckonGap: the calls a link gap hid, from the PBX counters before and after', () => {
  const before = { completed: 100, abandoned: 10, at: s(0) };

  it('counts the completions the board did not close itself as answered and handled, every abandon as abandoned, each offered', () => {
    expect(reckonGap(before, params(105, 12), { closed: 1, goneWaiting: 2 }, 10)).toEqual({
      kind: 'estimated',
      delta: { offered: 6, answered: 4, answeredWithinSl: 2, abandoned: 2, handled: 4, holdSec: 48, talkSec: 400, wrapSec: 40 },
    });
  });

  it('finds nothing when the counters did not move and no caller the board had went missing', () => {
    expect(reckonGap(before, params(100, 10), { closed: 0, goneWaiting: 0 }, 10)).toEqual({ kind: 'none' });
  });

  it('cannot count a gap across a PBX restart (the counters went back)', () => {
    expect(reckonGap(before, params(3, 0), { closed: 0, goneWaiting: 0 }, 10)).toEqual({ kind: 'unknown' });
  });
});

describe('a resync after a link gap', () => {
  it('books the gap from the counters, takes back the offer of callers who left in it, and counts the rest as the PBX saw it', () => {
    const { state, counters } = run([
      resync(s(0), params(100, 10), [member('A'), member('B')]),
      // seen live: w1 and w2 join, A answers w1 and completes it (the PBX counts that one, and so does the board)
      { kind: 'caller.joined', at: s(10), queueId: 'sales', callId: 'w1', position: 1, callerId: null },
      { kind: 'caller.joined', at: s(20), queueId: 'sales', callId: 'w2', position: 2, callerId: null },
      { kind: 'agent.connected', at: s(30), queueId: 'sales', callId: 'w1', agentId: 'A', name: 'A', holdSec: 20, ringSec: 1 },
      { kind: 'caller.left', at: s(30), queueId: 'sales', callId: 'w1' },
      { kind: 'agent.completed', at: s(90), queueId: 'sales', callId: 'w1', agentId: 'A', holdSec: 20, talkSec: 60, reason: 'agent' },
    ]);
    expect(state.queues.sales?.pbxCounts).toEqual({ completed: 101, abandoned: 10, at: s(90), lastCallId: 'w1' });
    expect(counters).toMatchObject({ offered: 2, answered: 1, handled: 1 });

    // The gap, 90 s to 600 s: w2 was answered by B and is still talking; 3 other calls completed
    // and 2 callers abandoned, none of which the board heard of.
    const after = run([resync(s(600), params(104, 12), [member('A'), member('B', { inCall: true, lastCallSec: 0 })])], state);
    // w2's offer is taken back where it joined; 3 completed + 2 abandoned were offered
    expect(after.counters).toMatchObject({ offered: -1 + 5, answered: 3, handled: 3, abandoned: 2, talkSec: 300, holdSec: 36, wrapSec: 30 });
    expect(after.state.calls).toEqual({});
    expect(after.state.queues.sales?.linkGaps).toEqual([{ from: s(90), to: s(600), calls: 'estimated' }]);
    expect(after.state.queues.sales?.pbxCounts).toEqual({ completed: 104, abandoned: 12, at: s(600), lastCallId: null });

    // w2's end: counted whole where hold and talk say it entered, offer included
    const ended = run(
      [{ kind: 'agent.completed', at: s(700), queueId: 'sales', callId: 'w2', agentId: 'B', holdSec: 100, talkSec: 580, reason: 'caller' }],
      after.state,
    );
    expect(ended.counters).toMatchObject({ offered: 1, answered: 1, handled: 1, talkSec: 580, holdSec: 100 });
    // over the three runs: 2 + 4 + 1 = 7 offered (w1, w2 once, 5 in the gap), 1 + 3 + 1 = 5 handled as the PBX's 105 - 100
    expect(ended.state.queues.sales?.pbxCounts).toMatchObject({ completed: 105 });
  });

  it('closes a connected call whose agent ended a call after it connected, even on another call now', () => {
    const { state } = run([
      resync(s(0), params(0, 0), [member('A')]),
      { kind: 'caller.joined', at: s(10), queueId: 'sales', callId: 'c1', position: 1, callerId: null },
      { kind: 'agent.connected', at: s(20), queueId: 'sales', callId: 'c1', agentId: 'A', name: 'A', holdSec: 10, ringSec: 1 },
    ]);
    const { counters } = run([resync(s(300), params(1, 0), [member('A', { inCall: true, lastCallSec: Math.floor(s(200) / 1000) })])], state);
    // c1 is closed by the resync and is the one completion the PBX counted: nothing estimated beyond it
    expect(counters).toMatchObject({ handled: 1, answered: 0, offered: 0 });
    expect(state.calls).toEqual({});
    expect(state.queues.sales?.linkGaps).toBeUndefined();
  });

  // The reader died between a caller's QueueCallerAbandon (applied: the PBX's count and the board's agree, and it is
  // the last call counted) and its QueueCallerLeave (lost): the caller is gone from the PBX, left unanswered.
  const diedAfterAbandon = () =>
    run([
      resync(s(0), params(50, 5), [member('A')]),
      { kind: 'caller.joined', at: s(10), queueId: 'sales', callId: 'c1', position: 1, callerId: null },
      { kind: 'caller.abandonRaised', at: s(70), queueId: 'sales', callId: 'c1', holdSec: 60 },
    ]);

  it("finishes a caller whose abandon it saw but not the leave as the queue_log's exit says: timed out, not taken back as answered", () => {
    const { state, counters } = diedAfterAbandon();
    expect(state.queues.sales?.pbxCounts).toMatchObject({ abandoned: 6, lastCallId: 'c1' });
    const exit: GapExit = { at: s(70), queueId: 'sales', callId: 'c1', agent: null, outcome: 'timedOut', holdSec: 0, talkSec: 0, waitSec: 60 };
    const after = run([{ ...resync(s(300), params(50, 6), [member('A')]), exits: [exit] } as QueueEvent], state);
    addCounters(counters, after.counters);
    expect(counters).toMatchObject({ offered: 1, timedOut: 1, abandoned: 0, answered: 0 });
    expect(state.calls).toEqual({});
    expect(state.queues.sales?.linkGaps ?? []).toEqual([]);
  });

  it('without a queue_log, leaves a caller whose abandon it saw to the grace rule: abandoned, still offered', () => {
    const { state, counters } = diedAfterAbandon();
    const after = run([resync(s(300), params(50, 6), [member('A')])], state);
    addCounters(counters, after.counters);
    expect(state.calls['sales|c1']?.leftAt).toBe(s(300));
    const decided = run([], state);
    const swept = sweepPendingOutcomes(decided.state, s(300) + rules.outcomeGraceMs, rules);
    for (const op of swept) if (op.op === 'counters.add') addCounters(counters, op.delta);
    expect(counters).toMatchObject({ offered: 1, abandoned: 1, answered: 0 });
  });

  it('decides callers who left by the grace rule when there is no evidence (first resync, or the PBX restarted)', () => {
    const { state } = run([
      resync(s(0), params(50, 5), []),
      { kind: 'caller.joined', at: s(10), queueId: 'sales', callId: 'c1', position: 1, callerId: null },
    ]);
    run([resync(s(300), params(2, 0), [])], state);
    expect(state.calls['sales|c1']?.leftAt).toBe(s(300));
    expect(state.queues.sales?.linkGaps).toEqual([{ from: s(0), to: s(300), calls: 'unknown' }]);
  });
});

describe('pickGapExits: the gap calls in the queue_log, exactly', () => {
  const exit = (sec: number, callId: string, outcome: GapExit['outcome'], queueId = 'sales'): GapExit => ({
    at: s(sec),
    queueId,
    callId,
    agent: outcome === 'answered' ? 'A' : null,
    outcome,
    holdSec: 5,
    talkSec: 60,
    waitSec: 5,
  });
  // c1 is the last exit the board counted (at 10.4 s); c2 shares its second; c5 came after the resync, live
  const log = [exit(9, 'c0', 'answered'), exit(10, 'c1', 'answered'), exit(10, 'c2', 'abandoned'), exit(11, 'x', 'answered', 'support'), exit(30, 'c3', 'answered'), exit(40, 'c4', 'timedOut'), exit(90, 'c5', 'answered')];

  it('takes the exits after the anchor line, as many as the counters moved, and none after', () => {
    const picked = pickGapExits(log, 'sales', { completed: 7, abandoned: 3, at: s(10) + 400, lastCallId: 'c1' }, { completed: 1, unanswered: 2 });
    expect(picked?.map((e) => e.callId)).toEqual(['c2', 'c3', 'c4']);
  });

  it('without the anchor, trusts only later seconds, and gives up (estimate) when they do not hold enough', () => {
    expect(pickGapExits(log, 'sales', { completed: 7, abandoned: 3, at: s(10) + 400, lastCallId: null }, { completed: 1, unanswered: 2 })).toBeNull();
    expect(pickGapExits(log, 'sales', { completed: 7, abandoned: 3, at: s(10) + 400 }, { completed: 1, unanswered: 1 })?.map((e) => e.callId)).toEqual([
      'c3',
      'c4',
    ]);
  });
});

