import { DAY_MS, dayNumberOfDate, isDate } from '../../../../shared/site-time';
import { locale, t } from '../../i18n/i18n';

/**
 * Names of the 15-minute intervals, the weekdays and the days as the desk pages
 * print them. Intervals are identified by their site wall-clock start ("09:15"),
 * the label the history API gives each one.
 */

export const INTERVAL_MIN = 15;
export const INTERVALS_PER_DAY = (24 * 60) / INTERVAL_MIN;

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const pad2 = (n: number) => String(n).padStart(2, '0');

function minutesOf(time: string): number | null {
  const match = TIME_RE.exec(time);
  return match === null ? null : Number(match[1]) * 60 + Number(match[2]);
}

/** 0 for "00:00" .. 95 for "23:45"; null for anything that is not an interval start. */
export function intervalIndexOf(time: string): number | null {
  const minutes = minutesOf(time);
  return minutes === null || minutes % INTERVAL_MIN !== 0 ? null : minutes / INTERVAL_MIN;
}

/** "HH:MM" start of interval `index` (0..95). */
export function intervalTimeAt(index: number): string {
  const minutes = index * INTERVAL_MIN;
  return `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** "09:15–09:30"; the last interval ends at "24:00", the end of the day it belongs to. */
export function intervalRangeLabel(time: string, intervals = 1): string {
  const start = minutesOf(time);
  if (start === null) return time;
  const end = start + intervals * INTERVAL_MIN;
  return `${time}–${pad2(Math.floor(end / 60))}:${pad2(end % 60)}`;
}

/**
 * Times from `times` that start a whole hour divisible by `everyHours`: the
 * ticks of a chart's interval axis (96 labels would be unreadable).
 */
export function hourTicks(times: readonly string[], everyHours = 2): string[] {
  return times.filter((time) => {
    const minutes = minutesOf(time);
    return minutes !== null && minutes % (everyHours * 60) === 0;
  });
}

// 2024-01-01 was a Monday: ISO weekday n is that day plus n - 1, named in the page's language
const WEEKDAY_NAMES = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'long' });
const WEEKDAY_SHORT = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short' });
const weekdayDate = (isoWeekday: number): number => Date.UTC(2024, 0, isoWeekday);

/** ISO weekday numbers, Monday first, as the API uses them. */
export const ISO_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** 1 = "Monday" .. 7 = "Sunday" (ISO weekday). */
export function weekdayName(isoWeekday: number): string {
  if (isoWeekday < 1 || isoWeekday > 7) return `${isoWeekday}`;
  // Russian writes weekdays in lower case; in a table cell or a select they start a phrase
  const name = WEEKDAY_NAMES.format(weekdayDate(isoWeekday));
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
}

export function weekdayShort(isoWeekday: number): string {
  return isoWeekday >= 1 && isoWeekday <= 7 ? WEEKDAY_SHORT.format(weekdayDate(isoWeekday)) : `${isoWeekday}`;
}

const DAY_PARTS = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });

/** "Mon 23 Nov 2026", put together from parts: ICU versions differ on the comma after the weekday. */
export function formatDayLabel(date: string, withYear = true): string {
  if (!isDate(date)) return date;
  const parts = DAY_PARTS.formatToParts(dayNumberOfDate(date) * DAY_MS);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  const label = `${part('weekday')} ${part('day')} ${part('month')}`;
  return withYear ? `${label} ${part('year')}` : label;
}

/** "1 week", "8 weeks" */
export function weeksCount(weeks: number): string {
  return t('common.weeks', { count: weeks });
}
