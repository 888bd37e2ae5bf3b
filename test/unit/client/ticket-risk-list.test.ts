import { describe, expect, it } from 'vitest';
import { cutRows, orderAtRisk, rowsThatFit } from '../../../client/src/ticket-risk-list';
import { atRiskTicket } from '../../support/board-fixtures';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const ids = (tickets: ReadonlyArray<{ id: string }>) => tickets.map((t) => t.id);

describe('orderAtRisk', () => {
  it('lists breached tickets first, longest overdue on top, then by least time left', () => {
    const tickets = [
      atRiskTicket(NOW, 600, { id: 'ten-min' }),
      atRiskTicket(NOW, -30, { id: 'over-30s' }),
      atRiskTicket(NOW, 60, { id: 'one-min' }),
      atRiskTicket(NOW, -900, { id: 'over-15min' }),
    ];
    expect(ids(orderAtRisk(tickets))).toEqual(['over-15min', 'over-30s', 'one-min', 'ten-min']);
  });

  it('puts a ticket the server flags breached first even if its due time looks ahead on our clock', () => {
    const flagged = { ...atRiskTicket(NOW, 5, { id: 'flagged' }), breached: true };
    expect(ids(orderAtRisk([atRiskTicket(NOW, 1, { id: 'soon' }), flagged]))).toEqual(['flagged', 'soon']);
  });

  it('sorts a ticket without a readable due time last, and keeps ties in server order', () => {
    const broken = { ...atRiskTicket(NOW, 10, { id: 'broken' }), dueAt: 'n/a' };
    const tickets = [broken, atRiskTicket(NOW, 90, { id: 'a' }), atRiskTicket(NOW, 90, { id: 'b' })];
    expect(ids(orderAtRisk(tickets))).toEqual(['a', 'b', 'broken']);
  });

  it('does not reorder the array it was given', () => {
    const tickets = [atRiskTicket(NOW, 60, { id: 'x' }), atRiskTicket(NOW, -60, { id: 'y' })];
    orderAtRisk(tickets);
    expect(ids(tickets)).toEqual(['x', 'y']);
  });
});

describe('rowsThatFit', () => {
  it('counts whole rows with the gaps between them', () => {
    // 9 rows of 47 px with 4 px gaps take 9 * 47 + 8 * 4 = 455 px.
    expect(rowsThatFit(455, 47, 4)).toBe(9);
    expect(rowsThatFit(454, 47, 4)).toBe(8);
    expect(rowsThatFit(47, 47, 4)).toBe(1);
  });

  it('fits nothing in no space or with an unmeasured row', () => {
    expect(rowsThatFit(0, 47, 4)).toBe(0);
    expect(rowsThatFit(46, 47, 4)).toBe(0);
    expect(rowsThatFit(500, 0, 4)).toBe(0);
    expect(rowsThatFit(Number.NaN, 47, 4)).toBe(0);
  });
});

describe('cutRows', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];

  it('shows everything when it fits', () => {
    expect(cutRows(items, 5)).toEqual({ shown: items, more: 0 });
    expect(cutRows(items, Number.POSITIVE_INFINITY)).toEqual({ shown: items, more: 0 });
  });

  it('gives the last slot to "+N more" when cut, so N counts every row left out', () => {
    expect(cutRows(items, 4)).toEqual({ shown: ['a', 'b', 'c'], more: 2 });
    expect(cutRows(items, 1)).toEqual({ shown: [], more: 5 });
  });

  it('still says how many there are with no slot at all', () => {
    expect(cutRows(items, 0)).toEqual({ shown: [], more: 5 });
  });
});
