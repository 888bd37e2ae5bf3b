import type { DayResponse, IntervalStats, TicketInterval } from '../../../../shared/history-api';
import { formatDayLabel, weeksCount } from '../shared/interval-labels';
import type { QueueChoice } from '../shared/use-site-info';

/**
 * The rows the day charts draw: one per interval of the requested day, with
 * the offered calls of the same interval on earlier weeks beside it.
 */

export interface DayChartRow {
  /** site wall clock of the interval's start */
  time: string;
  offered: number;
  answered: number;
  answeredWithinSl: number;
  abandoned: number;
  timedOut: number;
  serviceLevelPct: number | null;
  asaSec: number | null;
  ahtSec: number | null;
  ticketsCreated: number;
  ticketsSolved: number;
  firstResponded: number;
  firstRespondedWithinSla: number;
  /** offered calls of this interval on each earlier day, by EarlierDay.key; null when that day has no history */
  earlierOffered: Record<string, number | null>;
}

export interface EarlierDay {
  key: string;
  date: string;
  weeksBack: number;
  /** "Mon 16 Nov (1 week earlier)" */
  label: string;
  /** false when the day has no calls at all: history did not reach back that far */
  hasCalls: boolean;
}

export interface DayView {
  date: string;
  timeZone: string;
  rows: DayChartRow[];
  earlier: EarlierDay[];
  total: IntervalStats;
  tickets: TicketInterval;
  /** mean offered calls of the earlier days that have history; null when none has */
  earlierOfferedMean: number | null;
  hasCalls: boolean;
  hasTickets: boolean;
}

export function weeksBackLabel(weeks: number): string {
  return `${weeksCount(weeks)} earlier`;
}

/** Null when the reply holds no day, or the day no intervals: there is nothing to draw. */
export function buildDayView(response: DayResponse): DayView | null {
  const [day, ...earlierDays] = response.days;
  if (day === undefined || day.intervals.length === 0) return null;

  const earlier: EarlierDay[] = earlierDays.map((d, i) => ({
    key: `earlier${i + 1}`,
    date: d.date,
    weeksBack: i + 1,
    label: `${formatDayLabel(d.date, false)} (${weeksBackLabel(i + 1)})`,
    hasCalls: d.total.offered > 0,
  }));

  // Matched by wall clock, not position: a DST day has 92 or 100 intervals. Its
  // repeated hour is summed under one label.
  const earlierByTime = earlierDays.map((d) => {
    const offered = new Map<string, number>();
    for (const interval of d.intervals) offered.set(interval.time, (offered.get(interval.time) ?? 0) + interval.offered);
    return offered;
  });

  const rows = day.intervals.map((interval): DayChartRow => {
    const earlierOffered: Record<string, number | null> = {};
    earlier.forEach((e, i) => {
      earlierOffered[e.key] = e.hasCalls ? (earlierByTime[i]?.get(interval.time) ?? 0) : null;
    });
    return {
      time: interval.time,
      offered: interval.offered,
      answered: interval.answered,
      answeredWithinSl: interval.answeredWithinSl,
      abandoned: interval.abandoned,
      timedOut: interval.timedOut,
      serviceLevelPct: interval.serviceLevelPct,
      asaSec: interval.asaSec,
      ahtSec: interval.ahtSec,
      ticketsCreated: interval.tickets.created,
      ticketsSolved: interval.tickets.solved,
      firstResponded: interval.tickets.firstResponded,
      firstRespondedWithinSla: interval.tickets.firstRespondedWithinSla,
      earlierOffered,
    };
  });

  const withHistory = earlierDays.filter((d) => d.total.offered > 0);
  const { tickets } = day;
  return {
    date: day.date,
    timeZone: response.timeZone,
    rows,
    earlier,
    total: day.total,
    tickets,
    earlierOfferedMean:
      withHistory.length === 0 ? null : withHistory.reduce((sum, d) => sum + d.total.offered, 0) / withHistory.length,
    hasCalls: day.total.offered > 0,
    hasTickets: tickets.created + tickets.solved + tickets.firstResponded > 0,
  };
}

/** Change against a reference, in percent; null without a reference to compare with. */
export function changePct(value: number, reference: number | null): number | null {
  return reference === null || reference === 0 ? null : ((value - reference) / reference) * 100;
}

export interface SlTarget {
  pct: number;
  thresholdSec: number;
}

/**
 * The service-level target to draw: the queue's own, or for all queues the one
 * they share; null when the queues' targets differ (one line would mislead).
 */
export function slTargetFor(queues: readonly QueueChoice[], queueId: string | null): SlTarget | null {
  const chosen = queueId === null ? queues : queues.filter((q) => q.id === queueId);
  const [first, ...rest] = chosen;
  if (first === undefined) return null;
  const same = rest.every((q) => q.slTargetPct === first.slTargetPct && q.slThresholdSec === first.slThresholdSec);
  return same ? { pct: first.slTargetPct, thresholdSec: first.slThresholdSec } : null;
}
