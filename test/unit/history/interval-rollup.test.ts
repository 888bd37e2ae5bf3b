import { describe, expect, it } from 'vitest';
import { intervalRanges } from '../../../server/history/interval-rollup';

const Q = 15 * 60_000;
const at = (iso: string): number => Date.parse(iso);

describe('interval ranges of a rollup', () => {
  it('joins intervals less than a day apart into one range, gaps included, in time order, whatever order and repeats they come in', () => {
    const march = at('2026-03-02T09:00:00Z');
    const july = at('2026-07-06T09:00:00Z');
    expect(intervalRanges([july + Q, march + Q, march, july, march, march + 3 * Q, march + 95 * Q, march + 96 * Q])).toEqual([
      { from: march, to: march + 96 * Q },
      { from: march + 96 * Q, to: march + 97 * Q },
      { from: july, to: july + 2 * Q },
    ]);
  });

  it('cuts a run at a day of intervals, so that no statement covers more than a day', () => {
    const start = at('2026-03-02T00:00:00Z');
    const threeDays = Array.from({ length: 3 * 96 + 5 }, (_, i) => start + i * Q);
    const ranges = intervalRanges(threeDays);
    expect(ranges.map((r) => (r.to - r.from) / Q)).toEqual([96, 96, 96, 5]);
    expect(ranges[0]!.from).toBe(start);
    expect(ranges[3]!.to).toBe(start + (3 * 96 + 5) * Q);
    expect(intervalRanges([])).toEqual([]);
  });
});
