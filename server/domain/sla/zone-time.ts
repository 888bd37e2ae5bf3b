import { IANAZone } from 'luxon';

/**
 * Wall-clock <-> instant conversion in an IANA zone, exact to the millisecond.
 *
 * Civil days are counted as day numbers (days since 1970-01-01), so walking
 * from one local day to the next is `+ 1`, whatever the zone does that night.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** UTC offsets stay within these bounds (tzdb: -12:00 .. +14:00). */
const MAX_EAST_OFFSET_MS = 14 * HOUR_MS;
const MAX_WEST_OFFSET_MS = 12 * HOUR_MS;

export function isValidTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}

export interface ZoneClock {
  timeZone: string;
  /** offset (local - UTC) in ms at an instant */
  offsetAt(instantMs: number): number;
}

/** A UTC day's offsets: `before` until `changeAt`, `after` from then on. */
interface UtcDayOffsets {
  changeAt: number;
  before: number;
  after: number;
}

/**
 * Intl offset look-ups cost ~15 us each and business-time walks need several
 * per day, so each zone remembers its offsets per UTC day: one look-up at each
 * UTC midnight, and where the two differ, the exact instant of the change found
 * once by bisection. Exact as long as a zone changes its offset at most once in a
 * UTC day, true of every zone in use. Bounded: a long replay cannot grow it
 * without limit.
 */
const MAX_CACHED_DAYS_PER_ZONE = 20_000;
const zoneClocks = new Map<string, ZoneClock>();

/** the first instant in (lo, hi] whose offset is not `offsetAtLo`, when hi's is not */
function bisectChange(offsetOf: (ms: number) => number, lo: number, hi: number, offsetAtLo: number): number {
  let before = lo;
  let after = hi;
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (offsetOf(mid) === offsetAtLo) before = mid;
    else after = mid;
  }
  return after;
}

export function zoneClock(timeZone: string): ZoneClock {
  const known = zoneClocks.get(timeZone);
  if (known) return known;
  if (!isValidTimeZone(timeZone)) throw new RangeError(`unknown IANA time zone "${timeZone}"`);
  const zone = IANAZone.create(timeZone);
  const lookUp = (instantMs: number): number => zone.offset(instantMs) * MINUTE_MS;
  const days = new Map<number, UtcDayOffsets>();
  const offsetsOfUtcDay = (day: number): UtcDayOffsets => {
    let offsets = days.get(day);
    if (!offsets) {
      const start = day * DAY_MS;
      const end = start + DAY_MS;
      const before = lookUp(start);
      const after = lookUp(end);
      const changeAt = before === after ? end : bisectChange(lookUp, start, end, before);
      offsets = { changeAt, before, after };
      if (days.size >= MAX_CACHED_DAYS_PER_ZONE) days.clear();
      days.set(day, offsets);
    }
    return offsets;
  };
  const clock: ZoneClock = {
    timeZone,
    offsetAt(instantMs) {
      const offsets = offsetsOfUtcDay(Math.floor(instantMs / DAY_MS));
      return instantMs < offsets.changeAt ? offsets.before : offsets.after;
    },
  };
  zoneClocks.set(timeZone, clock);
  return clock;
}

/** The local civil day (days since 1970-01-01) an instant falls on. */
export function localDayNumber(zone: ZoneClock, instantMs: number): number {
  return Math.floor((instantMs + zone.offsetAt(instantMs)) / DAY_MS);
}

/** Day number of a `YYYY-MM-DD` date (already validated by the caller). */
export function dayNumberOfDate(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

/** 0 = Sunday .. 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOfDayNumber(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * The first instant at which the zone's clock reads `wallMs` (local time written
 * as if it were UTC) or later.
 *
 * That one rule settles both DST oddities: a wall time skipped by a spring-forward
 * gap maps to the instant the gap ends (so 02:30 on that night is the jump at
 * 02:00 -> 03:00), and a wall time that occurs twice at a fall-back maps to its
 * first occurrence. It is monotone in `wallMs`, so frames built from it never
 * overlap or reorder.
 *
 * Assumes at most one offset change within the ~26 h around `wallMs`, which holds
 * for every zone in use today.
 */
export function instantOfWallTime(zone: ZoneClock, wallMs: number): number {
  const offsetBefore = zone.offsetAt(wallMs - MAX_EAST_OFFSET_MS);
  const offsetAfter = zone.offsetAt(wallMs + MAX_WEST_OFFSET_MS);
  const early = wallMs - offsetBefore;
  const late = wallMs - offsetAfter;
  if (offsetBefore === offsetAfter) return early;
  const earlyValid = zone.offsetAt(early) === offsetBefore;
  const lateValid = zone.offsetAt(late) === offsetAfter;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (earlyValid) return early;
  if (lateValid) return late;
  // In a gap: `late` still has the old offset, `early` already the new one; the
  // answer is the change itself.
  return bisectChange(zone.offsetAt, late, early, offsetBefore);
}
