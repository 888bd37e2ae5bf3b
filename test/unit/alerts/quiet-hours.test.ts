import { describe, expect, it } from 'vitest';
import { isQuietAt } from '../../../server/alerts/quiet-hours';

/** Moscow is UTC+3 all year. */
const at = (utc: string): number => Date.parse(`2026-03-02T${utc}:00Z`);

describe('quiet hours', () => {
  it('read the site clock, cross midnight, include from and exclude to', () => {
    const night = { from: '22:00', to: '07:00' };
    expect(isQuietAt(night, 'Europe/Moscow', at('18:59'))).toBe(false); // 21:59 site time
    expect(isQuietAt(night, 'Europe/Moscow', at('19:00'))).toBe(true); // 22:00
    expect(isQuietAt(night, 'Europe/Moscow', at('23:30'))).toBe(true); // 02:30
    expect(isQuietAt(night, 'Europe/Moscow', at('04:00'))).toBe(false); // 07:00
    expect(isQuietAt(night, 'UTC', at('19:00'))).toBe(false);
  });

  it('within a day, and never without them or for an empty span', () => {
    const lunch = { from: '12:00', to: '13:00' };
    expect(isQuietAt(lunch, 'UTC', at('12:30'))).toBe(true);
    expect(isQuietAt(lunch, 'UTC', at('13:00'))).toBe(false);
    expect(isQuietAt(null, 'UTC', at('12:30'))).toBe(false);
    expect(isQuietAt({ from: '12:00', to: '12:00' }, 'UTC', at('12:00'))).toBe(false);
  });
});
