import { addCounters, emptyCounters, type Counters } from '../../shared/call-counters';
import { INTERVAL_MS } from '../../shared/site-time';

/** The 15-minute intervals that overlap the last 30 minutes: the current one and the two before it (oldest last). */
export interface RecentIntervals {
  currentStart: number;
  current: Record<string, Counters>;
  previous: Record<string, Counters>;
  beforePrevious: Record<string, Counters>;
}

/**
 * Per-queue counters of the last 30 minutes. The store counts calls per
 * 15-minute interval, not per call time, so the oldest interval, which the
 * window covers only in part, counts pro rata to the part it covers: exact
 * on interval boundaries, an even spread of that interval's calls in between.
 */
export function rolling30MinCounters(recent: RecentIntervals, now: number): Record<string, Counters> {
  const elapsed = Math.min(Math.max(now - recent.currentStart, 0), INTERVAL_MS);
  const oldestShare = (INTERVAL_MS - elapsed) / INTERVAL_MS;
  const out: Record<string, Counters> = {};
  const add = (byQueue: Record<string, Counters>, share: number): void => {
    for (const [queue, counters] of Object.entries(byQueue)) {
      const scaled = Object.fromEntries(Object.entries(counters).map(([field, value]) => [field, value * share])) as Counters;
      addCounters((out[queue] ??= emptyCounters()), scaled);
    }
  };
  add(recent.current, 1);
  add(recent.previous, 1);
  if (oldestShare > 0) add(recent.beforePrevious, oldestShare);
  return out;
}
