import { describe, expect, it } from 'vitest';
import { dayResponseSchema, type DayResponse, type DaySeries, type IntradayResponse } from '../../../shared/history-api';
import { buildDayView, changePct, slTargetFor, withForecast } from '../../../client/src/pages/day/day-series';
import { dayPayload, fixtureDay } from '../../support/fake-history-server';

function response(days: DaySeries[]): DayResponse {
  return dayResponseSchema.parse({ site: 'Moscow support', timeZone: 'Europe/Moscow', queue: null, days });
}

/** A day whose interval labels are `times`, with `offered` calls in each. */
function dayWithTimes(date: string, times: readonly string[], offered: number): DaySeries {
  const template = fixtureDay(date, 1);
  const interval = template.intervals[40]!;
  return {
    ...template,
    intervals: times.map((time) => ({ ...interval, time, offered })),
    total: { ...template.total, offered: offered * times.length },
  };
}

describe('the day charts’ rows', () => {
  it('has one row per interval of the day, with the figures of the reply', () => {
    const reply = dayPayload({ date: '2026-11-23', compare: 4, format: 'json' }, 'full');
    const view = buildDayView(reply);
    expect(view).not.toBeNull();
    if (view === null) return;
    const day = reply.days[0]!;
    expect(view.rows).toHaveLength(96);
    const row = view.rows[42]!;
    const interval = day.intervals[42]!;
    expect(row).toMatchObject({
      time: '10:30',
      toCome: false,
      offered: interval.offered,
      answered: interval.answered,
      abandoned: interval.abandoned,
      serviceLevelPct: interval.serviceLevelPct,
      ticketsCreated: interval.tickets.created,
      firstRespondedWithinSla: interval.tickets.firstRespondedWithinSla,
    });
    expect(view.hasCalls).toBe(true);
    expect(view.hasTickets).toBe(true);
  });

  it('puts each earlier week beside the day, labelled with its date and distance', () => {
    const reply = dayPayload({ date: '2026-11-23', compare: 2, format: 'json' }, 'full');
    const view = buildDayView(reply)!;
    expect(view.earlier.map((e) => e.label)).toEqual(['Mon 16 Nov (1 week earlier)', 'Mon 9 Nov (2 weeks earlier)']);
    const [oneWeek, twoWeeks] = view.earlier;
    expect(view.rows[42]!.earlierOffered[oneWeek!.key]).toBe(reply.days[1]!.intervals[42]!.offered);
    expect(view.rows[42]!.earlierOffered[twoWeeks!.key]).toBe(reply.days[2]!.intervals[42]!.offered);
    const mean = (reply.days[1]!.total.offered + reply.days[2]!.total.offered) / 2;
    expect(view.offeredComparison).toMatchObject({ offered: reply.days[0]!.total.offered, earlierDays: 2, until: null });
    expect(view.offeredComparison!.earlierMean).toBeCloseTo(mean);
    const values = [reply.days[1]!.intervals[42]!.offered, reply.days[2]!.intervals[42]!.offered];
    expect(view.rows[42]!.earlierRange).toEqual([Math.min(...values), Math.max(...values)]);
    expect(view.rows[42]!.earlierMean).toBeCloseTo((values[0]! + values[1]!) / 2);
  });

  it('compares today so far with the same hours of earlier weeks, and draws nothing for intervals still to come', () => {
    const reply = dayPayload({ date: '2026-11-23', compare: 2, format: 'json' }, 'full');
    const [today, ...earlier] = reply.days;
    // 06:30 is under way: 00:00 .. 06:15 are over (26 intervals).
    const current = today!.intervals[26]!;
    expect(current.time).toBe('06:30');
    const view = buildDayView(reply, Date.parse(current.intervalStart))!;
    const soFar = (day: (typeof reply.days)[number]) => day.intervals.slice(0, 26).reduce((sum, i) => sum + i.offered, 0);
    expect(view.offeredComparison).toMatchObject({ offered: soFar(today!), until: '06:30', earlierDays: 2 });
    expect(view.offeredComparison!.earlierMean).toBeCloseTo((soFar(earlier[0]!) + soFar(earlier[1]!)) / 2);
    expect(view.rows[26]!.offered).toBe(current.offered);
    expect(view.rows.slice(27).every((row) => row.toCome && row.offered === null)).toBe(true);
    expect(view.rows.slice(0, 27).some((row) => row.toCome)).toBe(false);
    // The earlier weeks are whole days: their band goes on.
    expect(view.rows.slice(27).every((row) => row.earlierRange !== null)).toBe(true);
  });

  it('matches earlier weeks by wall clock, summing the repeated hour of a DST day', () => {
    const day = dayWithTimes('2026-11-23', ['01:00', '02:00', '03:00'], 5);
    // The autumn change repeats 02:00; a spring change would skip it.
    const autumn = dayWithTimes('2026-11-16', ['01:00', '02:00', '02:00', '03:00'], 4);
    const spring = dayWithTimes('2026-11-09', ['01:00', '03:00'], 3);
    const view = buildDayView(response([day, autumn, spring]))!;
    const [a, s] = view.earlier;
    expect(view.rows.map((r) => r.earlierOffered[a!.key])).toEqual([4, 8, 4]);
    expect(view.rows.map((r) => r.earlierOffered[s!.key])).toEqual([3, 0, 3]);
  });

  it('draws no line for an earlier week without history and leaves it out of the mean', () => {
    const reply = response([fixtureDay('2026-11-23', 1), fixtureDay('2026-11-16', 1), fixtureDay('2026-11-09', 0)]);
    const view = buildDayView(reply)!;
    expect(view.earlier.map((e) => e.hasCalls)).toEqual([true, false]);
    expect(view.rows.every((r) => r.earlierOffered[view.earlier[1]!.key] === null)).toBe(true);
    expect(view.offeredComparison).toMatchObject({ earlierMean: reply.days[1]!.total.offered, earlierDays: 1 });
  });

  it('has nothing to draw when the reply holds no intervals, and no calls on a day of zeros', () => {
    const noIntervals = response([{ ...fixtureDay('2026-11-23', 0), intervals: [] }]);
    expect(buildDayView(noIntervals)).toBeNull();
    expect(buildDayView(response([]))).toBeNull();
    const zeros = buildDayView(dayPayload({ date: '2026-11-23', compare: 4, format: 'json' }, 'empty'))!;
    expect(zeros.hasCalls).toBe(false);
    expect(zeros.hasTickets).toBe(false);
    expect(zeros.offeredComparison).toBeNull();
  });
});

describe('the rest of today’s forecast', () => {
  const reply = dayPayload({ date: '2026-11-23', compare: 4, format: 'json' }, 'full');
  const day = reply.days[0]!;
  const underWay = Date.parse(day.intervals[40]!.intervalStart);
  function intraday(date: string): IntradayResponse {
    return {
      site: reply.site,
      timeZone: reply.timeZone,
      queue: null,
      day: date,
      asOf: day.intervals[40]!.intervalStart,
      scale: 1.1,
      observedDays: 4,
      target: { slPct: 80, slSec: 20 },
      intervals: day.intervals.slice(40).map((interval, i) => ({
        intervalStart: interval.intervalStart,
        time: interval.time,
        forecastOffered: 10 + i,
        low: 5 + i,
        high: 15 + i,
        ahtSec: 200,
        requiredErlangC: 4,
        requiredErlangA: 3,
      })),
      nextHour: { offered: 46, agentsNeeded: 4, staffedNow: 3 },
    };
  }

  it('continues today from the interval under way, with its band', () => {
    const view = withForecast(buildDayView(reply, underWay)!, intraday('2026-11-23'));
    expect(view.hasForecast).toBe(true);
    expect(view.rows[39]).toMatchObject({ forecast: null, forecastBand: null });
    expect(view.rows[40]).toMatchObject({ forecast: 10, forecastBand: [5, 15], offered: day.intervals[40]!.offered });
    expect(view.rows[41]).toMatchObject({ toCome: true, offered: null, forecast: 11, forecastBand: [6, 16] });
  });

  it('leaves another day, or no forecast, as it was', () => {
    const view = buildDayView(reply, underWay)!;
    expect(withForecast(view, intraday('2026-11-24'))).toBe(view);
    expect(withForecast(view, null)).toBe(view);
    expect(view.hasForecast).toBe(false);
  });
});

describe('comparisons and targets', () => {
  it('gives the change against a reference in percent, none without one', () => {
    expect(changePct(110, 100)).toBeCloseTo(10);
    expect(changePct(80, 100)).toBeCloseTo(-20);
    expect(changePct(5, 0)).toBeNull();
    expect(changePct(5, null)).toBeNull();
  });

  const queues = [
    { id: 'sales', name: 'Sales', slTargetPct: 90, slThresholdSec: 20 },
    { id: 'l1', name: 'L1', slTargetPct: 90, slThresholdSec: 20 },
    { id: 'l2', name: 'L2', slTargetPct: 80, slThresholdSec: 30 },
  ];

  it("draws the chosen queue's own target", () => {
    expect(slTargetFor(queues, 'l2')).toEqual({ pct: 80, thresholdSec: 30 });
  });

  it('draws one target for all queues only when they share it', () => {
    expect(slTargetFor(queues, null)).toBeNull();
    expect(slTargetFor(queues.slice(0, 2), null)).toEqual({ pct: 90, thresholdSec: 20 });
    expect(slTargetFor(queues, 'unknown')).toBeNull();
  });
});
