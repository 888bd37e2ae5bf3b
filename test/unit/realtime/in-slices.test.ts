import { describe, expect, it } from 'vitest';
import { inSlices } from '../../../server/realtime/in-slices';

describe('inSlices', () => {
  it('hands every item over once, in order, in slices of at most `size`', async () => {
    const slices: number[][] = [];
    await inSlices(Array.from({ length: 23 }, (_, i) => i), 5, (slice) => slices.push(slice));
    expect(slices.map((s) => s.length)).toEqual([5, 5, 5, 5, 3]);
    expect(slices.flat()).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('lets other work run between slices', async () => {
    const log: string[] = [];
    const sending = inSlices([1, 2, 3], 1, (slice) => log.push(`slice ${slice[0]}`));
    setImmediate(() => log.push('other'));
    await sending;
    expect(log.indexOf('other')).toBeGreaterThan(0);
    expect(log.indexOf('other')).toBeLessThan(log.length - 1);
  });
});
