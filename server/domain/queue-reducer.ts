import { cloneAgent, forgetAgent, newAgent, stampAgent, withMembership } from './agent-records';
import { agentStateAt } from './agent-state';
import { answeredWithinSl, isShortAbandon, wrapUpSec } from './call-verdicts';
import { closeConnected, countStep, countWhole, finishTracking, progressOfTracked, startTracking, type CallStory } from './call-tracking';
import { callKey, type AgentRecord, type LiveOp, type LiveState, type TrackedCall } from './live-state';
import type { MemberInfo, QueueEvent } from './queue-events';
import { intervalStart, siteDay } from '../../shared/site-time';
import { reduceResync } from './queue-resync';

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
  /** a call tracked this long since its join lost its last event on the wire: it is decided (CALL_MAX_AGE_SEC) */
  callMaxAgeMs: number;
  /** an agent logged out of every queue this long is removed from the live state (AGENT_FORGET_AFTER_SEC) */
  agentForgetAfterMs: number;
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
      r.pbxCounted(event.queueId, 'abandoned', event.callId);
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
      r.ringNotAnswered(event.queueId, event.callId, event.agentId, event.ringMs);
      break;
    case 'agent.connected':
      r.agentConnected(event.queueId, event.callId, event.agentId, event.name, event.holdSec);
      break;
    case 'agent.completed':
      r.pbxCounted(event.queueId, 'completed', event.callId);
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
 * The periodic sweep, at `now` on the PBX's clock. Decides the outcome of
 * callers who left unanswered and got neither QUEUESTATUS nor Hangup within
 * the grace time (an AMI user without the `dialplan` class never sees VarSet):
 * Asterisk raised QueueCallerAbandon for them or not, that is the best evidence
 * left. Keeps the live state bounded when events are lost on the wire: calls
 * older than the age cap are decided (unconnected: as the grace rule would;
 * connected: closed, see closeConnected) and agents logged out of every queue
 * for long are removed, their last state span going to history.
 */
export function sweepPendingOutcomes(state: LiveState, now: number, rules: QueueRules): LiveOp[] {
  const r = new Reduction(state, rules, now);
  for (const call of Object.values(state.calls)) {
    if (now - call.joinedAt >= rules.callMaxAgeMs) r.closeOverAge(call);
    else if (call.leftAt !== null && !call.connected && now - call.leftAt >= rules.outcomeGraceMs) r.decideByAbandon(call);
  }
  const ops = r.finish();
  for (const agent of Object.values(state.agents)) {
    if (Object.keys(agent.memberships).length > 0) continue;
    const { state: shown, since } = agentStateAt(agent, now);
    if (shown === 'loggedOut' && now - since >= rules.agentForgetAfterMs) ops.push(...forgetAgent(agent, now));
  }
  return ops;
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
    this.track(queueId, callId, joinedAt, callerId);
  }

  /**
   * Asterisk counted a call in the queue's Completed or Abandoned (every
   * AgentComplete, every QueueCallerAbandon): the board keeps count from the
   * last resync on, so the next resync can tell what a gap hid (link-gap.ts).
   */
  pbxCounted(queueId: string, counter: 'completed' | 'abandoned', callId: string | null): void {
    const queue = this.state.queues[queueId];
    if (!queue?.pbxCounts) return;
    const pbxCounts = { ...queue.pbxCounts, [counter]: queue.pbxCounts[counter] + 1, at: this.at, lastCallId: callId };
    this.ops.push({ op: 'queue.put', queue: { ...queue, pbxCounts } });
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
    for (const call of this.pendingCallsOf(callId)) this.decideByAbandon(call);
  }

  /** With no word on why the caller left, the abandon Asterisk raised or not decides. */
  decideByAbandon(call: TrackedCall): void {
    this.decideOutcome(call, call.abandonHoldSec !== null ? 'abandoned' : 'timedOut');
  }

  /** A call past the age cap: its AgentComplete, Hangup or Leave was lost. */
  closeOverAge(call: TrackedCall): void {
    if (!call.connected) {
      // Never left as far as we know: it is not waiting any more either.
      if (call.leftAt === null) this.ops.push({ op: 'waiting.delete', queueId: call.queueId, callId: call.callId });
      this.decideByAbandon(call);
      return;
    }
    this.ops.push(...closeConnected(call, this.at));
    const agent = call.agentId === null ? undefined : this.knownAgent(call.agentId);
    if (agent?.onCall?.callId === call.callId && agent.onCall.queueId === call.queueId) agent.onCall = null;
  }

  decideOutcome(call: TrackedCall, outcome: Outcome): void {
    const waitSec = call.abandonHoldSec ?? Math.floor(((call.leftAt ?? this.at) - call.joinedAt) / 1000);
    this.finishCall(call, {
      outcome,
      answeredAt: null,
      endedAt: call.leftAt ?? this.at,
      waitSec,
      talkSec: 0,
      wrapSec: 0,
      agentId: null,
      answeredWithinSl: false,
      shortAbandon: outcome === 'abandoned' && isShortAbandon(this.rules, waitSec),
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

  /** A fact for the agents' day: kept whether or not the board knew the agent or the call. */
  ringNotAnswered(queueId: string, callId: string, agentId: string, ringMs: number): void {
    this.ops.push({ op: 'history.ringNoAnswer', ring: { agentId, queueId, callId, at: this.at, ringMs } });
  }

  agentConnected(queueId: string, callId: string, agentId: string, name: string, holdSec: number): void {
    let call = this.latestCall(queueId, callId);
    if (!call) {
      // Joined before we were listening: count it where it most likely entered.
      call = this.track(queueId, callId, this.at - holdSec * 1000);
    }
    if (!call.connected) {
      const answeredWithinSl = this.withinSl(queueId, holdSec);
      const connected: TrackedCall = { ...call, connected: true, connectedAt: this.at, holdSec, answeredWithinSl, agentId, leftAt: null };
      this.ops.push({ op: 'call.put', call: connected }, countStep(call, progressOfTracked(call), progressOfTracked(connected)));
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
    const wrapSec = wrapUpSec(this.rules, queueId, agent?.wrapupSec ?? 0);
    if (!call && agent?.onCall && agent.onCall.callId === null) {
      // The agent has been on this call since before a resync: it was answered while the board
      // was not listening (a link gap), so it is counted whole now, where hold and talk say it entered.
      this.countAnsweredUnseen(queueId, callId ?? `${agentId}@${this.at}`, agent, holdSec, talkSec, wrapSec);
    }
    // Any other call without a tracked call the board never saw join, so it cannot know the day and
    // interval it belongs to: it is counted nowhere, live or in history (docs/ARCHITECTURE.md).
    if (call) {
      // Hold and SL verdict as counted at AgentConnect (a connected call always has them).
      this.finishCall(call, {
        outcome: 'answered',
        answeredAt: call.connectedAt ?? this.at - talkSec * 1000,
        endedAt: this.at,
        waitSec: call.holdSec ?? 0,
        talkSec,
        wrapSec,
        agentId,
        answeredWithinSl: call.answeredWithinSl ?? false,
        shortAbandon: false,
      });
    }
    if (agent) {
      agent.onCall = null;
      agent.wrapUntil = wrapSec > 0 ? this.at + wrapSec * 1000 : null;
    }
  }

  private countAnsweredUnseen(queueId: string, callId: string, agent: AgentRecord, holdSec: number, talkSec: number, wrapSec: number): void {
    const answeredAt = this.at - talkSec * 1000;
    const enteredAt = answeredAt - holdSec * 1000;
    this.ops.push(
      ...countWhole({
        queueId,
        callId,
        enteredAt,
        answeredAt,
        endedAt: this.at,
        outcome: 'answered',
        waitSec: holdSec,
        talkSec,
        wrapSec,
        agentId: agent.id,
        answeredWithinSl: this.withinSl(queueId, holdSec),
        shortAbandon: false,
        // AgentComplete does not say who called
        callerId: null,
        day: siteDay(this.rules.timeZone, enteredAt),
        intervalStart: intervalStart(this.rules.timeZone, enteredAt),
      }),
    );
    const day = siteDay(this.rules.timeZone, answeredAt);
    agent.answeredToday = agent.answeredDay === day ? agent.answeredToday + 1 : 1;
    agent.answeredDay = day;
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
    withMembership(agent, member.queueId, { paused: member.paused, pausedReason: member.pausedReason });
  }

  memberRemoved(queueId: string, agentId: string): void {
    const agent = this.knownAgent(agentId);
    if (agent?.memberships[queueId]) withMembership(agent, queueId, null);
  }

  memberPaused(queueId: string, agentId: string, paused: boolean, reason: string | null): void {
    const agent = this.knownAgent(agentId);
    if (!agent) return;
    const previous = agent.memberships[queueId];
    // A pause states its reason, or has none; an unpause without one keeps the last (Asterisk does).
    const pausedReason = paused ? reason : (reason ?? previous?.pausedReason ?? null);
    withMembership(agent, queueId, { paused, pausedReason });
  }

  private withinSl(queueId: string, holdSec: number): boolean {
    return answeredWithinSl(this.rules, queueId, this.state.queues[queueId]?.serviceLevelSec ?? 0, holdSec);
  }

  private finishCall(call: TrackedCall, story: CallStory): void {
    this.ops.push(...finishTracking(call, story));
  }

  private ensureQueue(queueId: string): void {
    if (!this.state.queues[queueId] && !this.ops.some((o) => o.op === 'queue.put' && o.queue.id === queueId)) {
      this.ops.push({ op: 'queue.put', queue: { id: queueId, serviceLevelSec: 0 } });
    }
  }

  private track(queueId: string, callId: string, joinedAt: number, callerId: string | null = null): TrackedCall {
    const { call, ops } = startTracking(queueId, callId, joinedAt, this.rules.timeZone, callerId);
    this.ops.push(...ops);
    return call;
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

  /**
   * AgentComplete may lack the caller's Uniqueid: then it ends the call the
   * member is on, else the member's connected call in that queue. The member's
   * current call comes first: an older one whose AgentComplete was lost must
   * not take this one's end (it is left to the resync or the age cap).
   */
  private connectedCall(queueId: string, callId: string | null, agentId: string): TrackedCall | undefined {
    const current = this.state.agents[agentId]?.onCall;
    const id = callId ?? (current?.queueId === queueId ? current.callId : null);
    if (id !== null) {
      const call = this.state.calls[callKey(queueId, id)];
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
      if (!known.memberships[queueId]) withMembership(known, queueId, { paused: false, pausedReason: null });
      return known;
    }
    const created = newAgent(agentId, name, this.at);
    withMembership(created, queueId, { paused: false, pausedReason: null });
    this.touchedAgents.set(agentId, created);
    return created;
  }
}
