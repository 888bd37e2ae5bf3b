import {
  DAY_MS,
  MINUTE_MS,
  assertTimeZone,
  dayNumberOfDate,
  instantOfWallTime,
  isoWeekdayOfDayNumber,
  siteDayNumber,
} from '../../../shared/site-time';

/**
 * Business calendars and business-time arithmetic.
 *
 * A weekly calendar's working frames are wall-clock times in its zone, turned
 * into instants day by day, so a 08:00-18:00 frame is 08:00-18:00 local on both
 * sides of a DST change and a 00:00-24:00 frame lasts 23 h or 25 h on the nights
 * the clock moves. A 24/7 calendar ignores zones: its business time is plain
 * elapsed time.
 */

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** minutes after local midnight; `toMinute` may be 1440 (24:00) */
export interface WorkingFrame {
  fromMinute: number;
  toMinute: number;
}

export type CalendarDefinition =
  | { kind: 'always' }
  | {
      kind: 'weekly';
      timeZone: string;
      /** frames per weekday, ascending and non-overlapping; a missing day is closed */
      week: Partial<Record<Weekday, WorkingFrame[]>>;
      /** YYYY-MM-DD in the calendar's zone: no working time that day */
      holidays: string[];
      /**
       * YYYY-MM-DD: a day off made a working day (a Saturday the government moved
       * a day off from), worked with Monday's frames; a plain holiday list cannot say it
       */
      workingDays?: string[];
      /** YYYY-MM-DD: a working day one hour shorter (the day before a public holiday, Russian Labour Code art. 95) */
      shortDays?: string[];
    };

export type BusinessCalendar = { kind: 'always' } | WeeklyCalendar;

type Frame = readonly [startMs: number, endMs: number];

interface WeeklyCalendar {
  kind: 'weekly';
  timeZone: string;
  /** working frames (instants) of one local day, holidays and DST applied */
  framesOfDay(day: number): readonly Frame[];
}

/**
 * Turning a day's frames into instants costs a few Intl offset look-ups; the
 * same days come back on every status refresh, so they are memoised, bounded so
 * a long replay cannot grow the memo without limit.
 */
const MAX_MEMOISED_DAYS = 4096;

/** how much shorter a short day is */
const SHORT_DAY_MINUTES = 60;

/** `frames` ending `minutes` earlier: cut from the last frame, and from the one before if the last is shorter. */
export function shortened(frames: readonly WorkingFrame[], minutes: number): WorkingFrame[] {
  let left = minutes;
  const kept: WorkingFrame[] = [];
  for (const frame of [...frames].reverse()) {
    const cut = Math.min(left, frame.toMinute - frame.fromMinute);
    left -= cut;
    if (frame.toMinute - cut > frame.fromMinute) kept.unshift({ fromMinute: frame.fromMinute, toMinute: frame.toMinute - cut });
  }
  return kept;
}

export function createBusinessCalendar(definition: CalendarDefinition): BusinessCalendar {
  if (definition.kind === 'always') return { kind: 'always' };
  const { timeZone } = definition;
  assertTimeZone(timeZone);
  const framesByWeekday = WEEKDAYS.map((name) => definition.week[name] ?? []);
  // Without it, addBusinessTime would search forever.
  if (framesByWeekday.every((frames) => frames.length === 0)) {
    throw new RangeError('a weekly calendar needs at least one working frame');
  }
  const holidays = new Set(definition.holidays.map(dayNumberOfDate));
  const workingDays = new Set((definition.workingDays ?? []).map(dayNumberOfDate));
  const shortDays = new Set((definition.shortDays ?? []).map(dayNumberOfDate));
  const memo = new Map<number, readonly Frame[]>();

  const computeFrames = (day: number): Frame[] => {
    if (holidays.has(day)) return [];
    // WEEKDAYS starts on Sunday, ISO weekday 7.
    const weekday = workingDays.has(day) ? WEEKDAYS.indexOf('mon') : isoWeekdayOfDayNumber(day) % 7;
    const frames = framesByWeekday[weekday] ?? [];
    return (shortDays.has(day) ? shortened(frames, SHORT_DAY_MINUTES) : frames)
      .map(
        (frame): Frame => [
          instantOfWallTime(timeZone, day * DAY_MS + frame.fromMinute * MINUTE_MS),
          instantOfWallTime(timeZone, day * DAY_MS + frame.toMinute * MINUTE_MS),
        ],
      )
      .filter(([start, end]) => end > start);
  };

  return {
    kind: 'weekly',
    timeZone,
    framesOfDay(day) {
      let frames = memo.get(day);
      if (!frames) {
        frames = computeFrames(day);
        if (memo.size >= MAX_MEMOISED_DAYS) memo.clear();
        memo.set(day, frames);
      }
      return frames;
    },
  };
}

/**
 * Working frames that end after `fromMs`, in order, the first one clipped to
 * start at `fromMs`. No frame of an earlier local day can end after `fromMs`:
 * a day's frames end by the first instant its next day's 00:00 is on the clock.
 */
function* workingFramesFrom(calendar: WeeklyCalendar, fromMs: number): Generator<Frame, never> {
  for (let day = siteDayNumber(calendar.timeZone, fromMs); ; day++) {
    for (const [start, end] of calendar.framesOfDay(day)) {
      if (end > fromMs) yield [Math.max(start, fromMs), end];
    }
  }
}

/**
 * Business time (ms) between two instants; 0 when `toMs <= fromMs`.
 * Never more than `toMs - fromMs`.
 */
export function businessTimeBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  if (!(toMs > fromMs)) return 0;
  if (calendar.kind === 'always') return toMs - fromMs;
  let total = 0;
  for (const [start, end] of workingFramesFrom(calendar, fromMs)) {
    if (start >= toMs) break;
    total += Math.min(end, toMs) - start;
  }
  return total;
}

/**
 * The earliest instant at which `durationMs` of business time has passed since
 * `startMs`. A duration of 0 returns `startMs` itself, even outside working time;
 * a positive one ending exactly at a frame's end returns that end, not the next
 * frame's start.
 */
export function addBusinessTime(calendar: BusinessCalendar, startMs: number, durationMs: number): number {
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`business duration must be a finite number >= 0, got ${durationMs}`);
  }
  if (durationMs === 0) return startMs;
  if (calendar.kind === 'always') return startMs + durationMs;
  let left = durationMs;
  // Ends: every calendar has working time in its week and holidays are finite.
  for (const frames = workingFramesFrom(calendar, startMs); ; ) {
    const [start, end] = frames.next().value;
    if (end - start >= left) return start + left;
    left -= end - start;
  }
}
