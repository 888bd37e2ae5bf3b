import { describe, expect, it } from 'vitest';
import { ceilToInterval, dayGrid, floorToInterval, rangeGrid } from '../../../server/history/interval-grid';
import { siteClock, siteDay } from '../../../shared/site-time';

describe('interval grid', () => {
  it('gives a Moscow day 96 intervals from 00:00 to 23:45 site time', () => {
    const grid = dayGrid('Europe/Moscow', '2026-11-23');
    expect(grid).toHaveLength(96);
    expect(grid[0]).toEqual({ start: Date.parse('2026-11-22T21:00:00Z'), day: '2026-11-23', time: '00:00' });
    expect(grid.at(-1)?.time).toBe('23:45');
  });

  it('gives Berlin 92 intervals on the spring-forward day and 100 on the fall-back day', () => {
    expect(dayGrid('Europe/Berlin', '2026-03-29')).toHaveLength(92);
    const fallBack = dayGrid('Europe/Berlin', '2026-10-25');
    expect(fallBack).toHaveLength(100);
    expect(fallBack.filter((interval) => interval.time === '02:15')).toHaveLength(2);
  });

  it.each([
    ['Europe/Moscow', '2026-11-23'],
    ['Europe/Berlin', '2026-03-29'],
    ['Europe/Berlin', '2026-10-25'],
    ['Asia/Kathmandu', '2026-06-01'],
    // Santiago moves its clocks at midnight: the spring-forward day starts at 01:00.
    ['America/Santiago', '2026-09-06'],
    ['America/Santiago', '2026-04-05'],
  ])('labels every interval of %s %s with its site day and wall clock', (timeZone, day) => {
    const grid = dayGrid(timeZone, day);
    expect(grid.length).toBeGreaterThanOrEqual(92);
    for (const interval of grid) {
      expect({ day: siteDay(timeZone, interval.start), time: siteClock(timeZone, interval.start) }).toEqual({ day: interval.day, time: interval.time });
    }
  });

  it('covers a range across days with exactly its intervals', () => {
    const from = Date.parse('2026-11-23T20:30:00Z');
    const to = Date.parse('2026-11-23T21:30:00Z');
    const grid = rangeGrid('Europe/Moscow', from, to);
    expect(grid.map((i) => `${i.day} ${i.time}`)).toEqual(['2026-11-23 23:30', '2026-11-23 23:45', '2026-11-24 00:00', '2026-11-24 00:15']);
  });

  it('rounds instants down and up to quarter hours', () => {
    const t = Date.parse('2026-11-23T09:07:00Z');
    expect(new Date(floorToInterval(t)).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(new Date(ceilToInterval(t)).toISOString()).toBe('2026-11-23T09:15:00.000Z');
    expect(ceilToInterval(floorToInterval(t))).toBe(floorToInterval(t));
  });
});
