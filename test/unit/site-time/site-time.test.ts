import { describe, expect, it } from 'vitest';
import {
  addDays,
  dayStartMs,
  INTERVAL_MS,
  intervalStart,
  isDate,
  isoWeekday,
  SiteCalendar,
  siteClock,
  siteDay,
  utcOffsetMs,
} from '../../../shared/site-time';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

/** Intervals from the day's start to the next day's start. */
function intervalsOf(timeZone: string, day: string): number {
  return (dayStartMs(timeZone, addDays(day, 1)) - dayStartMs(timeZone, day)) / INTERVAL_MS;
}

describe('site time', () => {
  it('puts an instant in the Moscow day and 15-minute interval it belongs to (UTC+3, no DST)', () => {
    const t = at('2026-11-23T21:07:30Z'); // 00:07:30 on the 24th in Moscow
    expect(siteDay('Europe/Moscow', t)).toBe('2026-11-24');
    expect(iso(intervalStart('Europe/Moscow', t))).toBe('2026-11-23T21:00:00.000Z');
    expect(siteClock('Europe/Moscow', t)).toBe('00:07');
    expect(siteDay('UTC', t)).toBe('2026-11-23');
  });

  it('aligns intervals to local time in a zone with a 45-minute offset', () => {
    const t = at('2026-11-23T10:20:00Z'); // 16:05 in Kathmandu (UTC+5:45)
    expect(siteClock('Asia/Kathmandu', intervalStart('Asia/Kathmandu', t))).toBe('16:00');
    expect(intervalStart('Asia/Kathmandu', t)).toBe(at('2026-11-23T10:15:00Z'));
  });

  it('follows Berlin across the October DST change: the day has 100 intervals', () => {
    const start = dayStartMs('Europe/Berlin', '2026-10-25');
    expect(intervalsOf('Europe/Berlin', '2026-10-25')).toBe(100);
    expect(utcOffsetMs('Europe/Berlin', start)).toBe(2 * 3600 * 1000);
    expect(utcOffsetMs('Europe/Berlin', dayStartMs('Europe/Berlin', '2026-10-26'))).toBe(1 * 3600 * 1000);
    // 02:30 local happens twice: both instants are in different intervals, both on the 25th.
    const first = at('2026-10-25T00:30:00Z');
    const second = at('2026-10-25T01:30:00Z');
    expect(siteClock('Europe/Berlin', first)).toBe('02:30');
    expect(siteClock('Europe/Berlin', second)).toBe('02:30');
    expect(intervalStart('Europe/Berlin', first)).not.toBe(intervalStart('Europe/Berlin', second));
  });

  it('follows Berlin across the March DST change: the day has 92 intervals', () => {
    const start = dayStartMs('Europe/Berlin', '2026-03-29');
    expect(intervalsOf('Europe/Berlin', '2026-03-29')).toBe(92);
    expect(siteDay('Europe/Berlin', start)).toBe('2026-03-29');
    expect(siteDay('Europe/Berlin', start - 1)).toBe('2026-03-28');
  });

  it("gives Lord Howe's half-hour DST days 94 and 98 intervals", () => {
    expect(intervalsOf('Australia/Lord_Howe', '2026-10-04')).toBe(94);
    expect(intervalsOf('Australia/Lord_Howe', '2026-04-05')).toBe(98);
    expect(intervalsOf('Australia/Lord_Howe', '2026-04-06')).toBe(96);
  });
});

describe('day starts where midnight is skipped or repeated', () => {
  it.each([
    // DST begins at 00:00: the day starts at 01:00, an hour short.
    ['America/Santiago', '2026-09-06', '2026-09-06T04:00:00.000Z', 92],
    ['America/Havana', '2026-03-08', '2026-03-08T05:00:00.000Z', 92],
    ['Asia/Beirut', '2026-03-29', '2026-03-28T22:00:00.000Z', 92],
    // DST ends at 24:00 (23:00 again): the day before gets the hour twice.
    ['America/Santiago', '2026-04-04', '2026-04-04T03:00:00.000Z', 100],
    ['Asia/Beirut', '2026-10-24', '2026-10-23T21:00:00.000Z', 100],
    // DST ends at 01:00 (00:00 again): the day starts at the first of its two midnights.
    ['America/Havana', '2026-11-01', '2026-11-01T04:00:00.000Z', 100],
  ])('%s %s starts at %s and has %i intervals', (timeZone, day, start, intervals) => {
    expect(iso(dayStartMs(timeZone, day))).toBe(start);
    expect(siteDay(timeZone, at(start))).toBe(day);
    expect(siteDay(timeZone, at(start) - 1)).toBe(addDays(day, -1));
    expect(intervalsOf(timeZone, day)).toBe(intervals);
  });

  it.each([
    // Samoa crossed the date line: 29 December 2011 (-10) was followed by the 31st (+14).
    ['Pacific/Apia', '2011-12-30', '2011-12-30T10:00:00.000Z'],
    // The Marshall Islands did the same in 1993 (-12 to +12).
    ['Pacific/Kwajalein', '1993-08-21', '1993-08-21T12:00:00.000Z'],
  ])('%s skipped %s: the day is empty and its neighbours have 96 intervals', (timeZone, day, jump) => {
    expect(iso(dayStartMs(timeZone, day))).toBe(jump);
    expect(intervalsOf(timeZone, day)).toBe(0);
    expect(intervalsOf(timeZone, addDays(day, -1))).toBe(96);
    expect(intervalsOf(timeZone, addDays(day, 1))).toBe(96);
    expect(siteDay(timeZone, at(jump) - 1)).toBe(addDays(day, -1));
    expect(siteDay(timeZone, at(jump))).toBe(addDays(day, 1));
  });

  it("keeps the day that had begun when St John's fell back from 00:01 to 23:01 (until 2011)", () => {
    const timeZone = 'America/St_Johns';
    expect(iso(dayStartMs(timeZone, '1995-10-29'))).toBe('1995-10-29T02:30:00.000Z');
    const backInThe28th = at('1995-10-29T02:45:00Z');
    expect(siteClock(timeZone, backInThe28th)).toBe('23:15');
    expect(siteDay(timeZone, backInThe28th)).toBe('1995-10-29');
    expect(intervalsOf(timeZone, '1995-10-28')).toBe(96);
    expect(intervalsOf(timeZone, '1995-10-29')).toBe(100);
  });
});

describe('site time offsets', () => {
  it("is exact in a zone whose clock changes at half past a UTC hour (St. John's, 2026-03-08 05:30Z)", () => {
    const before = at('2026-03-08T05:29:59Z');
    const after = at('2026-03-08T05:30:00Z');
    expect(siteClock('America/St_Johns', before)).toBe('01:59');
    expect(siteClock('America/St_Johns', after)).toBe('03:00');
  });

  it("is exact to the millisecond at a change one minute past a UTC quarter hour (St. John's, 1995-04-02 03:31Z)", () => {
    const change = at('1995-04-02T03:31:00Z');
    expect(utcOffsetMs('America/St_Johns', change - 1)).toBe(-3.5 * 3600 * 1000);
    expect(utcOffsetMs('America/St_Johns', change)).toBe(-2.5 * 3600 * 1000);
    expect(intervalStart('America/St_Johns', change + 4 * 60_000)).toBe(at('1995-04-02T03:30:00Z'));
  });

  it('refuses an unknown time zone', () => {
    expect(() => utcOffsetMs('Mars/Olympus', 0)).toThrow(/unknown IANA time zone "Mars\/Olympus"/);
    expect(() => new SiteCalendar('Mars/Olympus')).toThrow(/unknown IANA time zone/);
  });
});

describe('the simulator site calendar', () => {
  it('puts an instant in the local day, 15-minute interval and slot of the load profile', () => {
    const moscow = new SiteCalendar('Europe/Moscow');
    const lateEvening = at('2025-03-10T20:59:59Z'); // 23:59:59 in Moscow
    expect(moscow.day(lateEvening)).toBe('2025-03-10');
    expect(moscow.day(lateEvening + 1000)).toBe('2025-03-11');
    expect(moscow.intervalStart(lateEvening)).toBe(at('2025-03-10T20:45:00Z'));
    expect(moscow.slotOfDay(lateEvening)).toBe(95);
    expect(moscow.slotOfDay(lateEvening + 1000)).toBe(0);
  });

  it('aligns intervals and slots to local time across a DST change', () => {
    const berlin = new SiteCalendar('Europe/Berlin');
    const afterSwitch = at('2025-03-30T01:07:00Z'); // 03:07 CEST, the clock jumped at 02:00 local
    expect(berlin.intervalStart(afterSwitch)).toBe(at('2025-03-30T01:00:00Z'));
    expect(berlin.slotOfDay(afterSwitch)).toBe(12);
  });

  it("is exact in St. John's, whose clock changes at half past a UTC hour", () => {
    const stJohns = new SiteCalendar('America/St_Johns');
    const afterSwitch = at('2026-03-08T05:40:00Z'); // 03:10 NDT
    expect(stJohns.intervalStart(afterSwitch)).toBe(at('2026-03-08T05:30:00Z'));
    expect(stJohns.slotOfDay(afterSwitch)).toBe(12);
  });
});

describe('calendar dates', () => {
  it('steps days across month and year ends', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-11-23', -28)).toBe('2026-10-26');
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('knows ISO weekdays and real calendar dates', () => {
    expect(isoWeekday('2026-11-23')).toBe(1);
    expect(isoWeekday('2026-11-29')).toBe(7);
    expect(isoWeekday('1970-01-01')).toBe(4);
    expect(isDate('2026-02-29')).toBe(false);
    expect(isDate('2028-02-29')).toBe(true);
    expect(isDate('23.11.2026')).toBe(false);
  });
});
