/**
 * The live state of one site, and the operations that change it.
 *
 * Pure code (the queue reducer) turns each event into operations (data); a store
 * adapter applies them atomically (Redis MULTI, or in process). `applyLiveOps`
 * below is the one definition of what an operation means: the in-process store
 * and the aggregator's mirror use it, and the Redis store must behave the same
 * (the store conformance suite checks it).
 */

import type { Counters } from '../../shared/call-counters';
import type { LinkGap, PbxQueueCounts } from './link-gap';

// The counters are defined in shared/call-counters.ts (the snapshot schema needs them too).
export { addCounters, COUNTER_FIELDS, emptyCounters, type CounterField, type Counters } from '../../shared/call-counters';

export interface QueueRecord {
  id: string;
  /** SL threshold from the PBX (QueueParams ServiceLevel), 0 when unset */
  serviceLevelSec: number;
  /** the PBX's counters as of the last event applied (from a resync on), for the next gap's reckoning */
  pbxCounts?: PbxQueueCounts;
  /** link gaps whose calls rest on the PBX's counters, newest last (a few days' worth at most) */
  linkGaps?: LinkGap[];
}

export interface WaitingCaller {
  queueId: string;
  callId: string;
  joinedAt: number;
  position: number;
  callerId: string | null;
}

/** Never changed in place: a change is a new membership in a new record (withMembership), so states can share them. */
export interface Membership {
  readonly paused: boolean;
  readonly pausedReason: string | null;
}

export interface AgentRecord {
  id: string;
  name: string;
  /** queueId -> membership; empty = logged out of every queue */
  memberships: Readonly<Record<string, Membership>>;
  deviceStatus: number;
  /** set from AgentConnect until AgentComplete (callId null when learnt from a resync) */
  onCall: { queueId: string; callId: string | null; since: number } | null;
  /** the caller this agent is being rung for */
  ringingFor: { queueId: string; callId: string; since: number } | null;
  /** wrap-up ends at this epoch ms (AgentComplete + wrap-up time) */
  wrapUntil: number | null;
  /** member-level wrap-up seconds (0 = the queue's) */
  wrapupSec: number;
  /** when the event-driven part of the state last changed, see agentStateAt */
  stateSince: number;
  /** the state as of stateSince, to tell when it changes */
  lastState: string;
  answeredDay: string;
  answeredToday: number;
}

/** A call in a queue that has not been fully counted yet. Keyed by queueId + callId
 * because a blind transfer re-enters another queue with the same Uniqueid. */
export interface TrackedCall {
  queueId: string;
  callId: string;
  joinedAt: number;
  /** day (YYYY-MM-DD, site time) and interval start (epoch ms) of the join: the call counts there */
  day: string;
  intervalStart: number;
  connected: boolean;
  /** AgentConnect time and its HoldTime, for the history row */
  connectedAt: number | null;
  holdSec: number | null;
  /** the SL verdict at AgentConnect (with the threshold of that moment), null until connected */
  answeredWithinSl: boolean | null;
  agentId: string | null;
  /** HoldTime of Asterisk's QueueCallerAbandon, when it was raised */
  abandonHoldSec: number | null;
  /** left the queue without an answer; outcome waits for QUEUESTATUS or Hangup */
  leftAt: number | null;
  /** the caller's number from the join (normalised); absent when withheld, and in calls tracked before it was kept */
  callerId?: string;
}

export interface LiveState {
  queues: Record<string, QueueRecord>;
  /** key: `${queueId}|${callId}` */
  waiting: Record<string, WaitingCaller>;
  agents: Record<string, AgentRecord>;
  /** key: `${queueId}|${callId}` */
  calls: Record<string, TrackedCall>;
}

/** What a board shows of the live state: everything but the calls tracked for counting. */
export type BoardState = Omit<LiveState, 'calls'>;

/**
 * A call whose story is over: one history row. The same reducer makes it from
 * live AMI events and from an imported queue_log, so both give the same rows.
 */
export interface CallRecord {
  queueId: string;
  callId: string;
  enteredAt: number;
  answeredAt: number | null;
  endedAt: number;
  outcome: 'answered' | 'abandoned' | 'timedOut';
  /** answered: HoldTime; abandoned: the wait Asterisk reported; timed out: wait until leaving */
  waitSec: number;
  talkSec: number;
  wrapSec: number;
  agentId: string | null;
  answeredWithinSl: boolean;
  shortAbandon: boolean;
  /** the caller's number (shared/caller-number.ts), null when withheld or unknown: what a callback dials */
  callerId: string | null;
  /** site day and interval of the entry: where the call counts */
  day: string;
  intervalStart: number;
}

/** A stretch of time an agent spent in one state, for staffing and occupancy history. */
export interface AgentStateSpan {
  agentId: string;
  state: string;
  from: number;
  to: number;
  /** the queues the agent was a member of, and whether paused in each */
  queues: readonly { readonly queueId: string; readonly paused: boolean }[];
  /** a paused span's reason as the PBX gave it (visiblePauseReason); null otherwise or when none was given */
  pauseReason: string | null;
}

/** A member rung for a caller who did not pick up (AMI AgentRingNoAnswer, queue_log RINGNOANSWER). */
export interface RingNoAnswer {
  agentId: string;
  queueId: string;
  callId: string;
  at: number;
  ringMs: number;
}

export type LiveOp =
  | { op: 'queue.put'; queue: QueueRecord }
  | { op: 'queue.delete'; queueId: string }
  | { op: 'waiting.put'; caller: WaitingCaller }
  | { op: 'waiting.delete'; queueId: string; callId: string }
  | { op: 'agent.put'; agent: AgentRecord }
  | { op: 'agent.delete'; agentId: string }
  | { op: 'call.put'; call: TrackedCall }
  | { op: 'call.delete'; queueId: string; callId: string }
  /** add to the per-queue counters of a day and of a 15-minute interval */
  | { op: 'counters.add'; queueId: string; day: string; intervalStart: number; delta: Partial<Counters> }
  /** replace queues, waiting callers and agents at once (QueueStatus resync); calls and counters stay */
  | {
      op: 'live.replace';
      queues: QueueRecord[];
      waiting: WaitingCaller[];
      agents: AgentRecord[];
    }
  /** facts for history: live stores ignore them, the aggregator hands them to the history writer */
  | { op: 'history.call'; call: CallRecord }
  | { op: 'history.agentState'; span: AgentStateSpan }
  | { op: 'history.ringNoAnswer'; ring: RingNoAnswer };

export type HistoryOp = Extract<LiveOp, { op: 'history.call' | 'history.agentState' | 'history.ringNoAnswer' }>;

export function isHistoryOp(op: LiveOp): op is HistoryOp {
  return op.op === 'history.call' || op.op === 'history.agentState' || op.op === 'history.ringNoAnswer';
}

/**
 * Keyed by ids and call keys, each seen once: objects without a prototype are
 * hash tables from the start in V8, where `{}` would make a hidden class per
 * new key (the calls CSV import makes a state per call: that was a fifth of it).
 */
export function emptyLiveState(): LiveState {
  return { queues: idTable(), waiting: idTable(), agents: idTable(), calls: idTable() };
}

function idTable<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function callKey(queueId: string, callId: string): string {
  return `${queueId}|${callId}`;
}

/** Applies operations to the state part of the live data (counters are the store's). */
export function applyLiveOps(state: LiveState, ops: readonly LiveOp[]): void {
  for (const op of ops) {
    switch (op.op) {
      case 'queue.put':
        state.queues[op.queue.id] = op.queue;
        break;
      case 'queue.delete':
        delete state.queues[op.queueId];
        break;
      case 'waiting.put':
        state.waiting[callKey(op.caller.queueId, op.caller.callId)] = op.caller;
        break;
      case 'waiting.delete':
        delete state.waiting[callKey(op.queueId, op.callId)];
        break;
      case 'agent.put':
        state.agents[op.agent.id] = op.agent;
        break;
      case 'agent.delete':
        delete state.agents[op.agentId];
        break;
      case 'call.put':
        state.calls[callKey(op.call.queueId, op.call.callId)] = op.call;
        break;
      case 'call.delete':
        delete state.calls[callKey(op.queueId, op.callId)];
        break;
      case 'counters.add':
      case 'history.call':
      case 'history.agentState':
      case 'history.ringNoAnswer':
        break;
      case 'live.replace':
        state.queues = Object.fromEntries(op.queues.map((q) => [q.id, q]));
        state.waiting = Object.fromEntries(op.waiting.map((w) => [callKey(w.queueId, w.callId), w]));
        state.agents = Object.fromEntries(op.agents.map((a) => [a.id, a]));
        break;
    }
  }
}
