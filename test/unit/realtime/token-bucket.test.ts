import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../../server/realtime/token-bucket';

describe('TokenBucket', () => {
  it('allows a burst of its capacity, then one more per period / capacity', () => {
    const bucket = new TokenBucket(5, 10_000, 0);
    expect(Array.from({ length: 7 }, () => bucket.take(0))).toEqual([true, true, true, true, true, false, false]);
    expect(bucket.take(1_999)).toBe(false);
    expect(bucket.take(2_000)).toBe(true);
    expect(bucket.take(2_000)).toBe(false);
    // a long pause refills to capacity, not beyond
    expect(Array.from({ length: 6 }, () => bucket.take(1_000_000))).toEqual([true, true, true, true, true, false]);
  });
});
