const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * How long counters live after their last write. Day counters feed "today" and a
 * comparison with the same weekday a week back (8 days covers it); interval
 * counters only need to outlive the history writer copying them to Postgres,
 * with room for an outage of a weekend (3 days).
 */
export interface CounterRetention {
  dayMs: number;
  intervalMs: number;
}

export const DEFAULT_COUNTER_RETENTION: CounterRetention = { dayMs: 8 * DAY_MS, intervalMs: 3 * DAY_MS };
