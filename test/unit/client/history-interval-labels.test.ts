import { describe, expect, it } from 'vitest';
import {
  formatDayLabel,
  hourTicks,
  intervalIndexOf,
  intervalRangeLabel,
  intervalTimeAt,
  INTERVALS_PER_DAY,
  weekdayName,
  weekdayShort,
} from '../../../client/src/pages/shared/interval-labels';

describe('interval labels', () => {
  it('numbers the 96 quarter hours of a day from 00:00 and back', () => {
    expect(INTERVALS_PER_DAY).toBe(96);
    expect(intervalIndexOf('00:00')).toBe(0);
    expect(intervalIndexOf('09:15')).toBe(37);
    expect(intervalIndexOf('23:45')).toBe(95);
    for (let i = 0; i < 96; i++) expect(intervalIndexOf(intervalTimeAt(i))).toBe(i);
  });

  it('refuses times that are not an interval start', () => {
    expect(intervalIndexOf('09:10')).toBeNull();
    expect(intervalIndexOf('24:00')).toBeNull();
    expect(intervalIndexOf('9:15')).toBeNull();
    expect(intervalIndexOf('')).toBeNull();
  });

  it('labels an interval with its start and end, the last one ending at 24:00', () => {
    expect(intervalRangeLabel('09:15')).toBe('09:15–09:30');
    expect(intervalRangeLabel('23:45')).toBe('23:45–24:00');
    expect(intervalRangeLabel('10:15', 4)).toBe('10:15–11:15');
  });

  it('ticks the time axis at whole hours, every two hours by default', () => {
    const times = Array.from({ length: 96 }, (_, i) => intervalTimeAt(i));
    expect(hourTicks(times)).toEqual(['00:00', '02:00', '04:00', '06:00', '08:00', '10:00', '12:00', '14:00', '16:00', '18:00', '20:00', '22:00']);
    expect(hourTicks(times, 6)).toEqual(['00:00', '06:00', '12:00', '18:00']);
    // A day that starts late (a DST change) still gets its hours.
    expect(hourTicks(['03:00', '03:15', '04:00'], 1)).toEqual(['03:00', '04:00']);
  });

  it('names ISO weekdays Monday first', () => {
    expect(weekdayName(1)).toBe('Monday');
    expect(weekdayName(7)).toBe('Sunday');
    expect(weekdayShort(3)).toBe('Wed');
  });

  it('names days with weekday, day, month and year, and leaves anything else as it is', () => {
    expect(formatDayLabel('2026-11-23')).toBe('Mon 23 Nov 2026');
    expect(formatDayLabel('2026-11-23', false)).toBe('Mon 23 Nov');
    expect(formatDayLabel('2026-02-30')).toBe('2026-02-30');
  });
});
