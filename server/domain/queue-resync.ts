import { cloneAgent, newAgent, stampAgent } from './agent-records';
import { closeConnected, startTracking } from './call-tracking';
import { callKey, type AgentRecord, type LiveOp, type LiveState, type WaitingCaller } from './live-state';
import type { QueueEvent } from './queue-events';

/**
 * The answer to Action: QueueStatus replaces queues, waiting callers and agents.
 * What we knew and the PBX confirms keeps its finer detail (join times in ms,
 * the call an agent is on); callers we never saw join are counted as offered
 * now, so that offered = answered + abandoned + timed out still holds.
 * Connected calls whose agent the PBX no longer shows on a call ended while we
 * were not listening (their AgentComplete is lost): they are closed now.
 */
export function reduceResync(state: LiveState, event: Extract<QueueEvent, { kind: 'queue.resync' }>, timeZone: string): LiveOp[] {
  const at = event.at;
  const ops: LiveOp[] = [];
  const waiting: WaitingCaller[] = [];
  const confirmed = new Set<string>();
  for (const entry of event.entries) {
    const key = callKey(entry.queueId, entry.callId);
    confirmed.add(key);
    const known = state.waiting[key];
    waiting.push(known ? { ...known, position: entry.position } : { ...entry });
    if (!state.calls[key]) ops.push(...startTracking(entry.queueId, entry.callId, entry.joinedAt, timeZone).ops);
  }
  // QueueStatus names no member's call, so an agent still on some call keeps theirs.
  const agentsInCall = new Set(event.members.filter((m) => m.inCall).map((m) => m.agentId));
  for (const call of Object.values(state.calls)) {
    if (call.connected) {
      if (call.agentId === null || !agentsInCall.has(call.agentId)) ops.push(...closeConnected(call, at));
    } else if (call.leftAt === null && !confirmed.has(callKey(call.queueId, call.callId))) {
      // A caller we had as waiting but the PBX no longer has left while we were not listening.
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
