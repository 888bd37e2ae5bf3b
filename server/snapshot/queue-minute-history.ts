import { addCounters, COUNTER_FIELDS, emptyCounters, type Counters } from '../../shared/call-counters';

/**
 * The last hour of each queue, one sample a minute, kept in the process: what
 * the rolling 30-minute figures and the waiting sparkline are made of. Samples
 * come from the snapshot builds (every second, boards or not), so a TV that
 * reloads keeps the hour; a restarted node starts empty and says how much of
 * the window it has watched. Bounded: 61 minutes per queue; a queue silent
 * that long is forgotten.
 */

const MINUTE_MS = 60_000;
export const ROLLING_MINUTES = 30;
export const SPARKLINE_MINUTES = 60;
/** the sparkline's hour, and one more minute than the rolling window needs for its start */
const KEEP_MINUTES = Math.max(SPARKLINE_MINUTES, ROLLING_MINUTES + 1);

interface MinuteSample {
  minute: number;
  day: string;
  /** the day's counters at the minute's first observation: the window starts there */
  opening: Counters;
  /** the day's counters at the minute's latest observation: a day's last value when the window spans midnight */
  latest: Counters;
  waitingMax: number;
}

export interface QueueObservation {
  queueId: string;
  /** the site day's counters so far */
  dayCounters: Counters;
  waiting: number;
}

export interface QueueRecent {
  /** minutes of the rolling window the samples cover (30 once watched that long) */
  minutes: number;
  /** what the counters gained over those minutes */
  gained: Counters;
  /** the most callers waiting in each of the last 60 minutes, oldest first; null where nothing was observed */
  waitingPerMinute: (number | null)[];
}

export class QueueMinuteHistory {
  private readonly samples = new Map<string, MinuteSample[]>();

  /** Records the queues as they are at `nowMs` (site `day`); drops what fell out of the hour. */
  observe(nowMs: number, day: string, queues: readonly QueueObservation[]): void {
    const minute = Math.floor(nowMs / MINUTE_MS);
    for (const { queueId, dayCounters, waiting } of queues) {
      const list = this.samples.get(queueId) ?? [];
      const last = list.at(-1);
      if (last !== undefined && last.minute === minute && last.day === day) {
        last.latest = { ...dayCounters };
        last.waitingMax = Math.max(last.waitingMax, waiting);
      } else if (last === undefined || last.minute <= minute) {
        // a clock stepping back is ignored rather than breaking the order the window relies on
        list.push({ minute, day, opening: { ...dayCounters }, latest: { ...dayCounters }, waitingMax: waiting });
      }
      this.samples.set(queueId, list);
    }
    for (const [queueId, list] of this.samples) {
      const keep = list.filter((sample) => sample.minute > minute - KEEP_MINUTES);
      if (keep.length === 0) this.samples.delete(queueId);
      else if (keep.length !== list.length) this.samples.set(queueId, keep);
    }
  }

  /** The queue's recent figures at `nowMs`, given its day counters now. */
  recent(nowMs: number, day: string, queueId: string, dayCounters: Counters): QueueRecent {
    const minute = Math.floor(nowMs / MINUTE_MS);
    const list = this.samples.get(queueId) ?? [];
    const byMinute = new Map(list.map((sample) => [sample.minute, sample]));
    const waitingPerMinute = Array.from({ length: SPARKLINE_MINUTES }, (_, i) => byMinute.get(minute - SPARKLINE_MINUTES + 1 + i)?.waitingMax ?? null);
    const start = [...list].reverse().find((sample) => sample.minute <= minute - ROLLING_MINUTES) ?? list[0];
    if (start === undefined) return { minutes: 0, gained: emptyCounters(), waitingPerMinute };
    return {
      minutes: Math.min(ROLLING_MINUTES, minute - start.minute),
      gained: gainSince(list, start, day, dayCounters),
      waitingPerMinute,
    };
  }
}

/**
 * Counters gained from `start` to now. Across midnight the day counters start
 * over: the old day's gain up to its last observation, plus the new day's.
 * Never negative (a rebuilt store can come back lower).
 */
function gainSince(list: readonly MinuteSample[], start: MinuteSample, day: string, now: Counters): Counters {
  const gained = emptyCounters();
  if (start.day === day) {
    addCounters(gained, difference(now, start.opening));
  } else {
    const endOfStartDay = [...list].reverse().find((sample) => sample.day === start.day)!;
    addCounters(gained, difference(endOfStartDay.latest, start.opening));
    addCounters(gained, now);
  }
  for (const field of COUNTER_FIELDS) gained[field] = Math.max(0, gained[field]);
  return gained;
}

function difference(to: Counters, from: Counters): Counters {
  const result = emptyCounters();
  for (const field of COUNTER_FIELDS) result[field] = to[field] - from[field];
  return result;
}
