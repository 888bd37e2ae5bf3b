import type { AgentRow, AgentState } from '../../shared/snapshot';

/**
 * Order of states on the board: who can take a call, who is about to, who is on
 * one, then who is away. Within a state the longest in it comes first: the
 * longest-idle agent is next in line on a "leastrecent" queue, and the longest
 * pause is the one a shift lead wants to see.
 */
export const AGENT_STATE_ORDER: readonly AgentState[] = ['available', 'ringing', 'busy', 'wrapup', 'paused', 'loggedOut'];

const RANK = new Map(AGENT_STATE_ORDER.map((state, i) => [state, i]));

export interface BoardAgents {
  /** logged-in agents, ordered for the grid */
  present: AgentRow[];
  /** logged out of every queue, by name: collapsed into a count on the board */
  loggedOut: AgentRow[];
}

function sinceMs(agent: AgentRow): number {
  const ms = Date.parse(agent.stateSince);
  // An unparseable time sorts last within its state rather than first.
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

export function orderAgentsForBoard(agents: readonly AgentRow[]): BoardAgents {
  const keyed = agents.map((agent) => ({ agent, rank: RANK.get(agent.state) ?? AGENT_STATE_ORDER.length, since: sinceMs(agent) }));
  keyed.sort((a, b) => a.rank - b.rank || a.since - b.since || a.agent.name.localeCompare(b.agent.name));
  const ordered = keyed.map((k) => k.agent);
  return {
    present: ordered.filter((a) => a.state !== 'loggedOut'),
    loggedOut: ordered.filter((a) => a.state === 'loggedOut').sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** Seconds in the current state at `nowMs` (server clock). */
export function secondsInState(agent: AgentRow, nowMs: number): number {
  const since = Date.parse(agent.stateSince);
  return Number.isNaN(since) ? 0 : Math.max(0, Math.floor((nowMs - since) / 1000));
}
