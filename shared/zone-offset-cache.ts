import { IANAZone } from 'luxon';

/**
 * A zone's UTC offset at an instant, exact to the millisecond and cheap enough
 * for the reducer, which asks once per event at 100k+ events a second.
 *
 * luxon answers from Intl at ~2 us a call, so each zone remembers its offsets
 * per UTC day: the offsets at the day's two ends and, where they differ, the
 * exact instant of the change, found once by bisection. That is exact as long as
 * a zone changes its offset at most once in a UTC day: in tzdb 1995-2035 no two
 * changes of a zone are less than 7 days apart. A cache keyed by UTC quarter
 * hours would not be: St John's, Moncton, Gaza and Casey have changed at 00:01
 * local (03:31Z), in the middle of one.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Bounded so a long replay cannot grow it without limit (~55 years a zone). */
const MAX_CACHED_DAYS_PER_ZONE = 20_000;

/** A UTC day's offsets: `before` until `changeAt`, `after` from then on. */
interface UtcDayOffsets {
  changeAt: number;
  before: number;
  after: number;
}

class ZoneOffsets {
  private readonly zone: IANAZone;
  private readonly days = new Map<number, UtcDayOffsets>();
  // Events come in time order: nearly every look-up is in the previous one's day.
  private lastDay = Number.NaN;
  private last: UtcDayOffsets = { changeAt: 0, before: 0, after: 0 };

  constructor(timeZone: string) {
    this.zone = IANAZone.create(timeZone);
  }

  at(ms: number): number {
    const day = Math.floor(ms / DAY_MS);
    if (day !== this.lastDay) {
      this.last = this.offsetsOfDay(day);
      this.lastDay = day;
    }
    return ms < this.last.changeAt ? this.last.before : this.last.after;
  }

  private offsetsOfDay(day: number): UtcDayOffsets {
    let offsets = this.days.get(day);
    if (!offsets) {
      const start = day * DAY_MS;
      const end = start + DAY_MS;
      const before = this.lookUp(start);
      const after = this.lookUp(end);
      offsets = { changeAt: before === after ? end : firstChange((ms) => this.lookUp(ms), start, end), before, after };
      if (this.days.size >= MAX_CACHED_DAYS_PER_ZONE) this.days.clear();
      this.days.set(day, offsets);
    }
    return offsets;
  }

  private lookUp(ms: number): number {
    // luxon gives minutes, fractional for old local mean times (+0:53:28).
    return Math.round(this.zone.offset(ms) * MINUTE_MS);
  }
}

/** The first instant in (lo, hi] whose offset is not lo's, given hi's is not. */
function firstChange(offsetAt: (ms: number) => number, lo: number, hi: number): number {
  const offsetAtLo = offsetAt(lo);
  let before = lo;
  let after = hi;
  while (after - before > 1) {
    const mid = Math.floor((before + after) / 2);
    if (offsetAt(mid) === offsetAtLo) before = mid;
    else after = mid;
  }
  return after;
}

const zones = new Map<string, ZoneOffsets>();
// A process nearly always asks about one zone, its site's: skip the map then.
let latestName = '';
let latestZone: ZoneOffsets | undefined;

export function isValidTimeZone(timeZone: string): boolean {
  return IANAZone.isValidZone(timeZone);
}

/** Throws a clear error for a zone name the runtime does not know (config validation). */
export function assertTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) {
    throw new RangeError(`unknown IANA time zone "${timeZone}" (examples: Europe/Moscow, Europe/Berlin, UTC)`);
  }
}

/** The zone's UTC offset at an instant, in ms (Moscow: +3 h). Throws for an unknown zone. */
export function utcOffsetMs(timeZone: string, ms: number): number {
  if (timeZone !== latestName || latestZone === undefined) {
    let zone = zones.get(timeZone);
    if (!zone) {
      assertTimeZone(timeZone);
      zone = new ZoneOffsets(timeZone);
      zones.set(timeZone, zone);
    }
    latestName = timeZone;
    latestZone = zone;
  }
  return latestZone.at(ms);
}

/** The instant the zone's offset changes in (lo, hi], given lo's and hi's differ. */
export function offsetChangeBetween(timeZone: string, lo: number, hi: number): number {
  return firstChange((ms) => utcOffsetMs(timeZone, ms), lo, hi);
}
