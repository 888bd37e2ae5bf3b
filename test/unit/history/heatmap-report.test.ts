import { describe, expect, it } from 'vitest';
import { emptyCounters, type Counters } from '../../../server/domain/live-state';
import { busyHours, heatmapCells, slotValue, topDecile } from '../../../server/history/heatmap-report';
import { addStoredInterval, emptyStoredInterval, type StoredInterval } from '../../../server/history/interval-stats';
import type { PooledSlot } from '../../../server/history/history-queries';
import { poolByWeekday, weekdaySlotKey, windowDays } from '../../../server/history/weekday-slots';

const TZ = 'Europe/Moscow';

function stored(counters: Partial<Counters>, extra: Partial<StoredInterval> = {}): StoredInterval {
  return { ...emptyStoredInterval(), counters: { ...emptyCounters(), ...counters }, ...extra };
}

/** adds one day's figures to a weekday's slot, as readWeekdayStats pools them (1 = Monday): observed when calls came or agents were staffed */
function at(pooled: Map<string, PooledSlot>, weekday: number, time: string, value: StoredInterval): void {
  const key = weekdaySlotKey(weekday, time);
  const slot = pooled.get(key) ?? { stored: emptyStoredInterval(), days: 0, intervals: 0 };
  addStoredInterval(slot.stored, value);
  if (value.counters.offered > 0 || value.staffedSec > 0) {
    slot.days += 1;
    slot.intervals += 1;
  }
  pooled.set(key, slot);
}

describe('weekday heatmap', () => {
  it('spans the given weeks of days before the end date', () => {
    const days = windowDays('2026-11-23', 2);
    expect(days).toHaveLength(14);
    expect(days[0]).toBe('2026-11-09');
    expect(days.at(-1)).toBe('2026-11-22');
  });

  it('shows counts as the mean per day and rates pooled over the calls of every week, with the days each slot stands for', () => {
    const calls = new Map<string, PooledSlot>();
    // Two Mondays at 09:00: 10 calls all within SL, then 30 calls with 15 within SL.
    at(calls, 1, '09:00', stored({ offered: 10, answered: 10, answeredWithinSl: 10, handled: 10, talkSec: 1000 }));
    at(calls, 1, '09:00', stored({ offered: 30, answered: 30, answeredWithinSl: 15, handled: 30, talkSec: 6000 }));
    const slots = poolByWeekday(TZ, windowDays('2026-11-23', 2), calls);
    expect(slots).toHaveLength(7 * 96);
    const monday9 = slots.find((s) => s.weekday === 1 && s.time === '09:00')!;
    expect(monday9.days).toBe(2);
    expect(slotValue(monday9, 'offered')).toBe(20);
    expect(slotValue(monday9, 'serviceLevelPct')).toBe(62.5);
    expect(slotValue(monday9, 'ahtSec')).toBe(175);
    const tuesday9 = slots.find((s) => s.weekday === 2 && s.time === '09:00')!;
    expect(tuesday9.days).toBe(0);
    expect(slotValue(tuesday9, 'offered')).toBeNull();
    expect(slotValue(tuesday9, 'serviceLevelPct')).toBeNull();
  });

  it('divides by the days that were observed, not by the weeks asked: four weeks of history in an eight-week window', () => {
    const calls = new Map<string, PooledSlot>();
    for (const offered of [48, 50, 52, 52]) at(calls, 5, '10:45', stored({ offered }, { staffedSec: 20 * 900 }));
    const friday = poolByWeekday(TZ, windowDays('2026-11-23', 8), calls).find((s) => s.weekday === 5 && s.time === '10:45')!;
    expect(friday.days).toBe(4);
    expect(slotValue(friday, 'offered')).toBe(50.5);
    expect(slotValue(friday, 'staffedAgents')).toBe(20);
  });

  it('leaves a day with the PBX down out of the mean instead of counting it as a day of zero calls', () => {
    const calls = new Map<string, PooledSlot>();
    at(calls, 1, '09:00', stored({ offered: 30 }, { staffedSec: 5 * 900 }));
    at(calls, 1, '09:00', emptyStoredInterval());
    const monday9 = poolByWeekday(TZ, windowDays('2026-11-23', 2), calls).find((s) => s.weekday === 1 && s.time === '09:00')!;
    expect(monday9.days).toBe(1);
    expect(slotValue(monday9, 'offered')).toBe(30);
  });

  it('shows staffing as the mean number of agents over the pooled intervals', () => {
    const calls = new Map<string, PooledSlot>();
    at(calls, 1, '10:00', stored({}, { staffedSec: 4 * 900, occupiedSec: 3 * 900 }));
    at(calls, 1, '10:00', stored({}, { staffedSec: 2 * 900, occupiedSec: 900 }));
    const slot = poolByWeekday(TZ, windowDays('2026-11-23', 2), calls).find((s) => s.weekday === 1 && s.time === '10:00')!;
    expect(slotValue(slot, 'staffedAgents')).toBe(3);
    expect(slotValue(slot, 'occupancyPct')).toBeCloseTo((100 * 4) / 6);
  });

  it('ranks the top tenth of the cells and finds each weekday busy hour of four consecutive intervals', () => {
    const calls = new Map<string, PooledSlot>();
    const load: Record<string, number> = { '09:00': 40, '09:15': 50, '09:30': 45, '09:45': 20, '10:00': 44, '14:00': 60 };
    for (const [time, offered] of Object.entries(load)) at(calls, 1, time, stored({ offered }));
    at(calls, 3, '11:00', stored({ offered: 5 }));
    // Agents were logged in the whole week: every other cell was observed too, with no calls.
    for (const slot of poolByWeekday(TZ, windowDays('2026-11-23', 1), new Map())) {
      if (!calls.has(weekdaySlotKey(slot.weekday, slot.time))) at(calls, slot.weekday, slot.time, stored({}, { staffedSec: 900 }));
    }
    const cells = heatmapCells(poolByWeekday(TZ, windowDays('2026-11-23', 1), calls), 'offered');

    const top = topDecile(cells);
    expect(top).toHaveLength(Math.ceil((7 * 96) / 10));
    expect(top.slice(0, 4).map((c) => [c.time, c.value])).toEqual([
      ['14:00', 60],
      ['09:15', 50],
      ['09:30', 45],
      ['10:00', 44],
    ]);

    const hours = busyHours(cells);
    expect(hours).toHaveLength(7);
    expect(hours[0]).toEqual({ weekday: 1, times: ['09:15', '09:30', '09:45', '10:00'], total: 159 });
    expect(hours[1]).toMatchObject({ weekday: 3, total: 5 });
  });
});
