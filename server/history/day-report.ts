import type { DayInterval, DaySeries, IntervalRow, TicketInterval } from '../../shared/history-api';
import { siteClock, siteDay } from '../domain/site-time';
import { dayIntervals } from './interval-grid';
import { emptyStoredInterval, intervalStats, sumStoredIntervals, type StoredInterval } from './interval-stats';

/** One interval as the history endpoints show it; a missing row is an empty interval. */
export function intervalRow(timeZone: string, start: number, stored: StoredInterval | undefined): IntervalRow {
  return {
    intervalStart: new Date(start).toISOString(),
    day: siteDay(timeZone, start),
    time: siteClock(timeZone, start),
    ...intervalStats(stored ?? emptyStoredInterval()),
  };
}

export function emptyTicketInterval(): TicketInterval {
  return { created: 0, solved: 0, firstResponded: 0, firstRespondedWithinSla: 0 };
}

/** A site day's intervals with calls and tickets, and the day's totals. */
export function daySeries(
  timeZone: string,
  date: string,
  calls: ReadonlyMap<number, StoredInterval>,
  tickets: ReadonlyMap<number, TicketInterval>,
): DaySeries {
  const starts = dayIntervals(timeZone, date);
  const intervals: DayInterval[] = starts.map((start) => ({
    ...intervalRow(timeZone, start, calls.get(start)),
    tickets: tickets.get(start) ?? emptyTicketInterval(),
  }));
  const ticketTotal = emptyTicketInterval();
  for (const row of intervals) {
    ticketTotal.created += row.tickets.created;
    ticketTotal.solved += row.tickets.solved;
    ticketTotal.firstResponded += row.tickets.firstResponded;
    ticketTotal.firstRespondedWithinSla += row.tickets.firstRespondedWithinSla;
  }
  const present = starts.flatMap((start) => calls.get(start) ?? []);
  return {
    date,
    intervals,
    total: intervalStats(sumStoredIntervals(present), starts.length),
    tickets: ticketTotal,
  };
}
