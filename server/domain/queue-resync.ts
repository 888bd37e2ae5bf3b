import { intervalStart, siteDay } from '../../shared/site-time';
import { cloneAgent, newAgent, stampAgent, withMembership } from './agent-records';
import { closeConnected, countWhole, finishTracking, startTracking } from './call-tracking';
import { pickGapExits, recordOfExit, storyOfExit, type ExitRules, type GapExit } from './gap-exits';
import { reckonGap, type LinkGap, type PbxQueueParams } from './link-gap';
import { callKey, type AgentRecord, type LiveOp, type LiveState, type QueueRecord, type WaitingCaller } from './live-state';
import type { QueueEvent, QueueParamsInfo } from './queue-events';
import type { QueueRules } from './queue-reducer';

/** Link gaps a queue keeps (newest): enough for a day of flapping links, bounded for ever. */
const LINK_GAPS_KEPT = 20;

/**
 * The answer to Action: QueueStatus replaces queues, waiting callers and agents.
 * What we knew and the PBX confirms keeps its finer detail (join times in ms,
 * the call an agent is on); callers we never saw join are counted as offered
 * now, so that offered = answered + abandoned + timed out still holds.
 * Connected calls whose agent the PBX no longer shows on a call, or shows to
 * have ended a call since (`LastCall`), ended while we were not listening
 * (their AgentComplete is lost): they are closed now.
 *
 * Where the PBX's counters were known before (a queue record's pbxCounts) and
 * the answer has them again, the calls that ended in the gap are counted from
 * them (link-gap.ts), and the callers we had as waiting that the PBX no longer
 * has are among those calls: their offer is taken back where they joined
 * instead of deciding them one by one (not a caller whose abandon was seen:
 * he left before the gap). Without that evidence they are decided by the grace
 * rule. With the PBX's queue_log (`event.exits`) the gap's calls
 * are its exits after the last one counted, as many as the counters moved
 * (gap-exits.ts): each is finished or counted whole, exactly, and nothing is
 * estimated.
 */
export function reduceResync(
  state: LiveState,
  event: Extract<QueueEvent, { kind: 'queue.resync' }>,
  rules: Pick<QueueRules, 'timeZone' | 'wrapupSec' | 'shortAbandonSec' | 'slThresholdSec'>,
): LiveOp[] {
  const { timeZone } = rules;
  const at = event.at;
  const evidence = gapEvidence(state, event.queues);
  const exact = exactGapExits(state, event);
  const exitRules = (queueId: string): ExitRules => {
    const pbxServiceLevelSec = event.queues.find((q) => q.queueId === queueId)?.serviceLevelSec ?? 0;
    return {
      timeZone,
      shortAbandonSec: rules.shortAbandonSec,
      wrapSec: rules.wrapupSec(queueId),
      withinSl: (holdSec) => holdSec <= rules.slThresholdSec(queueId, pbxServiceLevelSec),
      agentId: (name) => event.members.find((m) => m.name === name)?.agentId ?? name,
    };
  };
  const closed = new Map<string, number>();
  const closedCalls = new Set<string>();
  const goneWaiting = new Map<string, number>();
  const counted = (tally: Map<string, number>, queueId: string): void => void tally.set(queueId, (tally.get(queueId) ?? 0) + 1);
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
  // QueueStatus names no member's call, so an agent still on some call keeps theirs,
  // unless the member's last call ended after it connected.
  const agentsInCall = new Set(event.members.filter((m) => m.inCall).map((m) => m.agentId));
  const lastCallSec = new Map<string, number>();
  for (const m of event.members) lastCallSec.set(m.agentId, Math.max(lastCallSec.get(m.agentId) ?? 0, m.lastCallSec ?? 0));
  for (const call of Object.values(state.calls)) {
    const exit = exact.get(call.queueId)?.get(call.callId);
    if (exit) {
      exact.get(call.queueId)!.delete(call.callId);
      ops.push(...finishTracking(call, storyOfExit(exit, call, exitRules(call.queueId))));
      if (call.connected) closedCalls.add(callKey(call.queueId, call.callId));
    } else if (call.connected) {
      const endedSince = call.agentId !== null && (lastCallSec.get(call.agentId) ?? 0) > Math.floor((call.connectedAt ?? at) / 1000);
      if (call.agentId === null || !agentsInCall.has(call.agentId) || endedSince) {
        ops.push(...closeConnected(call, at));
        counted(closed, call.queueId);
        closedCalls.add(callKey(call.queueId, call.callId));
      }
    } else if (call.leftAt === null && !confirmed.has(callKey(call.queueId, call.callId))) {
      // A caller we had as waiting but the PBX no longer has left while we were not listening.
      if (call.abandonHoldSec !== null) {
        // Its QueueCallerAbandon was applied (the PBX's count and ours hold it), its leave was lost (a reader that
        // died in between): it left unanswered before the gap, so it is neither a gap exit nor a call answered
        // in the gap. The queue_log's exit says how; without one the grace rule decides (abandoned).
        const told = event.exits?.find((e) => e.queueId === call.queueId && e.callId === call.callId && e.outcome !== 'answered');
        if (told) ops.push(...finishTracking(call, storyOfExit(told, call, exitRules(call.queueId))));
        else ops.push({ op: 'call.put', call: { ...call, leftAt: at } });
      } else if (evidence.has(call.queueId)) {
        // answered in the gap and still talking (the gap's exits hold the others): counted whole at its end
        ops.push(
          { op: 'call.delete', queueId: call.queueId, callId: call.callId },
          { op: 'counters.add', queueId: call.queueId, day: call.day, intervalStart: call.intervalStart, delta: { offered: -1 } },
        );
        counted(goneWaiting, call.queueId);
      } else {
        ops.push({ op: 'call.put', call: { ...call, leftAt: at } });
      }
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
    withMembership(agent, member.queueId, { paused: member.paused, pausedReason: member.pausedReason });
    // on a call the board does not know (answered unseen): its AgentComplete counts it whole (queue-reducer)
    const onClosedCall = agent.onCall?.callId != null && closedCalls.has(callKey(agent.onCall.queueId, agent.onCall.callId));
    if (member.inCall && (!agent.onCall || onClosedCall)) agent.onCall = { queueId: member.queueId, callId: null, since: at };
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
  // The gap's calls the board never saw: each counted whole from its exit.
  for (const [queueId, exits] of exact) for (const exit of exits.values()) ops.push(...countWhole(recordOfExit(exit, exitRules(queueId))));

  const queues = event.queues.map((params): QueueRecord => {
    const before = state.queues[params.queueId];
    const record: QueueRecord = { id: params.queueId, serviceLevelSec: params.serviceLevelSec };
    if (params.pbx) record.pbxCounts = { completed: params.pbx.completed, abandoned: params.pbx.abandoned, at, lastCallId: null };
    let gaps = before?.linkGaps ?? [];
    if (before?.pbxCounts && params.pbx && !exact.has(params.queueId)) {
      const tracked = { closed: closed.get(params.queueId) ?? 0, goneWaiting: goneWaiting.get(params.queueId) ?? 0 };
      const reckoning = reckonGap(before.pbxCounts, params.pbx, tracked, rules.wrapupSec(params.queueId));
      const gap: LinkGap | null = reckoning.kind === 'none' ? null : { from: before.pbxCounts.at, to: at, calls: reckoning.kind };
      if (reckoning.kind === 'estimated') {
        // Where the gap's calls entered is not known: they count in the middle of the gap.
        const middle = Math.round((gap!.from + gap!.to) / 2);
        ops.push({ op: 'counters.add', queueId: params.queueId, day: siteDay(timeZone, middle), intervalStart: intervalStart(timeZone, middle), delta: reckoning.delta });
      }
      if (gap) gaps = [...gaps, gap].slice(-LINK_GAPS_KEPT);
    }
    if (gaps.length > 0) record.linkGaps = gaps;
    return record;
  });
  ops.unshift({ op: 'live.replace', queues, waiting, agents: stamped });
  return ops;
}

/** Per queue whose gap the queue_log accounts for exactly: callId -> its exit. */
function exactGapExits(state: LiveState, event: Extract<QueueEvent, { kind: 'queue.resync' }>): Map<string, Map<string, GapExit>> {
  const exact = new Map<string, Map<string, GapExit>>();
  if (!event.exits) return exact;
  for (const params of event.queues) {
    const before = state.queues[params.queueId]?.pbxCounts;
    if (!before || !params.pbx) continue;
    const counts = { completed: params.pbx.completed - before.completed, unanswered: params.pbx.abandoned - before.abandoned };
    if (counts.completed < 0 || counts.unanswered < 0) continue;
    const picked = pickGapExits(event.exits, params.queueId, before, counts);
    if (picked) exact.set(params.queueId, new Map(picked.map((exit) => [exit.callId, exit])));
  }
  return exact;
}

/** The queues whose counters the board knew and the answer gives again, the PBX not restarted since. */
function gapEvidence(state: LiveState, queues: readonly QueueParamsInfo[]): Set<string> {
  const known = (params: QueueParamsInfo): params is QueueParamsInfo & { pbx: PbxQueueParams } => {
    const before = state.queues[params.queueId]?.pbxCounts;
    return before !== undefined && params.pbx !== undefined && params.pbx.completed >= before.completed && params.pbx.abandoned >= before.abandoned;
  };
  return new Set(queues.filter(known).map((params) => params.queueId));
}
