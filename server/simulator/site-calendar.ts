import { IANAZone } from 'luxon';

export const INTERVAL_MS = 15 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
const MAX_CACHED_HOURS = 24 * 400;

/**
 * The site's calendar as the ledger needs it: the local day (YYYY-MM-DD) and the
 * local 15-minute interval an instant falls in, and the local time of day that
 * drives the intraday load profile. Intervals are named by their start instant
 * (epoch ms), which stays unambiguous across DST changes.
 */
export class SiteCalendar {
  private readonly zone: IANAZone;
  /** UTC offsets change at most on the hour, so the cache key is the UTC hour. */
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    if (!IANAZone.isValidZone(timeZone)) {
      throw new Error(`unknown IANA time zone "${timeZone}" (examples: Europe/Moscow, UTC)`);
    }
    this.zone = IANAZone.create(timeZone);
  }

  offsetMs(ms: number): number {
    const hour = Math.floor(ms / HOUR_MS);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      offset = this.zone.offset(ms) * 60_000;
      if (this.offsets.size >= MAX_CACHED_HOURS) this.offsets.clear();
      this.offsets.set(hour, offset);
    }
    return offset;
  }

  day(ms: number): string {
    return new Date(ms + this.offsetMs(ms)).toISOString().slice(0, 10);
  }

  intervalStart(ms: number): number {
    const local = ms + this.offsetMs(ms);
    return ms - (((local % INTERVAL_MS) + INTERVAL_MS) % INTERVAL_MS);
  }

  /** Index 0..95 of the local 15-minute slot of the day (the intraday profile's index). */
  slotOfDay(ms: number): number {
    const local = ms + this.offsetMs(ms);
    const intoDay = ((local % 86_400_000) + 86_400_000) % 86_400_000;
    return Math.floor(intoDay / INTERVAL_MS);
  }
}
