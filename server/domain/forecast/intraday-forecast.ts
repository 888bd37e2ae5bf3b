/**
 * Calls offered for the rest of today: each slot's mean over the same weekday's
 * past days, scaled by how today ran so far against those means. Pure: the
 * caller says which of today's intervals are complete.
 */

/** One wall-clock slot of today with the same slot's history. */
export interface ForecastSlot {
  time: string;
  /** offered calls in this slot on each observed past day of the same weekday */
  history: readonly number[];
  /** offered calls today once the interval is complete; null for an interval to come (or under way) */
  today: number | null;
}

export interface SlotForecast {
  time: string;
  /** the weekday mean of the slot, unscaled */
  mean: number;
  forecast: number;
  low: number;
  high: number;
}

export interface IntradayForecast {
  /** today's offered so far over the means of the same intervals, shrunk towards 1 */
  scale: number;
  /** the slots to come, in the order given */
  intervals: SlotForecast[];
}

/**
 * Calls the day must have shown before its own ratio counts half: with
 * Poisson arrivals, 30 expected calls still leave ±18% noise in the ratio.
 */
export const DEFAULT_SHRINK_CALLS = 30;
/** mean ± 1.28 sd covers the middle 80% of a normal spread (10th to 90th percentile) */
const BAND_Z = 1.28;

export function intradayForecast(slots: readonly ForecastSlot[], shrinkCalls = DEFAULT_SHRINK_CALLS): IntradayForecast {
  let expectedSoFar = 0;
  let offeredSoFar = 0;
  for (const slot of slots) {
    if (slot.today === null || slot.history.length === 0) continue;
    expectedSoFar += mean(slot.history);
    offeredSoFar += slot.today;
  }
  const ratio = expectedSoFar > 0 ? offeredSoFar / expectedSoFar : 1;
  const weight = expectedSoFar / (expectedSoFar + shrinkCalls);
  const scale = 1 + weight * (ratio - 1);

  const intervals = slots
    .filter((slot) => slot.today === null)
    .map((slot): SlotForecast => {
      const m = mean(slot.history);
      const forecast = m * scale;
      // Counts spread at least as Poisson arrivals do: a few alike days must not collapse the band.
      const sd = Math.max(sampleSd(slot.history, m) * scale, Math.sqrt(forecast));
      return { time: slot.time, mean: m, forecast, low: Math.max(0, forecast - BAND_Z * sd), high: forecast + BAND_Z * sd };
    });
  return { scale, intervals };
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

function sampleSd(values: readonly number[], m: number): number {
  if (values.length < 2) return 0;
  return Math.sqrt(values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1));
}
