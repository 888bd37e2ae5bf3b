import { agentStateAt, derivedAgentState, visiblePauseReason } from './agent-state';
import type { AgentRecord, AgentStateSpan, LiveOp, Membership } from './live-state';

/** Agent records as the reducer and the QueueStatus resync change them. */

export function newAgent(id: string, name: string, at: number): AgentRecord {
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

/** A copy to change: its memberships are shared until one changes (withMembership makes a new record). */
export function cloneAgent(agent: AgentRecord): AgentRecord {
  return { ...agent };
}

/** Sets the agent's membership of `queueId`, or ends it with null, in a new memberships record. */
export function withMembership(agent: AgentRecord, queueId: string, membership: Membership | null): void {
  const memberships = { ...agent.memberships };
  if (membership === null) delete memberships[queueId];
  else memberships[queueId] = membership;
  agent.memberships = memberships;
}

/**
 * Stores a changed agent, stamping when the visible state changed (only a real
 * change moves `stateSince`), and records the spans of state that ended: a
 * wrap-up that ran out between two events ended at its own time, not now. A
 * pause whose reason changes (paused again with another) is a new span, so
 * that history can sum paused time by reason.
 */
export function stampAgent(before: AgentRecord | undefined, after: AgentRecord, at: number): LiveOp[] {
  const next = derivedAgentState(after, at);
  if (!before) return [{ op: 'agent.put', agent: { ...after, lastState: next, stateSince: at } }];
  const { ops, previous } = endedSpans(before, at);
  const same = previous.state === next && visiblePauseReason(before, previous.state) === visiblePauseReason(after, next);
  if (!same) pushSpan(ops, before, previous.state, previous.since, at);
  const stateSince = same ? previous.since : at;
  ops.push({ op: 'agent.put', agent: { ...after, lastState: next, stateSince } });
  return ops;
}

/**
 * Removes an agent from the live state at `at`; the state it was in until then
 * is its last span in history, as if it changed now.
 */
export function forgetAgent(agent: AgentRecord, at: number): LiveOp[] {
  const { ops, previous } = endedSpans(agent, at);
  pushSpan(ops, agent, previous.state, previous.since, at);
  ops.push({ op: 'agent.delete', agentId: agent.id });
  return ops;
}

/** The state at `at`, and the span of a state that ran out without an event (wrap-up) before it. */
function endedSpans(agent: AgentRecord, at: number): { ops: LiveOp[]; previous: { state: string; since: number } } {
  const previous = agentStateAt(agent, at);
  const ops: LiveOp[] = [];
  if (agent.lastState !== previous.state) pushSpan(ops, agent, agent.lastState, agent.stateSince, previous.since);
  return { ops, previous };
}

function pushSpan(ops: LiveOp[], agent: AgentRecord, state: string, from: number, to: number): void {
  if (to > from) {
    const pauseReason = visiblePauseReason(agent, state);
    ops.push({ op: 'history.agentState', span: { agentId: agent.id, state, from, to, queues: membershipList(agent), pauseReason } });
  }
}

/** One list per memberships record: the spans of an agent whose memberships did not change share it (and its encodings). */
const membershipLists = new WeakMap<AgentRecord['memberships'], AgentStateSpan['queues']>();

function membershipList(agent: AgentRecord): AgentStateSpan['queues'] {
  let list = membershipLists.get(agent.memberships);
  if (list === undefined) {
    list = Object.entries(agent.memberships).map(([queueId, m]) => ({ queueId, paused: m.paused }));
    membershipLists.set(agent.memberships, list);
  }
  return list;
}

