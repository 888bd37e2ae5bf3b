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

export function cloneAgent(agent: AgentRecord): AgentRecord {
  const memberships: Record<string, Membership> = {};
  for (const [queueId, m] of Object.entries(agent.memberships)) memberships[queueId] = { ...m };
  return { ...agent, memberships };
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

function membershipList(agent: AgentRecord): AgentStateSpan['queues'] {
  return Object.entries(agent.memberships).map(([queueId, m]) => ({ queueId, paused: m.paused }));
}

