/**
 * Site calendar days as YYYY-MM-DD strings. Days are counted on the UTC
 * calendar (a date string has no zone): only "today" needs the site's zone.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function utcMidnight(date: string): Date | null {
  const match = DATE_RE.exec(date);
  if (match === null) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const value = new Date(Date.UTC(y, m - 1, d));
  return value.getUTCFullYear() === y && value.getUTCMonth() === m - 1 && value.getUTCDate() === d ? value : null;
}

export function isDate(value: string): boolean {
  return utcMidnight(value) !== null;
}

/** The site's calendar day at instant `nowMs`; UTC when the browser does not know the zone. */
export function siteToday(nowMs: number, timeZone: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(nowMs);
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

/** `date` moved by `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  const start = utcMidnight(date);
  if (start === null) throw new RangeError(`not a date: ${date}`);
  return new Date(start.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar day, 1 = Monday .. 7 = Sunday. */
export function isoWeekdayOf(date: string): number {
  const start = utcMidnight(date);
  if (start === null) throw new RangeError(`not a date: ${date}`);
  return ((start.getUTCDay() + 6) % 7) + 1;
}

const DAY_PARTS = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Mon 23 Nov 2026", put together from parts: ICU versions differ on the comma after the weekday. */
export function formatDayLabel(date: string, withYear = true): string {
  const start = utcMidnight(date);
  if (start === null) return date;
  const part = (type: Intl.DateTimeFormatPartTypes) => DAY_PARTS.formatToParts(start).find((p) => p.type === type)?.value ?? '';
  const label = `${part('weekday')} ${part('day')} ${part('month')}`;
  return withYear ? `${label} ${part('year')}` : label;
}
