import { describe, expect, it } from 'vitest';
import { sparklinePath } from '../../../client/src/sparkline-path';

describe('sparklinePath', () => {
  it('spreads the points over the width with the largest value at the top', () => {
    expect(sparklinePath([0, 10, 5], 100, 20)).toBe('M0 20 L50 0 L100 10');
  });

  it('breaks the line at a minute nobody watched', () => {
    expect(sparklinePath([2, null, 4, 4], 30, 10, 4)).toBe('M0 5 M20 0 L30 0');
  });

  it('does not fill the height with a couple of callers', () => {
    expect(sparklinePath([1, 1], 10, 10)).toBe('M0 8 L10 8');
  });

  it('draws nothing without a watched minute', () => {
    expect(sparklinePath([null, null], 10, 10)).toBe('');
  });
});
