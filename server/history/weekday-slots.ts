import { addDays, isoWeekday } from '../../shared/site-time';
import { dayGrid } from './interval-grid';
import type { PooledSlot } from './history-queries';
import { emptyStoredInterval, type StoredInterval } from './interval-stats';

/** How pooled figures are keyed: ISO weekday and wall clock, "1 09:00". */
export function weekdaySlotKey(weekday: number, time: string): string {
  return `${weekday} ${time}`;
}

/** A weekday x wall-clock slot pooled over the days of a window. */
export interface WeekdaySlot {
  weekday: number;
  time: string;
  stored: StoredInterval;
  /** days on which the slot was observed (calls, or agents logged in): what a mean per day divides by */
  days: number;
  /** intervals observed: one per day, two on a day a fall-back repeats the hour */
  intervals: number;
  /** the one interval of a slot that stands for a single interval */
  intervalStart?: number;
}

/** Every interval of one site day as a slot of its own (a fall-back day shows its repeated hour twice). */
export function daySlots(timeZone: string, day: string, calls: ReadonlyMap<number, StoredInterval>): WeekdaySlot[] {
  const weekday = isoWeekday(day);
  return dayGrid(timeZone, day).map(({ start, time }) => ({
    weekday,
    time,
    stored: calls.get(start) ?? emptyStoredInterval(),
    days: 1,
    intervals: 1,
    intervalStart: start,
  }));
}

/**
 * The weekday x wall-clock slots of the given site days, in weekday then time
 * order, each with its figures and observed days as pooled by readWeekdayStats.
 * Every slot of the window's calendar is listed; one nobody observed has 0 days
 * (nothing to measure), not zero calls.
 */
export function poolByWeekday(timeZone: string, days: readonly string[], pooled: ReadonlyMap<string, PooledSlot>): WeekdaySlot[] {
  const slots = new Map<string, WeekdaySlot>();
  for (const day of days) {
    const weekday = isoWeekday(day);
    for (const { time } of dayGrid(timeZone, day)) {
      const key = weekdaySlotKey(weekday, time);
      if (slots.has(key)) continue;
      const seen = pooled.get(key);
      slots.set(key, { weekday, time, stored: seen?.stored ?? emptyStoredInterval(), days: seen?.days ?? 0, intervals: seen?.intervals ?? 0 });
    }
  }
  return [...slots.values()].sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
}

/** The `weeks` weeks of site days before `end`. */
export function windowDays(end: string, weeks: number): string[] {
  const first = addDays(end, -7 * weeks);
  return Array.from({ length: 7 * weeks }, (_, i) => addDays(first, i));
}
