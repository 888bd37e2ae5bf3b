import { describe, expect, it } from 'vitest';
import { SiteCalendar } from '../../../server/simulator/site-calendar';

describe('the site calendar', () => {
  it('puts an instant in the local day and 15-minute interval of the site', () => {
    const moscow = new SiteCalendar('Europe/Moscow');
    const lateEvening = Date.parse('2025-03-10T20:59:59Z'); // 23:59:59 in Moscow
    expect(moscow.day(lateEvening)).toBe('2025-03-10');
    expect(moscow.day(lateEvening + 1000)).toBe('2025-03-11');
    expect(moscow.intervalStart(lateEvening)).toBe(Date.parse('2025-03-10T20:45:00Z'));
    expect(moscow.slotOfDay(lateEvening)).toBe(95);
    expect(moscow.slotOfDay(lateEvening + 1000)).toBe(0);
  });

  it('aligns intervals to local time across a DST change', () => {
    const berlin = new SiteCalendar('Europe/Berlin');
    const afterSwitch = Date.parse('2025-03-30T01:07:00Z'); // 03:07 CEST, the clock jumped at 02:00 local
    expect(berlin.intervalStart(afterSwitch)).toBe(Date.parse('2025-03-30T01:00:00Z'));
    expect(berlin.slotOfDay(afterSwitch)).toBe(12);
  });

  it('refuses an unknown time zone', () => {
    expect(() => new SiteCalendar('Mars/Olympus')).toThrow(/unknown IANA time zone/);
  });
});
