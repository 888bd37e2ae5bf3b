import type { AgentCounts } from '../../shared/snapshot';
import type { IntradayResponse } from '../../shared/history-api';

/**
 * The board's one line of the coming hour: calls the forecast expects
 * (GET /api/plan/intraday), the agents it needs (Erlang C, the busiest of the
 * four intervals) and those staffed now, live: logged in and not paused, as
 * history counts staffed time.
 */
export function nextHourLine(nextHour: IntradayResponse['nextHour'], agents: AgentCounts): string {
  const calls = Math.round(nextHour.offered);
  const needed = nextHour.agentsNeeded === null ? '' : `, ${nextHour.agentsNeeded} ${nextHour.agentsNeeded === 1 ? 'agent' : 'agents'} needed`;
  return `Next hour: ${calls} ${calls === 1 ? 'call' : 'calls'} expected${needed}, ${agents.loggedIn - agents.paused} staffed now`;
}
