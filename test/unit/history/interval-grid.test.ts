import { describe, expect, it } from 'vitest';
import { siteClock } from '../../../server/domain/site-time';
import { addDays, ceilToInterval, dayIntervals, floorToInterval, isoWeekday } from '../../../server/history/interval-grid';

describe('interval grid', () => {
  it('gives a Moscow day 96 intervals from 00:00 to 23:45 site time', () => {
    const starts = dayIntervals('Europe/Moscow', '2026-11-23');
    expect(starts).toHaveLength(96);
    expect(new Date(starts[0]!).toISOString()).toBe('2026-11-22T21:00:00.000Z');
    expect(siteClock('Europe/Moscow', starts[0]!)).toBe('00:00');
    expect(siteClock('Europe/Moscow', starts.at(-1)!)).toBe('23:45');
  });

  it('gives Berlin 92 intervals on the spring-forward day and 100 on the fall-back day', () => {
    expect(dayIntervals('Europe/Berlin', '2026-03-29')).toHaveLength(92);
    const fallBack = dayIntervals('Europe/Berlin', '2026-10-25').map((start) => siteClock('Europe/Berlin', start));
    expect(fallBack).toHaveLength(100);
    expect(fallBack.filter((time) => time === '02:15')).toHaveLength(2);
  });

  it('counts calendar days across month and year ends, and ISO weekdays', () => {
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
  });

  it('rounds instants down and up to quarter hours', () => {
    const t = Date.parse('2026-11-23T09:07:00Z');
    expect(new Date(floorToInterval(t)).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(new Date(ceilToInterval(t)).toISOString()).toBe('2026-11-23T09:15:00.000Z');
    expect(ceilToInterval(floorToInterval(t))).toBe(floorToInterval(t));
  });
});
