import { addDays, isoWeekday } from '../../shared/site-time';
import { dayGrid } from './interval-grid';
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
  /** days that have this slot (a spring-forward day lacks an hour) */
  days: number;
  /** intervals pooled: one per day, two on the day a fall-back repeats the hour */
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
 * order, with the figures pooled per slot (readWeekdayStats) and how many days
 * and intervals each slot stands for.
 */
export function poolByWeekday(timeZone: string, days: readonly string[], pooled: ReadonlyMap<string, StoredInterval>): WeekdaySlot[] {
  const slots = new Map<string, WeekdaySlot & { lastDay: string }>();
  for (const day of days) {
    const weekday = isoWeekday(day);
    for (const { time } of dayGrid(timeZone, day)) {
      const key = weekdaySlotKey(weekday, time);
      let slot = slots.get(key);
      if (!slot) {
        slot = { weekday, time, stored: pooled.get(key) ?? emptyStoredInterval(), days: 0, intervals: 0, lastDay: '' };
        slots.set(key, slot);
      }
      slot.intervals += 1;
      if (slot.lastDay !== day) {
        slot.days += 1;
        slot.lastDay = day;
      }
    }
  }
  return [...slots.values()]
    .map(({ lastDay: _lastDay, ...slot }) => slot)
    .sort((a, b) => a.weekday - b.weekday || a.time.localeCompare(b.time));
}

/** The `weeks` weeks of site days before `end`. */
export function windowDays(end: string, weeks: number): string[] {
  const first = addDays(end, -7 * weeks);
  return Array.from({ length: 7 * weeks }, (_, i) => addDays(first, i));
}
