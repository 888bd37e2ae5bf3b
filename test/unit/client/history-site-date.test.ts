import { describe, expect, it } from 'vitest';
import { addDays, formatDayLabel, isDate, isoWeekdayOf, siteToday } from '../../../client/src/pages/shared/site-date';

describe('site dates', () => {
  it("takes today from the site's zone, not the browser's", () => {
    // 22:30 UTC on 23 Nov is already 24 Nov in Moscow (UTC+3).
    const at = Date.parse('2026-11-23T22:30:00Z');
    expect(siteToday(at, 'Europe/Moscow')).toBe('2026-11-24');
    expect(siteToday(at, 'UTC')).toBe('2026-11-23');
  });

  it('falls back to UTC for a zone the browser does not know', () => {
    expect(siteToday(Date.parse('2026-11-23T22:30:00Z'), 'Mars/Olympus')).toBe('2026-11-23');
  });

  it('steps days across month and year ends', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-11-23', -28)).toBe('2026-10-26');
  });

  it('knows ISO weekdays and real calendar dates', () => {
    expect(isoWeekdayOf('2026-11-23')).toBe(1);
    expect(isoWeekdayOf('2026-11-29')).toBe(7);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('23.11.2026')).toBe(false);
    expect(formatDayLabel('2026-11-23')).toBe('Mon 23 Nov 2026');
    expect(formatDayLabel('2026-11-23', false)).toBe('Mon 23 Nov');
  });
});
