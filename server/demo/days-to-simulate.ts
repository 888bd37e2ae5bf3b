import { addDays } from '../../shared/site-time';

/**
 * The `count` site days before `today`, newest first: yesterday, the day
 * before, ... Newest first because the pages look at recent days first (the
 * Day page opens on today and compares with the same weekday a week back).
 */
export function daysBefore(today: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(today, -(i + 1)));
}

/** `days` not in `written`, in their order. */
export function missingDays(days: readonly string[], written: ReadonlySet<string>): string[] {
  return days.filter((day) => !written.has(day));
}
