import type { IntervalStats } from '../../shared/history-api';
import { addCounters, emptyCounters, type Counters } from '../domain/live-state';
import { periodStats } from '../domain/queue-metrics';
import { INTERVAL_MS } from '../../shared/site-time';

/** What interval_stats holds for one interval (or the sum of several). */
export interface StoredInterval {
  counters: Counters;
  /** wait of every caller, seconds */
  waitSec: number;
  /** agent-seconds logged in and not paused; of those, on a call or in wrap-up */
  staffedSec: number;
  occupiedSec: number;
}

export function emptyStoredInterval(): StoredInterval {
  return { counters: emptyCounters(), waitSec: 0, staffedSec: 0, occupiedSec: 0 };
}

export function addStoredInterval(target: StoredInterval, other: StoredInterval): void {
  addCounters(target.counters, other.counters);
  target.waitSec += other.waitSec;
  target.staffedSec += other.staffedSec;
  target.occupiedSec += other.occupiedSec;
}

export function sumStoredIntervals(items: Iterable<StoredInterval>): StoredInterval {
  const sum = emptyStoredInterval();
  for (const item of items) addStoredInterval(sum, item);
  return sum;
}

/**
 * The payload figures of `intervalCount` pooled intervals: rates from the
 * summed counters (periodStats, the live board's definitions), staffing as the
 * mean number of agents over that time.
 */
export function intervalStats(stored: StoredInterval, intervalCount = 1): IntervalStats {
  const seconds = (intervalCount * INTERVAL_MS) / 1000;
  return {
    ...periodStats(stored.counters),
    waitSec: stored.waitSec,
    staffedAgents: seconds > 0 ? stored.staffedSec / seconds : 0,
    occupancyPct: stored.staffedSec > 0 ? (100 * stored.occupiedSec) / stored.staffedSec : null,
  };
}
