import type { SiteCalendar } from '../../shared/site-time';
import type { AgentState } from '../../shared/snapshot';
import { memberView } from './ami-output';
import type { QueueMemberView } from './ami-events';
import type { Channel } from './channel';
import type { Ledger } from './ledger';
import type { SimAgent, SimQueue } from './sim-entities';

/** Read-only views of the model at one instant: what the board should show, and what QueueStatus answers. */

export interface TruthCaller {
  callId: string;
  joinedAt: number;
  /** 1 = next to be served */
  position: number;
  callerId: string | null;
  /** the agent being rung for this caller, if any */
  ringing: string | null;
}

export interface TruthAgent {
  id: string;
  name: string;
  state: AgentState;
  since: number;
  /** the reason while paused, else null */
  pausedReason: string | null;
  /** queues the agent is logged in to (empty when logged out) */
  queues: string[];
  /** AST_DEVICE_* as QueueMemberStatus last announced it (0 while logged out) */
  deviceStatus: number;
  /** calls answered on the site day of `at` */
  answeredToday: number;
}

export interface SimTruth {
  at: number;
  day: string;
  /** queue name -> callers waiting (or being rung), in position order */
  waiting: Record<string, TruthCaller[]>;
  agents: Record<string, TruthAgent>;
}

/** What QueueStatus reports, taken at one instant. */
export interface QueueStatusView {
  at: number;
  queues: {
    name: string;
    strategy: string;
    serviceLevelSec: number;
    stats: SimQueue['stats'];
    waitingCount: number;
    members: QueueMemberView[];
    entries: { channel: Channel; joinedAt: number }[];
  }[];
}

export function truthView(
  at: number,
  calendar: SiteCalendar,
  ledger: Ledger,
  queues: readonly SimQueue[],
  agentList: readonly SimAgent[],
): SimTruth {
  const day = calendar.day(at);
  const answered = ledger.answeredByAgentOn(day);
  const waiting: Record<string, TruthCaller[]> = {};
  for (const queue of queues) {
    waiting[queue.name] = queue.entries.map((entry, index) => ({
      callId: entry.caller.uniqueid,
      joinedAt: entry.joinedAt,
      position: index + 1,
      callerId: entry.caller.callerNum || null,
      ringing: entry.ring?.agent.id ?? null,
    }));
  }
  const agents: Record<string, TruthAgent> = {};
  for (const agent of agentList) {
    agents[agent.id] = {
      id: agent.id,
      name: agent.name,
      state: agent.state,
      since: agent.stateSince,
      pausedReason: agent.state === 'paused' ? agent.pausedReason : null,
      queues: agent.loggedIn ? agent.queues.map((q) => q.name) : [],
      deviceStatus: agent.loggedIn ? agent.announcedDevice : 0,
      answeredToday: answered[agent.id] ?? 0,
    };
  }
  return { at, day, waiting, agents };
}

export function queueStatusView(at: number, queues: readonly SimQueue[]): QueueStatusView {
  return {
    at,
    queues: queues.map((queue) => ({
      name: queue.name,
      strategy: queue.config.strategy,
      serviceLevelSec: queue.config.serviceLevelSec,
      stats: { ...queue.stats },
      waitingCount: queue.entries.length,
      members: queue.members.filter((m) => m.loggedIn).map((m) => memberView(m, queue)),
      entries: queue.entries.map((entry) => ({ channel: entry.caller, joinedAt: entry.joinedAt })),
    })),
  };
}
