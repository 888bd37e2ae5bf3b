import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween } from '../../../server/domain/sla/business-calendar';
import { HOUR, MINUTE, calendarFrom, wallTime } from './sla-test-kit';

const BERLIN = 'Europe/Berlin';
const MOSCOW = 'Europe/Moscow';
const weekdays = (frames: string[]) => ({ mon: frames, tue: frames, wed: frames, thu: frames, fri: frames });
const berlin = (iso: string) => wallTime(BERLIN, iso);
const moscow = (iso: string) => wallTime(MOSCOW, iso);

const always = calendarFrom({ kind: 'always' });
const berlinOffice = calendarFrom({
  kind: 'weekly',
  timeZone: BERLIN,
  week: weekdays(['08:00-18:00']),
  holidays: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-29', '2025-06-09', '2025-10-03', '2025-12-25', '2025-12-26'],
});

describe('business hours with weekends and holidays (Berlin office, Mon-Fri 08:00-18:00)', () => {
  it('skips Christmas holidays and the weekend', () => {
    expect(addBusinessTime(berlinOffice, berlin('2025-12-24T17:30'), HOUR)).toBe(berlin('2025-12-29T08:30'));
    expect(businessTimeBetween(berlinOffice, berlin('2025-12-24T08:00'), berlin('2025-12-29T18:00'))).toBe(20 * HOUR);
  });

  it('counts time from a start outside working hours from the next frame', () => {
    expect(addBusinessTime(berlinOffice, berlin('2025-11-08T10:00'), 30 * MINUTE)).toBe(berlin('2025-11-10T08:30'));
    expect(businessTimeBetween(berlinOffice, berlin('2025-11-08T10:00'), berlin('2025-11-10T08:30'))).toBe(30 * MINUTE);
  });

  it('ends exactly at a frame end rather than at the next frame start', () => {
    expect(addBusinessTime(berlinOffice, berlin('2025-11-07T17:00'), HOUR)).toBe(berlin('2025-11-07T18:00'));
  });

  it('returns the start itself for a zero duration, even outside working hours', () => {
    const saturday = berlin('2025-11-08T10:00');
    expect(addBusinessTime(berlinOffice, saturday, 0)).toBe(saturday);
  });

  it('is exact to the millisecond', () => {
    const start = berlin('2025-11-07T17:59:59.999');
    expect(addBusinessTime(berlinOffice, start, 2)).toBe(berlin('2025-11-10T08:00:00.001'));
  });

  it('walks a whole year: 252 working days of 10 h in 2025', () => {
    const year = businessTimeBetween(berlinOffice, berlin('2025-01-01T00:00'), berlin('2026-01-01T00:00'));
    expect(year).toBe(252 * 10 * HOUR);
    expect(addBusinessTime(berlinOffice, berlin('2025-01-01T00:00'), year)).toBe(berlin('2025-12-31T18:00'));
  });

  it('splits a day into several frames (lunch break)', () => {
    const split = calendarFrom({ kind: 'weekly', timeZone: BERLIN, week: weekdays(['08:00-12:00', '13:00-17:00']) });
    expect(addBusinessTime(split, berlin('2025-11-10T11:30'), HOUR)).toBe(berlin('2025-11-10T13:30'));
    expect(businessTimeBetween(split, berlin('2025-11-10T00:00'), berlin('2025-11-11T00:00'))).toBe(8 * HOUR);
  });

  it('refuses a negative duration', () => {
    expect(() => addBusinessTime(berlinOffice, 0, -1)).toThrow(RangeError);
  });

  it('gives 0 business time for an empty or reversed span', () => {
    expect(businessTimeBetween(berlinOffice, berlin('2025-11-10T12:00'), berlin('2025-11-10T09:00'))).toBe(0);
  });
});

describe('a Moscow site (Europe/Moscow, UTC+3 all year)', () => {
  const moscowOffice = calendarFrom({
    kind: 'weekly',
    timeZone: MOSCOW,
    week: weekdays(['09:00-18:00']),
    holidays: ['2025-05-01', '2025-05-02', '2025-05-08', '2025-05-09'],
  });

  it('carries a late request over the May holidays to the next working morning', () => {
    // Wed 17:30; Thu 1 and Fri 2 May are holidays, then the weekend.
    expect(addBusinessTime(moscowOffice, moscow('2025-04-30T17:30'), HOUR)).toBe(Date.UTC(2025, 4, 5, 6, 30));
  });

  it('counts three 9-hour days in the week of 8 and 9 May', () => {
    expect(businessTimeBetween(moscowOffice, moscow('2025-05-05T09:00'), moscow('2025-05-09T18:00'))).toBe(27 * HOUR);
  });

  it('keeps the UTC offset on the weekend Europe changes its clocks', () => {
    expect(addBusinessTime(moscowOffice, moscow('2025-03-28T17:00'), 2 * HOUR)).toBe(Date.UTC(2025, 2, 31, 7, 0));
  });
});

describe('a Europe/Berlin site across daylight-saving changes (30 March and 26 October 2025)', () => {
  it('adds plain milliseconds on a 24/7 calendar: 24 h later shows another wall-clock hour', () => {
    const spring = berlin('2025-03-29T12:00');
    expect(addBusinessTime(always, spring, 24 * HOUR)).toBe(spring + 24 * HOUR);
    expect(DateTime.fromMillis(spring + 24 * HOUR, { zone: BERLIN }).hour).toBe(13);
    const autumn = berlin('2025-10-25T12:00');
    expect(addBusinessTime(always, autumn, 24 * HOUR)).toBe(autumn + 24 * HOUR);
    expect(DateTime.fromMillis(autumn + 24 * HOUR, { zone: BERLIN }).hour).toBe(11);
    expect(businessTimeBetween(always, spring, spring + 24 * HOUR)).toBe(24 * HOUR);
  });

  it('keeps office frames in wall-clock time on both sides of the spring change', () => {
    // Fri 17:00 CET (16:00 UTC) + 2 h: 1 h on Friday, 1 h on Monday from 08:00 CEST (06:00 UTC).
    expect(addBusinessTime(berlinOffice, Date.UTC(2025, 2, 28, 16), 2 * HOUR)).toBe(Date.UTC(2025, 2, 31, 7));
    expect(businessTimeBetween(berlinOffice, berlin('2025-03-28T08:00'), berlin('2025-03-31T18:00'))).toBe(20 * HOUR);
  });

  it('keeps office frames in wall-clock time on both sides of the autumn change', () => {
    // Fri 17:00 CEST (15:00 UTC) + 2 h: Monday 09:00 CET is 08:00 UTC.
    expect(addBusinessTime(berlinOffice, Date.UTC(2025, 9, 24, 15), 2 * HOUR)).toBe(Date.UTC(2025, 9, 27, 8));
    expect(businessTimeBetween(berlinOffice, berlin('2025-10-24T08:00'), berlin('2025-10-27T18:00'))).toBe(20 * HOUR);
  });

  it('gives a round-the-clock weekly calendar a 23-hour and a 25-hour Sunday', () => {
    const allDay = ['00:00-24:00'];
    const everyDay = calendarFrom({
      kind: 'weekly',
      timeZone: BERLIN,
      week: { ...weekdays(allDay), sat: allDay, sun: allDay },
    });
    expect(businessTimeBetween(everyDay, berlin('2025-03-29T00:00'), berlin('2025-03-31T00:00'))).toBe(47 * HOUR);
    expect(businessTimeBetween(everyDay, berlin('2025-10-25T00:00'), berlin('2025-10-27T00:00'))).toBe(49 * HOUR);
    expect(addBusinessTime(everyDay, berlin('2025-03-29T12:00'), 24 * HOUR)).toBe(berlin('2025-03-30T13:00'));
  });

  it('makes a night shift that spans the change one hour shorter in spring and longer in autumn', () => {
    const nights = calendarFrom({ kind: 'weekly', timeZone: BERLIN, week: { sun: ['00:00-06:00'] } });
    expect(businessTimeBetween(nights, Date.UTC(2025, 2, 29), Date.UTC(2025, 2, 31))).toBe(5 * HOUR);
    expect(businessTimeBetween(nights, Date.UTC(2025, 9, 25), Date.UTC(2025, 9, 27))).toBe(7 * HOUR);
  });

  it('starts a frame whose start the spring change skips at the jump, and drops a frame inside the gap', () => {
    const inGap = calendarFrom({ kind: 'weekly', timeZone: BERLIN, week: { sun: ['02:00-02:30', '02:30-04:00'] } });
    // 02:00-03:00 does not exist that night: the clock jumps at 01:00 UTC to 03:00 CEST.
    expect(addBusinessTime(inGap, Date.UTC(2025, 2, 29), MINUTE)).toBe(Date.UTC(2025, 2, 30, 1, 1));
    expect(businessTimeBetween(inGap, Date.UTC(2025, 2, 29), Date.UTC(2025, 2, 31))).toBe(HOUR);
  });

  it('maps a wall time the autumn change repeats to its first occurrence', () => {
    const repeated = calendarFrom({ kind: 'weekly', timeZone: BERLIN, week: { sun: ['02:30-04:00'] } });
    // first 02:30 (CEST) is 00:30 UTC; 04:00 CET is 03:00 UTC
    expect(addBusinessTime(repeated, Date.UTC(2025, 9, 25), MINUTE)).toBe(Date.UTC(2025, 9, 26, 0, 31));
    expect(businessTimeBetween(repeated, Date.UTC(2025, 9, 25), Date.UTC(2025, 9, 27))).toBe(2.5 * HOUR);
  });
});

describe('a zone whose clock changes at midnight (America/Santiago)', () => {
  const saturdayEvenings = calendarFrom({ kind: 'weekly', timeZone: 'America/Santiago', week: { sat: ['20:00-24:00'] } });

  it('lengthens a frame ending at 24:00 by the hour repeated when the clock goes back to 23:00', () => {
    // Sun 6 Apr 2025 00:00 -03 becomes Sat 23:00 -04: Saturday 24:00 comes an hour later.
    expect(businessTimeBetween(saturdayEvenings, Date.UTC(2025, 3, 5), Date.UTC(2025, 3, 7))).toBe(5 * HOUR);
    expect(addBusinessTime(saturdayEvenings, Date.UTC(2025, 3, 5), 5 * HOUR)).toBe(Date.UTC(2025, 3, 6, 4));
  });

  it('shortens it when Saturday 24:00 is skipped to Sunday 01:00', () => {
    expect(businessTimeBetween(saturdayEvenings, Date.UTC(2025, 8, 6), Date.UTC(2025, 8, 8))).toBe(4 * HOUR);
  });
});
