import { describe, expect, it } from 'vitest';
import { emptyCounters, type Counters } from '../../../shared/call-counters';
import { QueueMinuteHistory } from '../../../server/snapshot/queue-minute-history';

const T0 = Date.parse('2026-11-23T09:00:00Z');
const min = (n: number, sec = 0): number => T0 + n * 60_000 + sec * 1000;
const counters = (c: Partial<Counters>): Counters => ({ ...emptyCounters(), ...c });

describe('QueueMinuteHistory', () => {
  it('gives what the counters gained since the start of the minute 30 minutes back', () => {
    const history = new QueueMinuteHistory();
    for (let m = 0; m <= 45; m++) history.observe(min(m), 'd1', [{ queueId: 'q', dayCounters: counters({ offered: m * 10, answered: m * 9 }), waiting: 0 }]);
    const now = counters({ offered: 455, answered: 409 });
    history.observe(min(45, 30), 'd1', [{ queueId: 'q', dayCounters: now, waiting: 0 }]);
    const recent = history.recent(min(45, 30), 'd1', 'q', now);
    expect(recent.minutes).toBe(30);
    // the window opens at minute 15, when offered was 150 and answered 135
    expect(recent.gained).toMatchObject({ offered: 305, answered: 274 });
  });

  it('says how much of the window it has watched after a start', () => {
    const history = new QueueMinuteHistory();
    history.observe(min(0, 20), 'd1', [{ queueId: 'q', dayCounters: counters({ offered: 100 }), waiting: 0 }]);
    history.observe(min(7), 'd1', [{ queueId: 'q', dayCounters: counters({ offered: 130 }), waiting: 0 }]);
    const recent = history.recent(min(7), 'd1', 'q', counters({ offered: 130 }));
    expect(recent).toMatchObject({ minutes: 7, gained: { offered: 30 } });
  });

  it('adds the old day up to its last observation and the new day from midnight across a day change', () => {
    const history = new QueueMinuteHistory();
    history.observe(min(0), 'd1', [{ queueId: 'q', dayCounters: counters({ offered: 500 }), waiting: 0 }]);
    history.observe(min(20, 59), 'd1', [{ queueId: 'q', dayCounters: counters({ offered: 520 }), waiting: 0 }]);
    history.observe(min(21), 'd2', [{ queueId: 'q', dayCounters: counters({ offered: 0 }), waiting: 0 }]);
    history.observe(min(31), 'd2', [{ queueId: 'q', dayCounters: counters({ offered: 6 }), waiting: 0 }]);
    expect(history.recent(min(31), 'd2', 'q', counters({ offered: 6 })).gained.offered).toBe(20 + 6);
  });

  it('never gives a negative gain when the counters come back lower', () => {
    const history = new QueueMinuteHistory();
    history.observe(min(0), 'd1', [{ queueId: 'q', dayCounters: counters({ offered: 50 }), waiting: 0 }]);
    expect(history.recent(min(5), 'd1', 'q', counters({ offered: 10 })).gained.offered).toBe(0);
  });

  it('keeps the most callers waiting per minute for the last hour, null where nothing was observed', () => {
    const history = new QueueMinuteHistory();
    history.observe(min(0), 'd1', [{ queueId: 'q', dayCounters: emptyCounters(), waiting: 3 }]);
    history.observe(min(0, 30), 'd1', [{ queueId: 'q', dayCounters: emptyCounters(), waiting: 7 }]);
    history.observe(min(0, 50), 'd1', [{ queueId: 'q', dayCounters: emptyCounters(), waiting: 2 }]);
    history.observe(min(2), 'd1', [{ queueId: 'q', dayCounters: emptyCounters(), waiting: 1 }]);
    const series = history.recent(min(2), 'd1', 'q', emptyCounters()).waitingPerMinute;
    expect(series).toHaveLength(60);
    expect(series.slice(-3)).toEqual([7, null, 1]);
    expect(series.slice(0, -3).every((v) => v === null)).toBe(true);
  });

  it('stays bounded: minutes older than the hour and queues silent for an hour are dropped', () => {
    const history = new QueueMinuteHistory();
    history.observe(min(0), 'd1', [{ queueId: 'gone', dayCounters: emptyCounters(), waiting: 9 }]);
    for (let m = 0; m < 500; m++) history.observe(min(m), 'd1', [{ queueId: 'q', dayCounters: counters({ offered: m }), waiting: m % 5 }]);
    const samples = (history as unknown as { samples: Map<string, unknown[]> }).samples;
    expect([...samples.keys()]).toEqual(['q']);
    expect(samples.get('q')!.length).toBeLessThanOrEqual(61);
    expect(history.recent(min(499), 'd1', 'q', counters({ offered: 499 }))).toMatchObject({ minutes: 30, gained: { offered: 30 } });
  });
});
