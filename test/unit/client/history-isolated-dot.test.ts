import { describe, expect, it } from 'vitest';
import { isIsolated } from '../../../client/src/pages/shared/isolated-dot';

describe('isolated points of a line with gaps', () => {
  it('marks a value with nothing measured on either side, which a line alone would not draw', () => {
    const values = [null, 12, null, 5, 6, null, 7];
    expect(values.map((_, i) => isIsolated(values, i))).toEqual([false, true, false, false, false, false, true]);
  });

  it('does not mark gaps, or points on a drawn segment', () => {
    expect(isIsolated([null, null], 0)).toBe(false);
    expect(isIsolated([3, 4], 0)).toBe(false);
    expect(isIsolated([0], 0)).toBe(true);
  });
});
