import { addDays, DAY_MS, dayStartMs, INTERVAL_MS, siteClock, siteDay, utcOffsetMs } from '../../shared/site-time';

/**
 * Site days as lists of 15-minute intervals (pure calendar arithmetic). A day
 * runs from its start to the next day's start: 96 intervals, 92 or 100 on a
 * DST change (shared/site-time.ts). Days are YYYY-MM-DD strings.
 */

/** An interval with its site day and wall-clock label. */
export interface GridInterval {
  start: number;
  day: string;
  time: string;
}

const INTERVALS_PER_PLAIN_DAY = DAY_MS / INTERVAL_MS;

/**
 * A site day's intervals with their labels. On a day without an offset change
 * (all but two a year, if any) labels follow from the day's one offset, which
 * saves a time-zone lookup per interval: a year of intervals is 35,000 of them.
 */
export function dayGrid(timeZone: string, day: string): GridInterval[] {
  const from = dayStartMs(timeZone, day);
  const to = dayStartMs(timeZone, addDays(day, 1));
  const offset = utcOffsetMs(timeZone, from);
  const plain = to - from === DAY_MS && utcOffsetMs(timeZone, to - INTERVAL_MS) === offset;
  const grid: GridInterval[] = [];
  for (let start = from, i = 0; start < to; start += INTERVAL_MS, i++) {
    grid.push({ start, day, time: plain ? clockLabel(i) : siteClock(timeZone, start) });
  }
  return grid;
}

/** The intervals of [from, to) (interval-aligned instants) with their labels. */
export function rangeGrid(timeZone: string, from: number, to: number): GridInterval[] {
  const grid: GridInterval[] = [];
  for (let day = siteDay(timeZone, from); dayStartMs(timeZone, day) < to; day = addDays(day, 1)) {
    for (const interval of dayGrid(timeZone, day)) {
      if (interval.start >= from && interval.start < to) grid.push(interval);
    }
  }
  return grid;
}

const clockLabels = Array.from({ length: INTERVALS_PER_PLAIN_DAY }, (_, i) => {
  const minutes = i * 15;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
});

function clockLabel(index: number): string {
  return clockLabels[index]!;
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
