import type { AgentState } from '../../shared/snapshot';
import type { SimAgent } from './sim-entities';

/** The AST_DEVICE_* values a member's phone goes through in the model. */
export const DEVICE = { notInUse: 1, inUse: 2, unavailable: 5, ringing: 6 } as const;

/** The device state Asterisk sees for the member's phone. */
export function deviceOf(agent: SimAgent): number {
  if (agent.offline) return DEVICE.unavailable;
  if (agent.talk) return DEVICE.inUse;
  if (agent.ringing) return DEVICE.ringing;
  return DEVICE.notInUse;
}

/** The state the board should show for the agent at `now`, derived from the agent's facts. */
export function stateOf(agent: SimAgent, now: number): AgentState {
  if (!agent.loggedIn || agent.offline) return 'loggedOut';
  if (agent.talk) return 'busy';
  if (agent.ringing) return 'ringing';
  if (agent.paused) return 'paused';
  if (now < agent.wrapUntil) return 'wrapup';
  return 'available';
}

/** Where the time an agent spent in a state is booked (the ledger, through call-books.ts). */
export interface StateBook {
  agentTime(agentId: string, state: AgentState, from: number, to: number, pauseReason: string): void;
}

/** Re-derives the agent's state after a change; `stateSince` moves only when the state did, and the state that ended is booked. */
export function refreshState(agent: SimAgent, now: number, book: StateBook): void {
  const state = stateOf(agent, now);
  if (state !== agent.state) {
    // A pause keeps its reason until the next one (login clears it), so it is still the ended pause's here.
    book.agentTime(agent.id, agent.state, agent.stateSince, now, agent.pausedReason);
    agent.state = state;
    agent.stateSince = now;
  }
}
