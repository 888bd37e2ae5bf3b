import { describe, expect, it } from 'vitest';
import { intradayForecast, type ForecastSlot } from '../../../server/domain/forecast/intraday-forecast';

/** A day of `n` slots whose past days gave `mean` ± `spread` calls each; the first `done` slots today gave `factor` x mean. */
function day(n: number, done: number, factor: number, mean = 20, spread = 4): ForecastSlot[] {
  return Array.from({ length: n }, (_, i) => ({
    time: `t${i}`,
    history: [mean - spread, mean, mean + spread],
    today: i < done ? mean * factor : null,
  }));
}

describe('intradayForecast', () => {
  it('a day running 20% above its means late in the day is scaled near 1.2', () => {
    const result = intradayForecast(day(40, 36, 1.2));
    expect(result.scale).toBeGreaterThan(1.19);
    expect(result.scale).toBeLessThan(1.2);
    expect(result.intervals).toHaveLength(4);
    expect(result.intervals[0]!.forecast).toBeCloseTo(20 * result.scale, 9);
  });

  it('early in the day the factor stays near 1', () => {
    const result = intradayForecast(day(40, 1, 1.5));
    // 20 expected calls against 30 of shrinkage: only 40% of the 50% excess counts
    expect(result.scale).toBeCloseTo(1 + (20 / 50) * 0.5, 9);
    expect(intradayForecast(day(40, 0, 1.5)).scale).toBe(1);
  });

  it('forecasts only the slots to come, in order', () => {
    const result = intradayForecast(day(10, 7, 1));
    expect(result.intervals.map((i) => i.time)).toEqual(['t7', 't8', 't9']);
    expect(result.scale).toBe(1);
  });

  it('the band contains the forecast and the mean, and follows the days spread', () => {
    const narrow = intradayForecast(day(10, 5, 1, 100, 1)).intervals[0]!;
    const wide = intradayForecast(day(10, 5, 1, 100, 30)).intervals[0]!;
    for (const slot of [narrow, wide]) {
      expect(slot.low).toBeLessThanOrEqual(slot.mean);
      expect(slot.high).toBeGreaterThanOrEqual(slot.mean);
      expect(slot.low).toBeLessThan(slot.forecast);
      expect(slot.high).toBeGreaterThan(slot.forecast);
    }
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
    // alike days still leave Poisson noise: ±1.28 sqrt(100)
    expect(narrow.high - narrow.low).toBeCloseTo(2 * 1.28 * 10, 9);
  });

  it('a slot never seen before forecasts no calls, and never a negative low', () => {
    const slots: ForecastSlot[] = [
      { time: 'a', history: [10], today: 12 },
      { time: 'b', history: [], today: null },
      { time: 'c', history: [0, 0, 9], today: null },
    ];
    const [b, c] = intradayForecast(slots).intervals;
    expect(b).toMatchObject({ forecast: 0, low: 0, high: 0 });
    expect(c!.low).toBe(0);
  });
});
