import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, DAY_MS, dayNumberOfDate, dayStartMs, HOUR_MS, INTERVAL_MS, intervalStart, siteClock, siteDay, utcOffsetMs } from '../../../shared/site-time';

/**
 * The cached site time against luxon's plain (uncached) answers, 1995..2035, in
 * zones picked for their clocks: DST at night (Berlin, New York, Dublin's negative
 * DST), at midnight (Santiago, Havana, Beirut), at 00:01 local (St John's, Goose
 * Bay until 2011, Gaza, Casey), 30 minutes (Lord Howe), 2 hours (Troll), Ramadan
 * breaks (Casablanca), offsets of :30 and :45 (Kathmandu, Chatham, Eucla, Tehran,
 * Caracas and Pyongyang, which moved by 30 minutes), and the day Apia skipped.
 */
const ZONES = [
  'UTC',
  'Europe/Berlin',
  'Europe/Dublin',
  'Europe/Moscow',
  'America/New_York',
  'America/Santiago',
  'America/Havana',
  'America/St_Johns',
  'America/Goose_Bay',
  'America/Caracas',
  'America/Sao_Paulo',
  'Asia/Beirut',
  'Asia/Gaza',
  'Asia/Tehran',
  'Asia/Kathmandu',
  'Asia/Pyongyang',
  'Australia/Lord_Howe',
  'Australia/Eucla',
  'Pacific/Chatham',
  'Pacific/Apia',
  'Pacific/Kiritimati',
  'Antarctica/Troll',
  'Antarctica/Casey',
  'Africa/Casablanca',
];
const FROM = Date.UTC(1995, 0, 1);
const TO = Date.UTC(2036, 0, 1);
const RUNS = { numRuns: 3000 };

const plainOffset = (zone: string, ms: number) => Math.round(IANAZone.create(zone).offset(ms) * 60_000);
const plainWall = (zone: string, ms: number) => ms + plainOffset(zone, ms);
const plainDate = (zone: string, ms: number) => DateTime.fromMillis(ms, { zone }).toISODate()!;

interface OffsetChange {
  at: number;
  before: number;
  after: number;
}

/** The zone's offset changes around [FROM, TO): daily probes, then bisection to the ms. */
function offsetChanges(zone: string): OffsetChange[] {
  const changes: OffsetChange[] = [];
  // A week's margin: dates next to FROM and TO are tested too (Kiritimati skipped 1994-12-31).
  let before = plainOffset(zone, FROM - 7 * DAY_MS);
  for (let day = FROM - 7 * DAY_MS; day < TO + 7 * DAY_MS; day += DAY_MS) {
    const after = plainOffset(zone, day + DAY_MS);
    if (after === before) continue;
    let lo = day;
    let hi = day + DAY_MS;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (plainOffset(zone, mid) === before) lo = mid;
      else hi = mid;
    }
    changes.push({ at: hi, before, after });
    before = after;
  }
  return changes;
}

/**
 * A date's intervals from the zone's changes: 96, less the wall-clock time of
 * that date a gap skipped, plus the time a fall-back repeated, which belongs to
 * the date the clock had reached when it went back.
 */
function expectedIntervals(zone: string, date: string): number {
  const day = dayNumberOfDate(date);
  const [from, to] = [day * DAY_MS, (day + 1) * DAY_MS];
  let length = DAY_MS;
  for (const { at, before, after } of changesByZone.get(zone)!) {
    if (after > before) length -= Math.max(0, Math.min(to, at + after) - Math.max(from, at + before));
    else if (Math.floor((at + before - 1) / DAY_MS) === day) length += before - after;
  }
  return length / INTERVAL_MS;
}

/**
 * Where a change can go wrong: the change itself, and the instants the clock
 * reads midnight of the nearby dates under the old and the new offset, each
 * +-1 ms (St John's fall-back from 00:01 to 23:01 showed the 29th for one minute).
 */
function edgesOf(changes: readonly OffsetChange[]): number[] {
  const edges: number[] = [];
  for (const { at: change, before, after } of changes) {
    edges.push(change - 1, change, change + 1);
    for (const offset of [before, after]) {
      const day = Math.floor((change + offset) / DAY_MS);
      for (const midnight of [day - 1, day, day + 1, day + 2]) {
        const instant = midnight * DAY_MS - offset;
        edges.push(instant - 1, instant, instant + 1);
      }
    }
  }
  return edges;
}

const changesByZone = new Map(ZONES.map((zone) => [zone, offsetChanges(zone)]));
const edgesByZone = new Map(ZONES.map((zone) => [zone, edgesOf(changesByZone.get(zone)!)]));

function instantsIn(zone: string): fc.Arbitrary<number> {
  const changes = changesByZone.get(zone)!.map((change) => change.at);
  const edges = edgesByZone.get(zone)!;
  const uniform = fc.integer({ min: FROM, max: TO - 1 });
  if (changes.length === 0) return uniform;
  const nearChange = fc.tuple(fc.constantFrom(...changes), fc.integer({ min: -26 * HOUR_MS, max: 26 * HOUR_MS })).map(([c, d]) => c + d);
  return fc.oneof(uniform, nearChange, fc.constantFrom(...edges));
}

const zoneAndInstant = fc.constantFrom(...ZONES).chain((zone) => instantsIn(zone).map((ms) => ({ zone, ms })));

describe('site time, property based, 1995..2035', () => {
  it("gives luxon's offset and wall clock at every instant (the cache is exact)", () => {
    fc.assert(
      fc.property(zoneAndInstant, ({ zone, ms }) => {
        expect(utcOffsetMs(zone, ms)).toBe(plainOffset(zone, ms));
        expect(siteClock(zone, ms)).toBe(DateTime.fromMillis(ms, { zone }).toFormat('HH:mm'));
      }),
      RUNS,
    );
  });

  it('puts every instant in the day whose start is at or before it and whose next day starts after it', () => {
    fc.assert(
      fc.property(zoneAndInstant, ({ zone, ms }) => {
        const day = siteDay(zone, ms);
        expect(dayStartMs(zone, day)).toBeLessThanOrEqual(ms);
        expect(dayStartMs(zone, addDays(day, 1))).toBeGreaterThan(ms);
        // luxon's date, except after a fall-back that took the clock back across midnight.
        const fellBackAcrossMidnight = day === addDays(plainDate(zone, ms), 1) && plainOffset(zone, ms - 3 * HOUR_MS) > plainOffset(zone, ms);
        if (!fellBackAcrossMidnight) expect(day).toBe(plainDate(zone, ms));
      }),
      RUNS,
    );
  });

  it('starts a day at the first instant its date is on the clock', () => {
    fc.assert(
      fc.property(zoneAndInstant, ({ zone, ms }) => {
        const date = plainDate(zone, ms);
        const start = dayStartMs(zone, date);
        expect(start).toBeLessThanOrEqual(ms);
        expect(plainDate(zone, start)).toBe(date);
        expect(plainDate(zone, start - 1) < date).toBe(true);
      }),
      RUNS,
    );
  });

  it('gives a day 96 intervals, less what a gap skipped, plus what a fall-back repeated, all in the day', () => {
    const zoneAndDate = zoneAndInstant.chain(({ zone, ms }) => fc.integer({ min: -1, max: 1 }).map((d) => ({ zone, date: addDays(plainDate(zone, ms), d) })));
    fc.assert(
      fc.property(zoneAndDate, ({ zone, date }) => {
        const start = dayStartMs(zone, date);
        const end = dayStartMs(zone, addDays(date, 1));
        const intervals = (end - start) / INTERVAL_MS;
        expect(intervals).toBe(expectedIntervals(zone, date));
        const starts = Array.from({ length: intervals }, (_, i) => start + i * INTERVAL_MS);
        expect(starts.filter((interval) => siteDay(zone, interval) !== date || intervalStart(zone, interval) !== interval)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('puts every instant in a 15-minute interval that starts on a quarter hour of the wall clock', () => {
    fc.assert(
      fc.property(zoneAndInstant, ({ zone, ms }) => {
        const start = intervalStart(zone, ms);
        expect(start).toBeLessThanOrEqual(ms);
        expect(ms).toBeLessThan(start + INTERVAL_MS);
        expect(plainWall(zone, start) % INTERVAL_MS).toBe(0);
        // Also a UTC quarter hour, as history's SQL binning assumes (server/history/migrations.ts).
        expect(start % INTERVAL_MS).toBe(0);
        expect(siteDay(zone, start)).toBe(siteDay(zone, ms));
      }),
      RUNS,
    );
  });
});
