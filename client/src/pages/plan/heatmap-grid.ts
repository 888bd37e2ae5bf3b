import type { BusyHour, HeatmapCell as ApiHeatmapCell, HeatmapResponse } from '../../../../shared/history-api';
import { domainOf, heatColour, type ColourDomain } from './colour-scale';
import { INTERVALS_PER_DAY, intervalIndexOf, intervalTimeAt, ISO_WEEKDAYS } from '../shared/interval-labels';

/** One square of the weekday x interval heatmap. */
export interface HeatCell {
  weekday: number;
  /** 0..95 */
  interval: number;
  time: string;
  value: number | null;
  /** days that contributed */
  days: number;
  colour: string;
  /** rank among the top tenth (1 = highest); null outside it */
  peakRank: number | null;
}

export interface BusyHourMark {
  weekday: number;
  /** first interval, 0..95 */
  interval: number;
  /** how many intervals it spans (4, fewer when its times are not consecutive in the grid) */
  span: number;
  /** the week's busiest hour, not only its weekday's */
  ofWeek: boolean;
}

export interface HeatmapGrid {
  /** 7 rows (Monday first) of 96 cells */
  rows: Array<{ weekday: number; cells: HeatCell[] }>;
  domain: ColourDomain | null;
  /** the API's top tenth, highest first, without cells that do not stand above the lowest */
  peaks: ApiHeatmapCell[];
  /** the API's busy hours, highest first, without hours at the lowest value throughout */
  busyHourList: BusyHour[];
  busyHours: BusyHourMark[];
}

const key = (weekday: number, interval: number) => weekday * INTERVALS_PER_DAY + interval;

/**
 * The full 7 x 96 grid whatever the reply holds: missing cells stay empty
 * rather than shifting their neighbours (a DST week lacks an hour).
 */
export function buildHeatmapGrid(response: HeatmapResponse, fromZero: boolean): HeatmapGrid {
  const byKey = new Map<number, { value: number | null; days: number }>();
  for (const cell of response.cells) {
    const interval = intervalIndexOf(cell.time);
    if (interval !== null) byKey.set(key(cell.weekday, interval), { value: cell.value, days: cell.days });
  }
  const domain = domainOf(
    Array.from(byKey.values(), (c) => c.value),
    fromZero,
  );
  // In sparse history most cells sit at zero, and a "top tenth" or a "busy hour"
  // of zeros would point at nothing: only what stands above the lowest is marked.
  const standsOut = (value: number | null, intervals = 1) => value !== null && domain !== null && value > domain.min * intervals;
  const peaks = response.peaks.topDecile.filter((cell) => standsOut(cell.value));
  const busyHourList = response.peaks.busyHours.filter((hour) => standsOut(hour.total, hour.times.length));

  const ranks = new Map<number, number>();
  peaks.forEach((cell, i) => {
    const interval = intervalIndexOf(cell.time);
    if (interval !== null && !ranks.has(key(cell.weekday, interval))) ranks.set(key(cell.weekday, interval), i + 1);
  });
  const rows = ISO_WEEKDAYS.map((weekday) => ({
    weekday,
    cells: Array.from({ length: INTERVALS_PER_DAY }, (_, interval): HeatCell => {
      const found = byKey.get(key(weekday, interval));
      const value = found?.value ?? null;
      return {
        weekday,
        interval,
        time: intervalTimeAt(interval),
        value,
        days: found?.days ?? 0,
        colour: heatColour(value, domain),
        peakRank: ranks.get(key(weekday, interval)) ?? null,
      };
    }),
  }));

  const busyHours = busyHourList.flatMap((hour, i): BusyHourMark[] => {
    const indexes = hour.times.map(intervalIndexOf).filter((n): n is number => n !== null);
    const first = indexes[0];
    if (first === undefined) return [];
    let span = 1;
    while (indexes[span] === first + span) span++;
    return [{ weekday: hour.weekday, interval: first, span, ofWeek: i === 0 }];
  });

  return { rows, domain, peaks, busyHourList, busyHours };
}
