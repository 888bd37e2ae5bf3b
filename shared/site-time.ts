import { assertTimeZone, isValidTimeZone, offsetChangeBetween, utcOffsetMs } from './zone-offset-cache';

/**
 * The site's calendar, one definition for the server (counters, history, SLA
 * business time), the simulator (its ledger) and the pages: which day and which
 * 15-minute interval an instant belongs to in an IANA zone, and when days start.
 *
 * Intervals are quarter hours of the site's wall clock, identified by their start
 * instant, which stays unambiguous across DST: a day has 96 of them, 92 or 100
 * when the clock moves an hour, 94 or 98 on Lord Howe (30 minutes).
 *
 * A day starts at the first instant its date is on the clock: 01:00 where DST
 * skips midnight (Santiago), the first of two midnights where it repeats one
 * (Havana), and a day the zone skipped (Apia, 2011-12-30) starts and ends at the
 * same instant. Days are YYYY-MM-DD dates or day numbers (days since 1970-01-01),
 * so the next day is `+ 1` whatever the zone does that night.
 */

export { assertTimeZone, isValidTimeZone, utcOffsetMs };

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const INTERVAL_MS = 15 * MINUTE_MS;

/** UTC offsets stay within these bounds (tzdb: -12:00 .. +14:00). */
const MAX_EAST_OFFSET_MS = 14 * HOUR_MS;
const MAX_WEST_OFFSET_MS = 12 * HOUR_MS;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** n mod m in [0, m); `%` on doubles beyond 2^31 is several times slower. */
function mod(n: number, m: number): number {
  return n - Math.floor(n / m) * m;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** NaN unless `date` is a real YYYY-MM-DD calendar date. */
function parseDayNumber(date: string): number {
  const match = DATE_RE.exec(date);
  if (match === null) return Number.NaN;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(y, m - 1, d));
  const real = utc.getUTCFullYear() === y && utc.getUTCMonth() === m - 1 && utc.getUTCDate() === d;
  return real ? utc.getTime() / DAY_MS : Number.NaN;
}

export function isDate(value: string): boolean {
  return !Number.isNaN(parseDayNumber(value));
}

/** Day number (days since 1970-01-01) of a YYYY-MM-DD date. */
export function dayNumberOfDate(date: string): number {
  const day = parseDayNumber(date);
  if (Number.isNaN(day)) throw new RangeError(`not a date: ${date}`);
  return day;
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** `date` moved by `days` calendar days (negative goes back). */
export function addDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumberOfDate(date) + days);
}

/** 1 = Monday .. 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekdayOfDayNumber(day: number): number {
  return mod(day + 3, 7) + 1;
}

export function isoWeekday(date: string): number {
  return isoWeekdayOfDayNumber(dayNumberOfDate(date));
}

/** The zone's wall clock at an instant, written as if it were UTC. */
function wallClockMs(timeZone: string, ms: number): number {
  return ms + utcOffsetMs(timeZone, ms);
}

/**
 * The first instant at which the zone's clock reads `wallMs` (local time written
 * as if it were UTC) or later.
 *
 * That one rule settles both DST oddities: a wall time skipped by a spring-forward
 * gap maps to the instant the gap ends (02:30 on that night is the jump at
 * 02:00 -> 03:00), and a wall time that occurs twice at a fall-back maps to its
 * first occurrence. It is monotone in `wallMs`, so frames built from it never
 * overlap or reorder. Gaps of any size: Lord Howe's 30 minutes, Apia's 24 hours.
 *
 * Assumes at most one offset change within the ~26 h around `wallMs` (see
 * zone-offset-cache.ts: changes are days apart).
 */
export function instantOfWallTime(timeZone: string, wallMs: number): number {
  const offsetBefore = utcOffsetMs(timeZone, wallMs - MAX_EAST_OFFSET_MS);
  const offsetAfter = utcOffsetMs(timeZone, wallMs + MAX_WEST_OFFSET_MS);
  const early = wallMs - offsetBefore;
  const late = wallMs - offsetAfter;
  if (offsetBefore === offsetAfter) return early;
  const earlyValid = utcOffsetMs(timeZone, early) === offsetBefore;
  const lateValid = utcOffsetMs(timeZone, late) === offsetAfter;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  // In a gap: `late` still has the old offset, `early` already the new one; the
  // answer is the change itself.
  return offsetChangeBetween(timeZone, late, early);
}

/**
 * The instant the zone's clock reads `wallMs` (local time written as if it were
 * UTC) when the zone's offset is the same for a day around it, so that the
 * wall time occurs exactly once; null near an offset change (the caller
 * decides what a skipped or repeated wall time means).
 */
export function instantOfSteadyWallTime(timeZone: string, wallMs: number): number | null {
  const offset = utcOffsetMs(timeZone, wallMs - MAX_EAST_OFFSET_MS);
  return utcOffsetMs(timeZone, wallMs + MAX_WEST_OFFSET_MS) === offset ? wallMs - offset : null;
}

/** The instant a site day starts (see the top of this file). */
export function dayStartMs(timeZone: string, date: string): number {
  return instantOfWallTime(timeZone, dayNumberOfDate(date) * DAY_MS);
}

interface SiteDaySpan {
  start: number;
  end: number;
  day: number;
  date: string;
}

/** Per zone, the day of the latest question: events come in time order, so it is nearly always the answer. */
const latestDays = new Map<string, SiteDaySpan>();

function siteDaySpan(timeZone: string, ms: number): SiteDaySpan {
  const latest = latestDays.get(timeZone);
  if (latest !== undefined && ms >= latest.start && ms < latest.end) return latest;
  // The clock's date, except after a fall-back that took it back across midnight
  // (St John's until 2011: 00:01 -> 23:01): the day that had begun goes on.
  let day = Math.floor(wallClockMs(timeZone, ms) / DAY_MS);
  let end = instantOfWallTime(timeZone, (day + 1) * DAY_MS);
  while (end <= ms) {
    day += 1;
    end = instantOfWallTime(timeZone, (day + 1) * DAY_MS);
  }
  const span = { start: instantOfWallTime(timeZone, day * DAY_MS), end, day, date: dateOfDayNumber(day) };
  latestDays.set(timeZone, span);
  return span;
}

/** The site day (YYYY-MM-DD) an instant belongs to: dayStartMs(day) <= ms < dayStartMs(next day). */
export function siteDay(timeZone: string, ms: number): string {
  return siteDaySpan(timeZone, ms).date;
}

/** siteDay as a day number. */
export function siteDayNumber(timeZone: string, ms: number): number {
  return siteDaySpan(timeZone, ms).day;
}

/** Start (epoch ms) of the site's 15-minute interval containing an instant. */
export function intervalStart(timeZone: string, ms: number): number {
  return ms - mod(wallClockMs(timeZone, ms), INTERVAL_MS);
}

/** Index 0..95 of the wall clock's quarter hour (an intraday profile's index). */
export function slotOfDay(timeZone: string, ms: number): number {
  return Math.floor(mod(wallClockMs(timeZone, ms), DAY_MS) / INTERVAL_MS);
}

/** Site wall time "HH:MM" of an instant (interval labels). */
export function siteClock(timeZone: string, ms: number): string {
  const minuteOfDay = Math.floor(mod(wallClockMs(timeZone, ms), DAY_MS) / MINUTE_MS);
  return `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
}

/** One site's calendar, bound to its zone (the simulator's ledger keys and load profile). */
export class SiteCalendar {
  constructor(readonly timeZone: string) {
    assertTimeZone(timeZone);
  }

  day(ms: number): string {
    return siteDay(this.timeZone, ms);
  }

  intervalStart(ms: number): number {
    return intervalStart(this.timeZone, ms);
  }

  slotOfDay(ms: number): number {
    return slotOfDay(this.timeZone, ms);
  }
}
