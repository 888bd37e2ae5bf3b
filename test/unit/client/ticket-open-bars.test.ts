import { describe, expect, it } from 'vitest';
import { openBars } from '../../../client/src/ticket-open-bars';
import { busyTickets, ticketSnapshot } from '../../support/board-fixtures';

describe('openBars', () => {
  it('splits each line by priority, summing the statuses of the matrix', () => {
    const bars = openBars(busyTickets(Date.parse('2026-03-02T09:00:00Z')));
    const l1 = bars.find((b) => b.line === 'L1')!;
    // L1: high 4 new + 9 open, medium 61, low 38 new + 72 open.
    expect(l1.total).toBe(184);
    expect(l1.segments.map((s) => [s.priority, s.count])).toEqual([
      ['high', 13],
      ['medium', 61],
      ['low', 110],
    ]);
    expect(bars.map((b) => b.line)).toEqual(['L1', 'L2', 'L3']);
  });

  it('draws the busiest line full length and the others in proportion', () => {
    const tickets = ticketSnapshot({
      openMatrix: [
        { status: 'open', priority: 'high', line: 'L1', count: 10 },
        { status: 'open', priority: 'low', line: 'L1', count: 30 },
        { status: 'open', priority: 'medium', line: 'L2', count: 20 },
      ],
    });
    const [l1, l2, l3] = openBars(tickets);
    expect(l1!.widthPct).toBe(100);
    expect(l1!.segments.map((s) => s.widthPct)).toEqual([25, 0, 75]);
    expect(l2!.widthPct).toBe(50);
    expect(l3).toMatchObject({ total: 0, widthPct: 0 });
  });

  it('has empty bars and no division by zero when nothing is open', () => {
    const bars = openBars(ticketSnapshot());
    expect(bars.every((b) => b.total === 0 && b.widthPct === 0 && b.segments.every((s) => s.widthPct === 0))).toBe(true);
  });

  it('shows the line total the server reports even when the matrix covers less of it', () => {
    const tickets = { ...ticketSnapshot({ openMatrix: [{ status: 'open', priority: 'high', line: 'L2', count: 5 }] }) };
    const bars = openBars({ ...tickets, openByLine: { L1: 0, L2: 20, L3: 0 } });
    const l2 = bars[1]!;
    expect(l2.total).toBe(20);
    expect(l2.widthPct).toBe(100);
    expect(l2.segments[0]!.widthPct).toBe(25);
  });
});
