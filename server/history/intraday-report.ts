import type { IntradayResponse } from '../../shared/history-api';
import { INTERVAL_MS, intervalStart } from '../../shared/site-time';
import { intradayForecast, type ForecastSlot } from '../domain/forecast/intraday-forecast';
import { ahtSec } from '../domain/queue-metrics';
import { estimatePatienceSec } from '../domain/staffing/erlang-a';
import type { ServiceTarget } from '../domain/staffing/staffing';
import { dayGrid } from './interval-grid';
import { addStoredInterval, emptyStoredInterval, intervalStats, sumStoredIntervals, type StoredInterval } from './interval-stats';
import { agentsRequired } from './staffing-report';

const NEXT_HOUR_INTERVALS = 4;

export interface IntradayInput {
  timeZone: string;
  now: number;
  today: string;
  /** the observed past days of today's weekday with their rollup rows by interval start */
  history: readonly { day: string; calls: ReadonlyMap<number, StoredInterval> }[];
  todayCalls: ReadonlyMap<number, StoredInterval>;
  target: ServiceTarget;
}

export type IntradayReport = Pick<IntradayResponse, 'asOf' | 'scale' | 'observedDays' | 'intervals' | 'nextHour'>;

/**
 * The rest of today: the forecast per interval to come (the one under way
 * first) with the agents it needs at the target, handle time from the slot's
 * history (else the history's overall) and patience from all of it.
 */
export function intradayReport(input: IntradayInput): IntradayReport {
  const { timeZone, now, today, history, todayCalls, target } = input;
  const asOf = intervalStart(timeZone, now);
  const samples = new Map<string, number[]>();
  const pooled = new Map<string, StoredInterval>();
  for (const { day, calls } of history) {
    const offeredByTime = new Map<string, number>();
    for (const { start, time } of dayGrid(timeZone, day)) {
      const stored = calls.get(start) ?? emptyStoredInterval();
      // a fall-back day's repeated hour counts once per wall-clock slot, as the heatmap pools it
      offeredByTime.set(time, (offeredByTime.get(time) ?? 0) + stored.counters.offered);
      const slot = pooled.get(time) ?? emptyStoredInterval();
      addStoredInterval(slot, stored);
      pooled.set(time, slot);
    }
    for (const [time, offered] of offeredByTime) samples.set(time, [...(samples.get(time) ?? []), offered]);
  }
  const basis = sumStoredIntervals(pooled.values());
  const basisAht = ahtSec(basis.counters);
  const patienceSec = estimatePatienceSec(basis.counters.abandoned, basis.waitSec);

  const grid = dayGrid(timeZone, today);
  const slots = grid.map(({ start, time }): ForecastSlot => ({
    time,
    history: samples.get(time) ?? [],
    today: start < asOf ? (todayCalls.get(start)?.counters.offered ?? 0) : null,
  }));
  const forecast = intradayForecast(slots);
  const toCome = grid.filter(({ start }) => start >= asOf);
  const intervals = forecast.intervals.map((slot, i) => {
    const pooledSlot = pooled.get(slot.time);
    const aht = (pooledSlot && ahtSec(pooledSlot.counters)) ?? basisAht;
    const { requiredC, requiredA } = agentsRequired(slot.forecast, aht, patienceSec, target);
    return {
      intervalStart: new Date(toCome[i]!.start).toISOString(),
      time: slot.time,
      forecastOffered: slot.forecast,
      low: slot.low,
      high: slot.high,
      ahtSec: aht,
      requiredErlangC: requiredC,
      requiredErlangA: requiredA,
    };
  });

  const nextHour = intervals.slice(0, NEXT_HOUR_INTERVALS);
  const needed = nextHour.map((i) => i.requiredErlangC);
  const lastComplete = asOf - INTERVAL_MS;
  return {
    asOf: new Date(asOf).toISOString(),
    scale: forecast.scale,
    observedDays: history.length,
    intervals,
    nextHour: {
      offered: nextHour.reduce((sum, i) => sum + i.forecastOffered, 0),
      agentsNeeded: needed.length === 0 || needed.includes(null) ? null : Math.max(...(needed as number[])),
      staffedNow: grid[0]!.start > lastComplete ? null : intervalStats(todayCalls.get(lastComplete) ?? emptyStoredInterval()).staffedAgents,
    },
  };
}
