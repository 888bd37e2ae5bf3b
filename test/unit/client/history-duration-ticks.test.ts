import { describe, expect, it } from 'vitest';
import { durationTicks } from '../../../client/src/pages/shared/duration-ticks';

describe('seconds axis ticks', () => {
  it('steps in units a reader counts in, with room above the highest value', () => {
    expect(durationTicks(300)).toEqual([0, 120, 240, 360]);
    expect(durationTicks(40)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(durationTicks(100)).toEqual([0, 30, 60, 90, 120]);
  });

  it('keeps to at most the asked number of steps, also for hours', () => {
    for (const max of [1, 7, 59, 61, 299, 301, 1799, 5000, 20_000, 100_000]) {
      const ticks = durationTicks(max);
      expect(ticks.length - 1).toBeLessThanOrEqual(5);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
    }
  });

  it('shows a minute when there is nothing to measure', () => {
    expect(durationTicks(0).at(-1)).toBeGreaterThanOrEqual(60);
    expect(durationTicks(Number.NaN).at(-1)).toBeGreaterThanOrEqual(60);
  });
});
