import type { AlertMetric } from '../../shared/alerts';
import { addCounters, COUNTER_FIELDS, emptyCounters, type Counters } from '../../shared/call-counters';
import type { LiveSnapshot, PeriodStats } from '../../shared/snapshot';
import { abandonRatePct, serviceLevelPct } from '../domain/queue-metrics';

/** What the rules look at: the snapshot, and what the snapshot does not carry. */
export interface AlertFigureInputs {
  snapshot: LiveSnapshot;
  historyDegraded: boolean;
}

/** The counters a period's figures were made from. */
export function countersOfStats(stats: PeriodStats): Counters {
  return Object.fromEntries(COUNTER_FIELDS.map((field) => [field, stats[field]])) as Counters;
}

function sum(list: readonly Counters[]): Counters {
  const total = emptyCounters();
  for (const counters of list) addCounters(total, counters);
  return total;
}

/**
 * A rule's figure: of one queue, or of the whole site when `queue` is null
 * (waiting callers summed, the longest wait of all, service levels and
 * abandon rate of all calls together, distinct agents available). Null when
 * there is none: a queue the board does not know, a rate with no calls.
 */
export function alertFigure(inputs: AlertFigureInputs, metric: AlertMetric, queue: string | null): number | null {
  const { snapshot } = inputs;
  const tiles = queue === null ? snapshot.queues : snapshot.queues.filter((tile) => tile.id === queue);
  if (tiles.length === 0 && queue !== null) return null;
  const today = (): Counters => sum(tiles.map((tile) => countersOfStats(tile.today)));
  switch (metric) {
    case 'waiting':
      return tiles.reduce((n, tile) => n + tile.waiting, 0);
    case 'longestWaitSec':
      return tiles.reduce((most, tile) => Math.max(most, tile.longestWaitSec), 0);
    case 'serviceLevelTodayPct':
      return serviceLevelPct(today());
    case 'serviceLevelIntervalPct':
      return serviceLevelPct(sum(tiles.map((tile) => countersOfStats(tile.currentInterval))));
    case 'serviceLevel30MinPct':
      return serviceLevelPct(sum(tiles.map((tile) => countersOfStats(tile.rolling30.stats))));
    case 'agentsAvailable':
      return queue === null ? snapshot.agents.filter((agent) => agent.state === 'available').length : tiles[0]!.agents.available;
    case 'abandonRatePct':
      return abandonRatePct(today());
    case 'ticketsBreached':
      return snapshot.tickets?.breached ?? null;
    case 'ticketsAtRisk':
      return snapshot.tickets ? snapshot.tickets.atRisk.filter((ticket) => !ticket.breached).length : null;
    case 'pbxLinkDown':
      return snapshot.source.connected ? 0 : 1;
    case 'historyDegraded':
      return inputs.historyDegraded ? 1 : 0;
  }
}
