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

  it('with a turn budget, sends slices in one turn until the budget is spent, then yields', async () => {
    let clock = 0;
    // counts event-loop turns: one increment per check phase while the sending runs
    let turn = 0;
    let counting = true;
    const count = () => {
      turn += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    const sentInTurn = new Map<number, number[]>();
    // each slice "takes" 2 ms of the clock: a 5 ms budget fits three slices (0, 2, 4 ms elapsed at their start)
    await inSlices(
      Array.from({ length: 8 }, (_, i) => i),
      1,
      (slice) => {
        clock += 2;
        sentInTurn.set(turn, [...(sentInTurn.get(turn) ?? []), slice[0]!]);
      },
      { ms: 5, now: () => clock },
    );
    counting = false;
    expect([...sentInTurn.values()]).toEqual([[0, 1, 2], [3, 4, 5], [6, 7]]);
  });
});
