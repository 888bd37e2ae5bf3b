import type { DayInterval, DaySeries, IntervalRow, TicketInterval } from '../../shared/history-api';
import { dayGrid, type GridInterval } from './interval-grid';
import { emptyStoredInterval, intervalStats, sumStoredIntervals, type StoredInterval } from './interval-stats';

/** One interval as the history endpoints show it; a missing row is an empty interval. */
export function intervalRow(interval: GridInterval, stored: StoredInterval | undefined): IntervalRow {
  return {
    intervalStart: new Date(interval.start).toISOString(),
    day: interval.day,
    time: interval.time,
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
  const grid = dayGrid(timeZone, date);
  const intervals: DayInterval[] = grid.map((interval) => ({
    ...intervalRow(interval, calls.get(interval.start)),
    tickets: tickets.get(interval.start) ?? emptyTicketInterval(),
  }));
  const ticketTotal = emptyTicketInterval();
  for (const row of intervals) {
    ticketTotal.created += row.tickets.created;
    ticketTotal.solved += row.tickets.solved;
    ticketTotal.firstResponded += row.tickets.firstResponded;
    ticketTotal.firstRespondedWithinSla += row.tickets.firstRespondedWithinSla;
  }
  const present = grid.flatMap((interval) => calls.get(interval.start) ?? []);
  return {
    date,
    intervals,
    total: intervalStats(sumStoredIntervals(present), grid.length),
    tickets: ticketTotal,
  };
}
