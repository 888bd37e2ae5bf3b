import { describe, expect, it } from 'vitest';
import { emptyCounters, type Counters } from '../../../shared/call-counters';
import { INTERVAL_MS } from '../../../shared/site-time';
import { rolling30MinCounters } from '../../../server/alerts/rolling-window';

const START = Date.parse('2026-03-02T10:15:00Z');
const calls = (answered: number, answeredWithinSl: number): Record<string, Counters> => ({
  q: { ...emptyCounters(), offered: answered, answered, answeredWithinSl },
});

describe('rolling 30-minute counters', () => {
  const recent = { currentStart: START, current: calls(2, 2), previous: calls(4, 2), beforePrevious: calls(10, 0) };

  it('are the last two intervals whole on a boundary, and the oldest pro rata in between', () => {
    expect(rolling30MinCounters(recent, START + INTERVAL_MS).q).toMatchObject({ answered: 6, answeredWithinSl: 4 });
    expect(rolling30MinCounters(recent, START).q).toMatchObject({ answered: 16, answeredWithinSl: 4 });
    // a third into the current interval: two thirds of the oldest still fall in the window
    expect(rolling30MinCounters(recent, START + INTERVAL_MS / 3).q!.answered).toBeCloseTo(2 + 4 + 10 * (2 / 3));
  });
});
