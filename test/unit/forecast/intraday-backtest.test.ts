import { describe, expect, it } from 'vitest';
import { addDays } from '../../../shared/site-time';
import { backtestIntraday, type OfferedDay } from '../../../server/domain/forecast/intraday-backtest';
import { BACKTEST_CUTS } from '../../../bench/intraday-backtest';
import { simulatedOfferedDays } from '../../../bench/support/simulated-offered';

const TIMES = Array.from({ length: 96 }, (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`);

/** `weeks` weeks of days with `calls(dayIndex)` offered in every slot. */
function days(weeks: number, calls: (index: number) => number): OfferedDay[] {
  return Array.from({ length: 7 * weeks }, (_, d) => ({ day: addDays('2026-01-05', d), slots: TIMES.map((time) => ({ time, offered: calls(d) })) }));
}

describe('backtestIntraday', () => {
  it('weeks alike: both forecasts are exact', () => {
    const result = backtestIntraday(days(5, () => 10), ['10:00']);
    expect(result.forecastDays).toBe(7);
    expect(result.weekdayMean).toMatchObject({ interval: 0, hour: 0, intervals: 7 * 56, hours: 7 * 14 });
    expect(result.sameWeekdayLastWeek).toMatchObject({ interval: 0, hour: 0 });
  });

  it('an odd week misleads last week more than the mean of four', () => {
    // week 4 (the last of the history) ran at 20 calls a slot, every other week at 10
    const result = backtestIntraday(days(5, (d) => (d >= 21 && d < 28 ? 20 : 10)), ['10:00']);
    expect(result.sameWeekdayLastWeek.interval).toBeCloseTo(100, 9);
    expect(result.weekdayMean.interval).toBeLessThan(result.sameWeekdayLastWeek.interval);
  });

  it('runs over simulated demo weeks with finite errors for both forecasts', () => {
    const series = simulatedOfferedDays('2026-01-05', 29);
    const result = backtestIntraday(series.get('all queues')!, BACKTEST_CUTS);
    expect(result.forecastDays).toBe(1);
    for (const mape of [result.weekdayMean, result.sameWeekdayLastWeek]) {
      expect(Number.isFinite(mape.interval)).toBe(true);
      expect(Number.isFinite(mape.hour)).toBe(true);
    }
  }, 60_000);
});
