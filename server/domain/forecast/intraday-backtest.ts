import { addDays } from '../../../shared/site-time';
import { intradayForecast } from './intraday-forecast';

/** One past site day: offered calls per wall-clock slot, in the day's order. */
export interface OfferedDay {
  day: string;
  slots: readonly { time: string; offered: number }[];
}

/** Mean absolute percentage error, in %, over the comparisons whose actual was not zero (a zero has no percentage). */
export interface Mape {
  interval: number;
  hour: number;
  /** comparisons behind each figure */
  intervals: number;
  hours: number;
}

export interface BacktestResult {
  forecastDays: number;
  weekdayMean: Mape;
  sameWeekdayLastWeek: Mape;
}

const MAX_WEEKS = 8;
const SLOTS_PER_HOUR = 4;

/**
 * For each day with `warmupDays` of history before it, at each cut (wall
 * clock, on the hour), forecast the rest of the day two ways and compare with
 * what came: the weekday mean scaled by the day so far (intradayForecast), and
 * the same slot on the same weekday a week earlier. Hours are the clock hours
 * wholly after the cut.
 */
export function backtestIntraday(days: readonly OfferedDay[], cuts: readonly string[], warmupDays = 28): BacktestResult {
  const byDay = new Map(days.map((d) => [d.day, new Map(d.slots.map((s) => [s.time, s.offered]))]));
  const first = days[0]?.day;
  const method = new ErrorSum();
  const naive = new ErrorSum();
  let forecastDays = 0;
  for (const { day, slots } of days) {
    if (first === undefined || day < addDays(first, warmupDays)) continue;
    const history = Array.from({ length: MAX_WEEKS }, (_, w) => byDay.get(addDays(day, -7 * (w + 1)))).filter((d) => d !== undefined);
    const lastWeek = byDay.get(addDays(day, -7));
    if (!lastWeek) continue;
    forecastDays++;
    for (const cut of cuts) {
      const toCome = slots.filter((s) => s.time >= cut);
      const forecast = intradayForecast(
        slots.map((s) => ({ time: s.time, history: history.map((h) => h.get(s.time) ?? 0), today: s.time < cut ? s.offered : null })),
      );
      const actual = toCome.map((s) => s.offered);
      method.add(actual, forecast.intervals.map((i) => i.forecast));
      naive.add(actual, toCome.map((s) => lastWeek.get(s.time) ?? 0));
    }
  }
  return { forecastDays, weekdayMean: method.mape(), sameWeekdayLastWeek: naive.mape() };
}

class ErrorSum {
  private intervalSum = 0;
  private intervals = 0;
  private hourSum = 0;
  private hours = 0;

  add(actual: readonly number[], forecast: readonly number[]): void {
    for (let i = 0; i < actual.length; i++) {
      if (actual[i]! > 0) {
        this.intervalSum += Math.abs(forecast[i]! - actual[i]!) / actual[i]!;
        this.intervals++;
      }
    }
    for (let i = 0; i + SLOTS_PER_HOUR <= actual.length; i += SLOTS_PER_HOUR) {
      const a = sum(actual.slice(i, i + SLOTS_PER_HOUR));
      if (a > 0) {
        this.hourSum += Math.abs(sum(forecast.slice(i, i + SLOTS_PER_HOUR)) - a) / a;
        this.hours++;
      }
    }
  }

  mape(): Mape {
    return {
      interval: this.intervals === 0 ? NaN : (100 * this.intervalSum) / this.intervals,
      hour: this.hours === 0 ? NaN : (100 * this.hourSum) / this.hours,
      intervals: this.intervals,
      hours: this.hours,
    };
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
