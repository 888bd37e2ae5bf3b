import { z } from 'zod';

/** Percentiles of a sample, by the nearest-rank method; null for an empty sample. */
export interface Spread {
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}
export const spreadSchema = z.object({
  count: z.number(),
  p50: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
});

export function spreadOf(values: readonly number[]): Spread {
  if (values.length === 0) return { count: 0, p50: null, p99: null, max: null };
  const sorted = Float64Array.from(values).sort();
  const rank = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { count: sorted.length, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1]! };
}

/** Percentiles of values that occur `weight` times each (events sent together in one write). */
export function weightedSpreadOf(values: readonly { value: number; weight: number }[]): Spread {
  const sorted = [...values].filter((v) => v.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, v) => sum + v.weight, 0);
  if (total === 0) return { count: 0, p50: null, p99: null, max: null };
  const rank = (q: number): number => {
    let seen = 0;
    for (const v of sorted) {
      seen += v.weight;
      if (seen >= q * total) return v.value;
    }
    return sorted[sorted.length - 1]!.value;
  };
  return { count: total, p50: rank(0.5), p99: rank(0.99), max: sorted[sorted.length - 1]!.value };
}

/** One cumulative bucket of a Prometheus histogram: observations <= le. */
export interface CumulativeBucket {
  le: number;
  count: number;
}

/**
 * Prometheus' histogram_quantile: the bucket holding the q-th observation,
 * interpolated linearly inside it. Only as fine as the buckets; an answer in
 * the +Inf bucket is reported as the highest finite bound.
 */
export function histogramQuantile(q: number, buckets: readonly CumulativeBucket[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const target = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of sorted) {
    if (bucket.count >= target) {
      if (!Number.isFinite(bucket.le)) return lowerBound;
      const inBucket = bucket.count - lowerCount;
      return inBucket === 0 ? bucket.le : lowerBound + ((bucket.le - lowerBound) * (target - lowerCount)) / inBucket;
    }
    lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}
