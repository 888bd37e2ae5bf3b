import { dayStartMs, INTERVAL_MS } from '../domain/site-time';

/**
 * Site days as lists of 15-minute intervals (pure calendar arithmetic). A day
 * runs from its start to the next day's start: 96 intervals, 92 or 100 on a
 * DST change. Days are YYYY-MM-DD strings, weekdays ISO (1 = Monday).
 */

function utcDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

/** The calendar day `n` days after `day` (before it when negative). */
export function addDays(day: string, n: number): string {
  const date = utcDate(day);
  date.setUTCDate(date.getUTCDate() + n);
  return date.toISOString().slice(0, 10);
}

export function isoWeekday(day: string): number {
  return ((utcDate(day).getUTCDay() + 6) % 7) + 1;
}

/** Interval starts (epoch ms) from `from` up to (not including) `to`, both interval-aligned. */
export function intervalsBetween(from: number, to: number): number[] {
  const starts: number[] = [];
  for (let start = from; start < to; start += INTERVAL_MS) starts.push(start);
  return starts;
}

export function dayIntervals(timeZone: string, day: string): number[] {
  return intervalsBetween(dayStartMs(timeZone, day), dayStartMs(timeZone, addDays(day, 1)));
}

/** [start, end) of a run of site days, epoch ms. */
export function daysRange(timeZone: string, firstDay: string, dayCount: number): { from: number; to: number } {
  return { from: dayStartMs(timeZone, firstDay), to: dayStartMs(timeZone, addDays(firstDay, dayCount)) };
}

/** Start of the interval an instant falls in (site intervals are UTC quarter hours, see migrations.ts). */
export function floorToInterval(ms: number): number {
  return Math.floor(ms / INTERVAL_MS) * INTERVAL_MS;
}

export function ceilToInterval(ms: number): number {
  return Math.ceil(ms / INTERVAL_MS) * INTERVAL_MS;
}
