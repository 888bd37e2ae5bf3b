import { agentStateAt, derivedAgentState } from './agent-state';
import {
  callKey,
  type AgentRecord,
  type AgentStateSpan,
  type CallRecord,
  type Counters,
  type LiveOp,
  type LiveState,
  type Membership,
  type TrackedCall,
  type WaitingCaller,
} from './live-state';
import type { MemberInfo, QueueEvent } from './queue-events';
import { intervalStart, siteDay } from '../../shared/site-time';

/** Site rules the reducer needs; all pure values or lookups. */
export interface QueueRules {
  timeZone: string;
  /** abandons after less than this wait are short: counted, but left out of the service level */
  shortAbandonSec: number;
  /** how long a caller who left unanswered waits for QUEUESTATUS or Hangup before the outcome is decided */
  outcomeGraceMs: number;
  /** the SL threshold of a queue, given what the PBX reports (0 = unset) */
  slThresholdSec(queueId: string, pbxServiceLevelSec: number): number;
  /** the queue's wrap-up seconds (queues.conf wrapuptime), used when the member has none of its own */
  wrapupSec(queueId: string): number;
}

/**
 * Turns one normalized event into operations on the live state. Pure: reads the
 * state as it was before the event and returns what to change. The caller
 * applies the operations (to the store, and to its mirror) before the next event.
 */
export function reduceQueueEvent(state: LiveState, event: QueueEvent, rules: QueueRules): LiveOp[] {
  const r = new Reduction(state, rules, event.at);
  switch (event.kind) {
    case 'caller.joined':
      r.callerJoined(event.queueId, event.callId, event.at, event.position, event.callerId);
      break;
    case 'caller.abandonRaised':
      r.abandonRaised(event.queueId, event.callId, event.holdSec);
      break;
    case 'caller.left':
      r.callerLeft(event.queueId, event.callId);
      break;
    case 'caller.exitStatus':
      r.callerExited(event.callId);
      break;
    case 'channel.hungUp':
      r.channelHungUp(event.callId);
      break;
    case 'agent.called':
      r.agentCalled(event.queueId, event.callId, event.agentId, event.name);
      break;
    case 'agent.ringNoAnswer':
      r.ringEnded(event.agentId, event.callId);
      break;
    case 'agent.connected':
      r.agentConnected(event.queueId, event.callId, event.agentId, event.name, event.holdSec);
      break;
    case 'agent.completed':
      r.agentCompleted(event.queueId, event.callId, event.agentId, event.holdSec, event.talkSec);
      break;
    case 'agent.dumped':
      r.agentDumped(event.agentId, event.callId);
      break;
    case 'member.added':
    case 'member.status':
      r.memberSeen(event.member);
      break;
    case 'member.removed':
      r.memberRemoved(event.queueId, event.agentId);
      break;
    case 'member.paused':
      r.memberPaused(event.queueId, event.agentId, event.paused, event.reason);
      break;
    case 'queue.resync':
      return reduceResync(state, event, rules);
  }
  return r.finish();
}

/**
 * Decides the outcome of callers who left unanswered and got neither QUEUESTATUS
 * nor Hangup within the grace time (an AMI user without the `dialplan` class
 * never sees VarSet). Asterisk raised QueueCallerAbandon for them or not: that
 * is the best evidence left.
 */
export function sweepPendingOutcomes(state: LiveState, now: number, rules: QueueRules): LiveOp[] {
  const r = new Reduction(state, rules, now);
  for (const call of Object.values(state.calls)) {
    if (call.leftAt !== null && !call.connected && now - call.leftAt >= rules.outcomeGraceMs) {
      r.decideOutcome(call, call.abandonHoldSec !== null ? 'abandoned' : 'timedOut');
    }
  }
  return r.finish();
}

type Outcome = 'abandoned' | 'timedOut';

/** Accumulates the operations of one event, keeping agents it changed in one place. */
class Reduction {
  private readonly ops: LiveOp[] = [];
  private readonly touchedAgents = new Map<string, AgentRecord>();

  constructor(
    private readonly state: LiveState,
    private readonly rules: QueueRules,
    private readonly at: number,
  ) {}

  finish(): LiveOp[] {
    for (const agent of this.touchedAgents.values()) {
      this.ops.push(...stampAgent(this.state.agents[agent.id], agent, this.at));
    }
    return this.ops;
  }

  callerJoined(queueId: string, callId: string, joinedAt: number, position: number, callerId: string | null): void {
    this.ensureQueue(queueId);
    if (this.state.calls[callKey(queueId, callId)]) return; // a repeated join must not count twice
    this.ops.push({ op: 'waiting.put', caller: { queueId, callId, joinedAt, position, callerId } });
    this.startTracking(queueId, callId, joinedAt);
  }

  abandonRaised(queueId: string, callId: string, holdSec: number): void {
    const call = this.state.calls[callKey(queueId, callId)];
    if (!call || call.connected) return;
    this.ops.push({ op: 'call.put', call: { ...call, abandonHoldSec: holdSec } });
    this.stopRingingFor(callId);
  }

  callerLeft(queueId: string, callId: string): void {
    this.ops.push({ op: 'waiting.delete', queueId, callId });
    const call = this.latestCall(queueId, callId);
    if (!call || call.connected || call.leftAt !== null) return;
    this.ops.push({ op: 'call.put', call: { ...call, leftAt: this.at } });
  }

  /** QUEUESTATUS after an unanswered leave: the queue sent the caller on (timeout, empty queue ...). */
  callerExited(callId: string): void {
    for (const call of this.pendingCallsOf(callId)) this.decideOutcome(call, 'timedOut');
  }

  /** A caller who left unanswered and whose channel then hung up gave up waiting. */
  channelHungUp(callId: string): void {
    for (const call of this.pendingCallsOf(callId)) {
      this.decideOutcome(call, call.abandonHoldSec !== null ? 'abandoned' : 'timedOut');
    }
  }

  decideOutcome(call: TrackedCall, outcome: Outcome): void {
    this.ops.push({ op: 'call.delete', queueId: call.queueId, callId: call.callId });
    const waitSec = call.abandonHoldSec ?? Math.floor(((call.leftAt ?? this.at) - call.joinedAt) / 1000);
    const shortAbandon = outcome === 'abandoned' && waitSec < this.rules.shortAbandonSec;
    if (outcome === 'timedOut') this.count(call, { timedOut: 1 });
    else this.count(call, { abandoned: 1, shortAbandoned: shortAbandon ? 1 : 0 });
    this.record(call, {
      outcome,
      answeredAt: null,
      endedAt: call.leftAt ?? this.at,
      waitSec,
      talkSec: 0,
      wrapSec: 0,
      agentId: null,
      answeredWithinSl: false,
      shortAbandon,
    });
  }

  agentCalled(queueId: string, callId: string, agentId: string, name: string): void {
    const agent = this.agent(agentId, name, queueId);
    agent.ringingFor = { queueId, callId, since: this.at };
  }

  ringEnded(agentId: string, callId: string): void {
    const agent = this.knownAgent(agentId);
    if (agent?.ringingFor?.callId === callId) agent.ringingFor = null;
  }

  agentConnected(queueId: string, callId: string, agentId: string, name: string, holdSec: number): void {
    let call = this.latestCall(queueId, callId);
    if (!call) {
      // Joined before we were listening: count it where it most likely entered.
      call = this.startTracking(queueId, callId, this.at - holdSec * 1000);
    }
    if (!call.connected) {
      this.count(call, { answered: 1, answeredWithinSl: this.withinSl(queueId, holdSec) ? 1 : 0, holdSec });
      this.ops.push({
        op: 'call.put',
        call: { ...call, connected: true, connectedAt: this.at, holdSec, agentId, leftAt: null },
      });
    }
    this.stopRingingFor(callId);
    const agent = this.agent(agentId, name, queueId);
    agent.ringingFor = null;
    agent.onCall = { queueId, callId, since: this.at };
    const day = siteDay(this.rules.timeZone, this.at);
    agent.answeredToday = agent.answeredDay === day ? agent.answeredToday + 1 : 1;
    agent.answeredDay = day;
  }

  agentCompleted(queueId: string, callId: string | null, agentId: string, holdSec: number, talkSec: number): void {
    const call = this.connectedCall(queueId, callId, agentId);
    const agent = this.knownAgent(agentId);
    const wrapSec = agent && agent.wrapupSec > 0 ? agent.wrapupSec : this.rules.wrapupSec(queueId);
    const countIn = call ?? { ...this.untrackedCall(queueId, this.at - (holdSec + talkSec) * 1000), callId: callId ?? '' };
    this.count(countIn, { handled: 1, talkSec, wrapSec });
    if (call) this.ops.push({ op: 'call.delete', queueId: call.queueId, callId: call.callId });
    const waitSec = call?.holdSec ?? holdSec;
    this.record(countIn, {
      outcome: 'answered',
      answeredAt: call?.connectedAt ?? this.at - talkSec * 1000,
      endedAt: this.at,
      waitSec,
      talkSec,
      wrapSec,
      agentId,
      answeredWithinSl: this.withinSl(queueId, waitSec),
      shortAbandon: false,
    });
    if (agent) {
      agent.onCall = null;
      agent.wrapUntil = wrapSec > 0 ? this.at + wrapSec * 1000 : null;
    }
  }

  agentDumped(agentId: string, callId: string | null): void {
    const agent = this.knownAgent(agentId);
    if (!agent) return;
    if (callId === null || agent.ringingFor?.callId === callId) agent.ringingFor = null;
    if (callId === null || agent.onCall?.callId === callId) agent.onCall = null;
  }

  memberSeen(member: MemberInfo): void {
    this.ensureQueue(member.queueId);
    const agent = this.agent(member.agentId, member.name, member.queueId);
    agent.name = member.name;
    agent.deviceStatus = member.deviceStatus;
    agent.wrapupSec = member.wrapupSec;
    agent.memberships[member.queueId] = { paused: member.paused, pausedReason: member.pausedReason };
  }

  memberRemoved(queueId: string, agentId: string): void {
    const agent = this.knownAgent(agentId);
    if (agent) delete agent.memberships[queueId];
  }

  memberPaused(queueId: string, agentId: string, paused: boolean, reason: string | null): void {
    const agent = this.knownAgent(agentId);
    if (!agent) return;
    const previous = agent.memberships[queueId];
    agent.memberships[queueId] = { paused, pausedReason: reason ?? previous?.pausedReason ?? null };
  }

  private withinSl(queueId: string, holdSec: number): boolean {
    return holdSec <= this.rules.slThresholdSec(queueId, this.state.queues[queueId]?.serviceLevelSec ?? 0);
  }

  private record(
    call: TrackedCall,
    story: Omit<CallRecord, 'queueId' | 'callId' | 'enteredAt' | 'day' | 'intervalStart'>,
  ): void {
    this.ops.push({
      op: 'history.call',
      call: {
        queueId: call.queueId,
        callId: call.callId,
        enteredAt: call.joinedAt,
        day: call.day,
        intervalStart: call.intervalStart,
        ...story,
      },
    });
  }

  private ensureQueue(queueId: string): void {
    if (!this.state.queues[queueId] && !this.ops.some((o) => o.op === 'queue.put' && o.queue.id === queueId)) {
      this.ops.push({ op: 'queue.put', queue: { id: queueId, serviceLevelSec: 0 } });
    }
  }

  private startTracking(queueId: string, callId: string, joinedAt: number): TrackedCall {
    const call: TrackedCall = {
      ...this.untrackedCall(queueId, joinedAt),
      callId,
    };
    this.ops.push({ op: 'call.put', call });
    this.count(call, { offered: 1 });
    return call;
  }

  /** Where a call that entered at `joinedAt` is counted. */
  private untrackedCall(queueId: string, joinedAt: number): TrackedCall {
    return {
      queueId,
      callId: '',
      joinedAt,
      day: siteDay(this.rules.timeZone, joinedAt),
      intervalStart: intervalStart(this.rules.timeZone, joinedAt),
      connected: false,
      connectedAt: null,
      holdSec: null,
      agentId: null,
      abandonHoldSec: null,
      leftAt: null,
    };
  }

  private count(call: TrackedCall, delta: Partial<Counters>): void {
    this.ops.push({ op: 'counters.add', queueId: call.queueId, day: call.day, intervalStart: call.intervalStart, delta });
  }

  /** The call as updated earlier in this reduction, else as in the state. */
  private latestCall(queueId: string, callId: string): TrackedCall | undefined {
    for (let i = this.ops.length - 1; i >= 0; i--) {
      const op = this.ops[i]!;
      if (op.op === 'call.put' && op.call.queueId === queueId && op.call.callId === callId) return op.call;
    }
    return this.state.calls[callKey(queueId, callId)];
  }

  /**
   * Every Hangup on the PBX lands here, agents' channels included: look the
   * caller up per queue instead of scanning every tracked call. A call whose
   * queue a resync removed is not found here; the grace sweep decides it.
   */
  private pendingCallsOf(callId: string): TrackedCall[] {
    const pending: TrackedCall[] = [];
    for (const queueId in this.state.queues) {
      const call = this.state.calls[callKey(queueId, callId)];
      if (call && call.leftAt !== null && !call.connected) pending.push(call);
    }
    return pending;
  }

  /** AgentComplete may lack the caller's Uniqueid: then the member's connected call in that queue is the one. */
  private connectedCall(queueId: string, callId: string | null, agentId: string): TrackedCall | undefined {
    if (callId !== null) {
      const call = this.state.calls[callKey(queueId, callId)];
      if (call?.connected) return call;
    }
    return Object.values(this.state.calls).find((c) => c.queueId === queueId && c.connected && c.agentId === agentId);
  }

  // Runs on every answer and abandon: loops without building arrays (a queue_log import is hot).
  private stopRingingFor(callId: string): void {
    const agents = this.state.agents;
    for (const id in agents) {
      const agent = agents[id]!;
      if (agent.ringingFor?.callId === callId) this.agent(agent.id, agent.name, agent.ringingFor.queueId).ringingFor = null;
    }
  }

  private knownAgent(agentId: string): AgentRecord | undefined {
    const touched = this.touchedAgents.get(agentId);
    if (touched) return touched;
    const existing = this.state.agents[agentId];
    if (!existing) return undefined;
    const copy = cloneAgent(existing);
    this.touchedAgents.set(agentId, copy);
    return copy;
  }

  /** The agent to change; one first seen in a call event becomes a member of that queue. */
  private agent(agentId: string, name: string, queueId: string): AgentRecord {
    const known = this.knownAgent(agentId);
    if (known) {
      if (!known.memberships[queueId]) known.memberships[queueId] = { paused: false, pausedReason: null };
      return known;
    }
    const created = newAgent(agentId, name, this.at);
    created.memberships[queueId] = { paused: false, pausedReason: null };
    this.touchedAgents.set(agentId, created);
    return created;
  }
}

function newAgent(id: string, name: string, at: number): AgentRecord {
  return {
    id,
    name,
    memberships: {},
    deviceStatus: 1,
    onCall: null,
    ringingFor: null,
    wrapUntil: null,
    wrapupSec: 0,
    stateSince: at,
    lastState: 'loggedOut',
    answeredDay: '',
    answeredToday: 0,
  };
}

function cloneAgent(agent: AgentRecord): AgentRecord {
  const memberships: Record<string, Membership> = {};
  for (const [queueId, m] of Object.entries(agent.memberships)) memberships[queueId] = { ...m };
  return { ...agent, memberships };
}

/**
 * Stores a changed agent, stamping when the visible state changed (only a real
 * change moves `stateSince`), and records the spans of state that ended: a
 * wrap-up that ran out between two events ended at its own time, not now.
 */
function stampAgent(before: AgentRecord | undefined, after: AgentRecord, at: number): LiveOp[] {
  const next = derivedAgentState(after, at);
  if (!before) return [{ op: 'agent.put', agent: { ...after, lastState: next, stateSince: at } }];
  const previous = agentStateAt(before, at);
  const ops: LiveOp[] = [];
  if (before.lastState !== previous.state) pushSpan(ops, before, before.lastState, before.stateSince, previous.since);
  if (previous.state !== next) pushSpan(ops, before, previous.state, previous.since, at);
  const stateSince = previous.state === next ? previous.since : at;
  ops.push({ op: 'agent.put', agent: { ...after, lastState: next, stateSince } });
  return ops;
}

function pushSpan(ops: LiveOp[], agent: AgentRecord, state: string, from: number, to: number): void {
  if (to > from) ops.push({ op: 'history.agentState', span: { agentId: agent.id, state, from, to, queues: membershipList(agent) } });
}

function membershipList(agent: AgentRecord): AgentStateSpan['queues'] {
  return Object.entries(agent.memberships).map(([queueId, m]) => ({ queueId, paused: m.paused }));
}

/**
 * The answer to Action: QueueStatus replaces queues, waiting callers and agents.
 * What we knew and the PBX confirms keeps its finer detail (join times in ms,
 * the call an agent is on); callers we never saw join are counted as offered
 * now, so that offered = answered + abandoned + timed out still holds.
 */
function reduceResync(state: LiveState, event: Extract<QueueEvent, { kind: 'queue.resync' }>, rules: QueueRules): LiveOp[] {
  const at = event.at;
  const ops: LiveOp[] = [];
  const waiting: WaitingCaller[] = [];
  const confirmed = new Set<string>();
  for (const entry of event.entries) {
    const key = callKey(entry.queueId, entry.callId);
    confirmed.add(key);
    const known = state.waiting[key];
    waiting.push(known ? { ...known, position: entry.position } : { ...entry });
    if (!state.calls[key]) {
      const r = new Reduction(state, rules, at);
      r.callerJoined(entry.queueId, entry.callId, entry.joinedAt, entry.position, entry.callerId);
      ops.push(...r.finish().filter((op) => op.op !== 'waiting.put' && op.op !== 'queue.put'));
    }
  }
  // Callers we had as waiting but the PBX no longer has left while we were not listening.
  for (const call of Object.values(state.calls)) {
    if (!call.connected && call.leftAt === null && !confirmed.has(callKey(call.queueId, call.callId))) {
      ops.push({ op: 'call.put', call: { ...call, leftAt: at } });
    }
  }

  const agents = new Map<string, AgentRecord>();
  for (const member of event.members) {
    let agent = agents.get(member.agentId);
    if (!agent) {
      const before = state.agents[member.agentId];
      agent = before ? { ...cloneAgent(before), memberships: {} } : newAgent(member.agentId, member.name, at);
      agent.name = member.name;
      agent.deviceStatus = member.deviceStatus;
      agent.wrapupSec = member.wrapupSec;
      agents.set(member.agentId, agent);
    }
    agent.memberships[member.queueId] = { paused: member.paused, pausedReason: member.pausedReason };
    if (member.inCall && !agent.onCall) agent.onCall = { queueId: member.queueId, callId: null, since: at };
  }
  for (const agent of agents.values()) {
    if (!event.members.some((m) => m.agentId === agent.id && m.inCall)) agent.onCall = null;
    if (agent.ringingFor && agent.deviceStatus !== 6 && agent.deviceStatus !== 7) agent.ringingFor = null;
  }
  // Agents who are no longer members of any queue stay on the board as logged out.
  for (const before of Object.values(state.agents)) {
    if (!agents.has(before.id)) {
      agents.set(before.id, { ...cloneAgent(before), memberships: {}, onCall: null, ringingFor: null });
    }
  }
  const stamped: AgentRecord[] = [];
  for (const agent of agents.values()) {
    for (const op of stampAgent(state.agents[agent.id], agent, at)) {
      if (op.op === 'agent.put') stamped.push(op.agent);
      else ops.push(op);
    }
  }
  ops.unshift({
    op: 'live.replace',
    queues: event.queues.map((q) => ({ id: q.queueId, serviceLevelSec: q.serviceLevelSec })),
    waiting,
    agents: stamped,
  });
  return ops;
}
