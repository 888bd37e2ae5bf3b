import type { AgentCounts } from '../../shared/snapshot';
import type { IntradayResponse } from '../../shared/history-api';
import { t } from './i18n/i18n';

/**
 * The board's one line of the coming hour: calls the forecast expects
 * (GET /api/plan/intraday), the agents it needs (Erlang C, the busiest of the
 * four intervals) and those staffed now, live: logged in and not paused, as
 * history counts staffed time.
 */
export function nextHourLine(nextHour: IntradayResponse['nextHour'], agents: AgentCounts): string {
  const calls = Math.round(nextHour.offered);
  const needed = nextHour.agentsNeeded === null ? '' : t('tile.nextHourNeeded', { count: nextHour.agentsNeeded });
  return t('tile.nextHour', { calls: t('tile.nextHourCalls', { count: calls }), needed, staffed: agents.loggedIn - agents.paused });
}
