/**
 * Site-local calendar arithmetic: which day and which 15-minute interval an
 * instant belongs to in the site's IANA time zone. Intervals are identified by
 * their start instant (epoch ms), which stays unambiguous across DST changes
 * (a fall-back day has 100 intervals, a spring-forward day 92).
 */

export const INTERVAL_MS = 15 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * Offsets are cached per UTC quarter hour: zones change offset on quarter-hour
 * boundaries of UTC (Newfoundland's 02:00 local is 05:30Z), so one slot never
 * holds two offsets. Bounded so a long replay does not grow it without limit.
 */
const offsetCache = new Map<string, Map<number, number>>();
const MAX_CACHED_SLOTS_PER_ZONE = 96 * 400;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function computeOffsetMs(timeZone: string, ms: number): number {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const wholeSecondMs = Math.floor(ms / 1000) * 1000;
  return asUtc - wholeSecondMs;
}

/** The site's UTC offset at an instant, in ms (Moscow: +3 h). */
export function utcOffsetMs(timeZone: string, ms: number): number {
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const slot = Math.floor(ms / INTERVAL_MS);
  let offset = zone.get(slot);
  if (offset === undefined) {
    offset = computeOffsetMs(timeZone, slot * INTERVAL_MS);
    if (zone.size >= MAX_CACHED_SLOTS_PER_ZONE) zone.clear();
    zone.set(slot, offset);
  }
  return offset;
}

/** Throws a clear error for a name the runtime does not know (used by config validation). */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new Error(`unknown IANA time zone "${timeZone}" (examples: Europe/Moscow, Europe/Berlin, UTC)`);
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The site-local calendar day (YYYY-MM-DD) of an instant. */
export function siteDay(timeZone: string, ms: number): string {
  const local = new Date(ms + utcOffsetMs(timeZone, ms));
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
}

/** Start (epoch ms) of the site-local 15-minute interval containing an instant. */
export function intervalStart(timeZone: string, ms: number): number {
  const local = ms + utcOffsetMs(timeZone, ms);
  const intoInterval = ((local % INTERVAL_MS) + INTERVAL_MS) % INTERVAL_MS;
  return ms - intoInterval;
}

/** Site-local wall time "HH:MM" of an instant (interval labels). */
export function siteClock(timeZone: string, ms: number): string {
  const local = new Date(ms + utcOffsetMs(timeZone, ms));
  return `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/**
 * The instant a site-local day starts (its 00:00, or the first instant after it
 * on a day whose midnight is skipped by DST).
 */
export function dayStartMs(timeZone: string, day: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const naiveUtc = Date.UTC(y, m - 1, d);
  // Two passes settle the offset even when midnight sits next to a DST change.
  let guess = naiveUtc - utcOffsetMs(timeZone, naiveUtc);
  guess = naiveUtc - utcOffsetMs(timeZone, guess);
  return siteDay(timeZone, guess) === day ? guess : guess + HOUR_MS;
}
