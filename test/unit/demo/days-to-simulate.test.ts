import { describe, expect, it } from 'vitest';
import { clipToDay } from '../../../server/demo/clip-to-day';
import { simulationThreads } from '../../../server/demo/day-simulator';
import { daysBefore, missingDays } from '../../../server/demo/days-to-simulate';
import { HistoryPreparation } from '../../../server/demo/history-preparation';
import type { HistoryFact } from '../../../server/history/history-facts';
import type { CallRecord } from '../../../server/domain/live-state';

describe('days to simulate', () => {
  it('are the days before today, newest first, across a month end', () => {
    expect(daysBefore('2026-03-02', 3)).toEqual(['2026-03-01', '2026-02-28', '2026-02-27']);
    expect(daysBefore('2026-03-02', 0)).toEqual([]);
  });

  it('leave out the days already written, keeping the order', () => {
    const days = daysBefore('2026-03-05', 4);
    expect(missingDays(days, new Set(['2026-03-03', '2026-03-01', '2026-02-01']))).toEqual(['2026-03-04', '2026-03-02']);
    expect(missingDays(days, new Set(days))).toEqual([]);
  });
});

describe('clipToDay', () => {
  const span = (from: number, to: number): HistoryFact => ({ kind: 'agentState', span: { agentId: 'a', state: 'idle', from, to, queues: [], pauseReason: null } });
  const call = (enteredAt: number): HistoryFact => ({ kind: 'call', call: { enteredAt } as CallRecord });

  it('keeps the calls that entered in the day and cuts spans to it', () => {
    const facts = [call(99), call(100), call(199), call(200), span(50, 120), span(150, 260), span(200, 300), span(90, 100)];
    expect(clipToDay(facts, 100, 200)).toEqual([call(100), call(199), span(100, 120), span(150, 200)]);
  });
});

describe('HistoryPreparation', () => {
  it('counts written days in whole percent and is done when told or when nothing is missing', () => {
    const preparation = new HistoryPreparation();
    expect(preparation.status()).toEqual({ preparing: false, doneDays: 0, totalDays: 0, pct: 100 });
    preparation.begin(28, 11);
    expect(preparation.status()).toEqual({ preparing: true, doneDays: 11, totalDays: 28, pct: 39 });
    preparation.dayWritten();
    expect(preparation.status()).toMatchObject({ preparing: true, doneDays: 12, pct: 42 });
    preparation.end();
    expect(preparation.status().preparing).toBe(false);
    preparation.begin(28, 28);
    expect(preparation.status()).toEqual({ preparing: false, doneDays: 28, totalDays: 28, pct: 100 });
  });
});

describe('simulationThreads', () => {
  it('leaves a core to the server and Postgres, and stops at three', () => {
    expect([1, 2, 3, 4, 16].map(simulationThreads)).toEqual([1, 1, 2, 3, 3]);
  });
});
