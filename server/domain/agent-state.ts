import type { AgentState } from '../../shared/snapshot';
import { DeviceStatus } from './queue-events';
import type { AgentRecord } from './live-state';

/**
 * What the board shows for an agent, derived from the facts the events gave us.
 * Order matters: an agent on a queue call is busy even if they paused during it
 * (the pause takes effect after the call), and wrap-up is a timer Asterisk runs
 * after AgentComplete without telling anyone when it ends (queues.conf
 * `wrapuptime`), so it is evaluated against `now`.
 */
export function derivedAgentState(agent: AgentRecord, now: number): AgentState {
  // Runs for every event of every agent (a queue_log import is hot): one pass over the memberships, no arrays.
  let member = false;
  let pausedEverywhere = true;
  for (const queueId in agent.memberships) {
    member = true;
    if (!agent.memberships[queueId]!.paused) pausedEverywhere = false;
  }
  if (!member) return 'loggedOut';
  if (agent.deviceStatus === DeviceStatus.invalid || agent.deviceStatus === DeviceStatus.unavailable) {
    return 'loggedOut';
  }
  if (agent.onCall) return 'busy';
  if (agent.ringingFor) return 'ringing';
  // Paused only when no queue can offer a call: a pause without a queue name
  // pauses every membership (one QueueMemberPause per queue).
  if (pausedEverywhere) return 'paused';
  if (agent.wrapUntil !== null && now < agent.wrapUntil) return 'wrapup';
  switch (agent.deviceStatus) {
    case DeviceStatus.inUse:
    case DeviceStatus.busy:
    case DeviceStatus.onHold:
      return 'busy';
    case DeviceStatus.ringing:
    case DeviceStatus.ringInUse:
      return 'ringing';
    default:
      return 'available';
  }
}

/** The state at `now` and since when, including the wrap-up that ran out without an event. */
export function agentStateAt(agent: AgentRecord, now: number): { state: AgentState; since: number } {
  const state = derivedAgentState(agent, now);
  if (state === agent.lastState) return { state, since: agent.stateSince };
  if (agent.lastState === 'wrapup' && agent.wrapUntil !== null && now >= agent.wrapUntil) {
    return { state, since: agent.wrapUntil };
  }
  return { state, since: Math.max(agent.stateSince, now) };
}

/** The pause reason worth showing: only while paused (Asterisk keeps the last reason after an unpause). */
export function visiblePauseReason(agent: AgentRecord, state: string): string | null {
  if (state !== 'paused') return null;
  for (const queueId in agent.memberships) {
    const membership = agent.memberships[queueId]!;
    if (membership.paused && membership.pausedReason) return membership.pausedReason;
  }
  return null;
}
