import { describe, expect, it } from 'vitest';
import { businessTimeBetween, createBusinessCalendar, shortened, type BusinessCalendar } from '../../../server/domain/sla/business-calendar';
import { loadSlaPolicies } from '../../../server/domain/sla/load-sla-policies';
import { calendarOf, parseSlaPolicies, SlaPolicyError } from '../../../server/domain/sla/sla-policy';
import { HOUR, wallTime } from './sla-test-kit';

/**
 * The shipped office calendar against the Russian production calendar
 * (Government decrees No. 1335 of 4 Oct 2024 for 2025 and No. 1466 of
 * 24 Sep 2025 for 2026): its published totals of working days and hours for a
 * five-day, 40-hour week, and the moved days one by one.
 */
const office = calendarOf(loadSlaPolicies('config/sla-policies.json'), 'office');
const ZONE = 'Europe/Moscow';

function dayHours(calendar: BusinessCalendar, date: string): number {
  const from = wallTime(ZONE, `${date}T00:00`);
  return businessTimeBetween(calendar, from, from + 24 * HOUR) / HOUR;
}

function datesOf(year: number): string[] {
  const dates: string[] = [];
  for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 24 * HOUR) dates.push(new Date(ms).toISOString().slice(0, 10));
  return dates;
}

describe('the shipped office calendar follows the Russian production calendar', () => {
  it('has 247 working days in 2025 and in 2026, four of them an hour short', () => {
    for (const year of [2025, 2026]) {
      const hours = datesOf(year).map((date) => dayHours(office, date));
      expect(hours.filter((h) => h > 0), `${year}`).toHaveLength(247);
      expect(hours.filter((h) => h > 0 && h < 10), `${year}`).toHaveLength(4);
    }
  });

  it('works Saturday 1 Nov 2025 (a pre-holiday short day) and rests on Monday 3 Nov, moved from it', () => {
    expect(dayHours(office, '2025-11-01')).toBe(9);
    expect(dayHours(office, '2025-11-03')).toBe(0);
    expect(dayHours(office, '2025-11-04')).toBe(0);
    expect(dayHours(office, '2025-11-08')).toBe(0);
  });

  it('rests on the 2025 moved days: 2 and 8 May, 13 June, 31 December', () => {
    for (const date of ['2025-05-02', '2025-05-08', '2025-06-13', '2025-12-31']) expect(dayHours(office, date), date).toBe(0);
    // 23 Feb and 8 Mar 2025 fell on a weekend and were moved to May and June, not to the Monday after
    expect(dayHours(office, '2025-02-24')).toBe(10);
    expect(dayHours(office, '2025-03-10')).toBe(10);
  });

  it('rests on 9 Jan and 31 Dec 2026 (moved from 3 and 4 Jan) and on the Mondays after weekend holidays', () => {
    for (const date of ['2026-01-09', '2026-12-31', '2026-03-09', '2026-05-11']) expect(dayHours(office, date), date).toBe(0);
    expect(dayHours(office, '2026-01-12')).toBe(10);
    expect(dayHours(office, '2026-04-30')).toBe(9);
  });
});

describe('working days and short days in a calendar', () => {
  const week = { mon: [{ fromMinute: 540, toMinute: 780 }, { fromMinute: 840, toMinute: 1080 }], fri: [{ fromMinute: 540, toMinute: 1020 }] };

  it("works a listed Saturday with Monday's frames", () => {
    const calendar = createBusinessCalendar({ kind: 'weekly', timeZone: ZONE, week, holidays: [], workingDays: ['2026-03-07'] });
    expect(dayHours(calendar, '2026-03-07')).toBe(8);
    expect(dayHours(calendar, '2026-03-14')).toBe(0);
  });

  it('takes the hour off the end of the day, across frames when the last one is shorter', () => {
    expect(shortened(week.mon, 60)).toEqual([{ fromMinute: 540, toMinute: 780 }, { fromMinute: 840, toMinute: 1020 }]);
    expect(shortened([{ fromMinute: 540, toMinute: 780 }, { fromMinute: 840, toMinute: 870 }], 60)).toEqual([{ fromMinute: 540, toMinute: 750 }]);
  });

  it('refuses a date that is both a holiday and a working day, naming it', () => {
    const file = {
      calendars: { office: { kind: 'weekly', timeZone: ZONE, week: { mon: ['09:00-18:00'] }, holidays: ['2025-11-01'], workingDays: ['2025-11-01'] } },
      channels: Object.fromEntries(
        ['email', 'portal', 'chat', 'phone', 'messenger'].map((channel) => [
          channel,
          { calendar: 'office', targets: Object.fromEntries(['low', 'medium', 'high'].map((p) => [p, { firstResponse: '1h', resolution: '8h' }])) },
        ]),
      ),
    };
    expect(() => parseSlaPolicies(file)).toThrow(SlaPolicyError);
    try {
      parseSlaPolicies(file);
    } catch (error) {
      expect((error as SlaPolicyError).issues.map((issue) => issue.path.join('.'))).toEqual(['calendars.office.workingDays.0']);
    }
  });
});
