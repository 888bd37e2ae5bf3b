import { describe, expect, it } from 'vitest';
import { dayStartMs, intervalStart, siteClock, siteDay, utcOffsetMs } from '../../../server/domain/site-time';

describe('site time', () => {
  it('puts an instant in the Moscow day and 15-minute interval it belongs to (UTC+3, no DST)', () => {
    const t = Date.parse('2026-11-23T21:07:30Z'); // 00:07:30 on the 24th in Moscow
    expect(siteDay('Europe/Moscow', t)).toBe('2026-11-24');
    expect(new Date(intervalStart('Europe/Moscow', t)).toISOString()).toBe('2026-11-23T21:00:00.000Z');
    expect(siteClock('Europe/Moscow', t)).toBe('00:07');
  });

  it('aligns intervals to local time in a zone with a 45-minute offset', () => {
    const t = Date.parse('2026-11-23T10:20:00Z'); // 16:05 in Kathmandu (UTC+5:45)
    expect(siteClock('Asia/Kathmandu', intervalStart('Asia/Kathmandu', t))).toBe('16:00');
  });

  it('follows Berlin across the October DST change: the day has 100 intervals', () => {
    const start = dayStartMs('Europe/Berlin', '2026-10-25');
    const end = dayStartMs('Europe/Berlin', '2026-10-26');
    expect((end - start) / (15 * 60 * 1000)).toBe(100);
    expect(utcOffsetMs('Europe/Berlin', start)).toBe(2 * 3600 * 1000);
    expect(utcOffsetMs('Europe/Berlin', end)).toBe(1 * 3600 * 1000);
    // 02:30 local happens twice: both instants are in different intervals, both on the 25th.
    const first = Date.parse('2026-10-25T00:30:00Z');
    const second = Date.parse('2026-10-25T01:30:00Z');
    expect(siteClock('Europe/Berlin', first)).toBe('02:30');
    expect(siteClock('Europe/Berlin', second)).toBe('02:30');
    expect(intervalStart('Europe/Berlin', first)).not.toBe(intervalStart('Europe/Berlin', second));
  });

  it('follows Berlin across the March DST change: the day has 92 intervals', () => {
    const start = dayStartMs('Europe/Berlin', '2026-03-29');
    const end = dayStartMs('Europe/Berlin', '2026-03-30');
    expect((end - start) / (15 * 60 * 1000)).toBe(92);
    expect(siteDay('Europe/Berlin', start)).toBe('2026-03-29');
    expect(siteDay('Europe/Berlin', start - 1)).toBe('2026-03-28');
  });
});

describe('site time offsets', () => {
  it('is exact in a zone whose clock changes at half past a UTC hour (St. John\'s, 2026-03-08 05:30Z)', () => {
    const before = Date.parse('2026-03-08T05:29:59Z');
    const after = Date.parse('2026-03-08T05:30:00Z');
    expect(siteClock('America/St_Johns', before)).toBe('01:59');
    expect(siteClock('America/St_Johns', after)).toBe('03:00');
  });
});
