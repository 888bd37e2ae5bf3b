import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatCount,
  formatDuration,
  formatPercent,
  formatRate,
  formatSiteClock,
  formatTimeInState,
} from '../../../client/src/format';

describe('formatDuration (waits, ASA, AHT)', () => {
  it('shows m:ss below an hour, with seconds always two digits', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(65)).toBe('1:05');
    expect(formatDuration(3599)).toBe('59:59');
  });

  it('shows h:mm:ss from an hour on', () => {
    expect(formatDuration(3600)).toBe('1:00:00');
    expect(formatDuration(3 * 3600 + 5 * 60 + 9)).toBe('3:05:09');
  });

  it('drops fractions of a second instead of rounding up', () => {
    expect(formatDuration(59.9)).toBe('0:59');
  });

  it('shows a dash when there is nothing to measure, and 0:00 for nonsense', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(-4)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
  });
});

describe('formatTimeInState (agent grid)', () => {
  it('shows m:ss below an hour', () => {
    expect(formatTimeInState(42)).toBe('0:42');
    expect(formatTimeInState(754)).toBe('12:34');
  });

  it('switches to hours and minutes with units, so it cannot be misread as minutes', () => {
    expect(formatTimeInState(3600)).toBe('1h 00m');
    expect(formatTimeInState(2 * 3600 + 7 * 60 + 59)).toBe('2h 07m');
  });
});

describe('formatPercent (service level)', () => {
  it('shows whole percents rounded down, so a value under target never reads as the target', () => {
    expect(formatPercent(89.6)).toBe('89%');
    expect(formatPercent(100)).toBe('100%');
    expect(formatPercent(0)).toBe('0%');
  });

  it('is not fooled by float noise just under a whole percent', () => {
    expect(formatPercent((27 / 30) * 100)).toBe('90%');
    expect(formatPercent(89.99999999999999)).toBe('90%');
  });

  it('shows a dash when the service level cannot be measured', () => {
    expect(formatPercent(null)).toBe('—');
  });
});

describe('formatCount', () => {
  it('groups thousands', () => {
    expect(formatCount(1288)).toBe('1,288');
    expect(formatCount(7)).toBe('7');
  });
});

describe('formatAge ("updated N ago")', () => {
  it('counts whole seconds up to two minutes, then minutes, then hours', () => {
    expect(formatAge(400)).toBe('0 s');
    expect(formatAge(11_900)).toBe('11 s');
    expect(formatAge(119_999)).toBe('119 s');
    expect(formatAge(120_000)).toBe('2 min');
    expect(formatAge(3 * 3600_000)).toBe('3 h');
  });
});

describe('formatSiteClock', () => {
  const at = Date.parse('2026-03-02T09:05:07Z');

  it('shows the time in the site time zone, not the browser one', () => {
    expect(formatSiteClock(at, 'Europe/Moscow')).toEqual({ time: '12:05:07', date: 'Mon 2 Mar', zone: 'Europe/Moscow' });
  });

  it('falls back to a labelled UTC clock for a zone the browser does not know', () => {
    expect(formatSiteClock(at, 'Mars/Olympus_Mons')).toEqual({ time: '09:05:07', date: 'Mon 2 Mar', zone: 'UTC' });
  });
});

describe('formatRate (abandon rate)', () => {
  it('rounds to the nearest percent, so a bad rate is not flattered, and a dash before any outcome', () => {
    expect(formatRate(6.6)).toBe('7%');
    expect(formatRate(6.4)).toBe('6%');
    expect(formatRate(null)).toBe('—');
  });
});
