import type { DayInterval, DayResponse, DaySeries, IntervalStats, IntradayResponse, TicketInterval } from '../../../../shared/history-api';
import { formatDayLabel, weeksCount } from '../shared/interval-labels';
import type { QueueChoice } from '../shared/use-site-info';
import { t } from '../../i18n/i18n';

/**
 * The rows the day charts draw: one per interval of the requested day, with
 * the offered calls of the same interval on earlier weeks beside it.
 */

export interface DayChartRow {
  /** site wall clock of the interval's start */
  time: string;
  /** ISO instant of the interval's start */
  intervalStart: string;
  /** an interval of today after the one under way: its lines are not drawn */
  toCome: boolean;
  /** null for an interval of today still to come: nothing to draw, not zero calls */
  offered: number | null;
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
  /** lowest and highest offered of the earlier days with history; null when none has */
  earlierRange: [number, number] | null;
  earlierMean: number | null;
  /** today from the interval under way on: calls expected (GET /api/plan/intraday), and its band of the middle 80% */
  forecast: number | null;
  forecastBand: [number, number] | null;
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
  /** the comparison of offered calls with the earlier days; null when no earlier day has history */
  offeredComparison: OfferedComparison | null;
  hasCalls: boolean;
  hasTickets: boolean;
  /** some row carries a forecast */
  hasForecast: boolean;
}

/**
 * Offered calls against the mean of the earlier days with history. For today,
 * only the intervals already over are compared, with the same hours of the
 * earlier days: a day so far against whole days would read as a collapse.
 */
export interface OfferedComparison {
  offered: number;
  earlierMean: number;
  earlierDays: number;
  /** wall clock the comparison runs up to (the start of the current interval); null for a whole day */
  until: string | null;
}

export function weeksBackLabel(weeks: number): string {
  return t('day.weeksBack', { weeks: weeksCount(weeks) });
}

/**
 * Null when the reply holds no day, or the day no intervals: there is nothing to
 * draw. `currentIntervalStart` (epoch ms) marks the interval under way when the
 * day is today: later ones are still to come.
 */
export function buildDayView(response: DayResponse, currentIntervalStart: number | null = null): DayView | null {
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

  const startOf = (interval: { intervalStart: string }): number => Date.parse(interval.intervalStart);
  const toCome = (interval: { intervalStart: string }): boolean => currentIntervalStart !== null && startOf(interval) > currentIntervalStart;
  const rows = day.intervals.map((interval): DayChartRow => {
    const earlierOffered: Record<string, number | null> = {};
    earlier.forEach((e, i) => {
      earlierOffered[e.key] = e.hasCalls ? (earlierByTime[i]?.get(interval.time) ?? 0) : null;
    });
    const earlierValues = Object.values(earlierOffered).filter((v): v is number => v !== null);
    const later = toCome(interval);
    return {
      time: interval.time,
      intervalStart: interval.intervalStart,
      toCome: later,
      offered: later ? null : interval.offered,
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
      earlierRange: earlierValues.length === 0 ? null : [Math.min(...earlierValues), Math.max(...earlierValues)],
      earlierMean: earlierValues.length === 0 ? null : earlierValues.reduce((sum, v) => sum + v, 0) / earlierValues.length,
      forecast: null,
      forecastBand: null,
    };
  });

  const { tickets } = day;
  return {
    date: day.date,
    timeZone: response.timeZone,
    rows,
    earlier,
    total: day.total,
    tickets,
    offeredComparison: compareOffered(day, earlierDays, currentIntervalStart),
    hasCalls: day.total.offered > 0,
    hasTickets: tickets.created + tickets.solved + tickets.firstResponded > 0,
    hasForecast: false,
  };
}

/**
 * Today's rows with the rest-of-day forecast, matched by interval start (a DST
 * day repeats wall clocks). A forecast of another day, or none, leaves the view
 * as it is.
 */
export function withForecast(view: DayView, intraday: IntradayResponse | null): DayView {
  if (intraday === null || intraday.day !== view.date || intraday.intervals.length === 0) return view;
  const byStart = new Map(intraday.intervals.map((i) => [Date.parse(i.intervalStart), i]));
  const rows = view.rows.map((row) => {
    const forecast = byStart.get(Date.parse(row.intervalStart));
    return forecast === undefined ? row : { ...row, forecast: forecast.forecastOffered, forecastBand: [forecast.low, forecast.high] as [number, number] };
  });
  return { ...view, rows, hasForecast: rows.some((row) => row.forecast !== null) };
}

function compareOffered(day: DaySeries, earlierDays: readonly DaySeries[], currentIntervalStart: number | null): OfferedComparison | null {
  const withHistory = earlierDays.filter((d) => d.total.offered > 0);
  if (withHistory.length === 0) return null;
  const current = currentIntervalStart === null ? undefined : day.intervals.find((i) => Date.parse(i.intervalStart) === currentIntervalStart);
  // Whole intervals only: the one under way has had minutes, its counterparts fifteen.
  const until = current?.time ?? null;
  const over = (interval: DayInterval): boolean => until === null || interval.time < until;
  const offeredOver = (d: DaySeries): number => d.intervals.filter(over).reduce((sum, i) => sum + i.offered, 0);
  return {
    offered: offeredOver(day),
    earlierMean: withHistory.reduce((sum, d) => sum + offeredOver(d), 0) / withHistory.length,
    earlierDays: withHistory.length,
    until,
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
