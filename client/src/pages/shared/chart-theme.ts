import { hourTicks } from './interval-labels';
import { locale, t } from '../../i18n/i18n';

/**
 * One look for every desk chart, in the board's palette (styles.css): the
 * same colour means the same thing on the board and here (green answered,
 * red abandoned, amber a target or a warning).
 */

export const SERIES_COLOURS = {
  answered: '#34d399',
  abandoned: '#ff5f5f',
  timedOut: '#fbbf24',
  offered: '#f1f5f9',
  earlier: '#8da2b8',
  serviceLevel: '#22d3ee',
  target: '#fbbf24',
  asa: '#c4a1ff',
  aht: '#f472b6',
  ticketsCreated: '#60a5fa',
  ticketsSolved: '#34d399',
  withinSla: '#c4a1ff',
  requiredC: '#60a5fa',
  requiredA: '#c4a1ff',
  scheduled: '#8da2b8',
  staffed: '#34d399',
  underStaffed: 'rgba(255, 95, 95, 0.22)',
} as const;

export const CHART_INK = {
  grid: '#1f2a36',
  axis: '#314152',
  tick: '#a3b3c4',
  label: '#8094a8',
} as const;

export const TICK_STYLE = { fill: CHART_INK.tick, fontSize: 12 } as const;
export const AXIS_LABEL_STYLE = { fill: CHART_INK.label, fontSize: 12 } as const;

/**
 * Charts sharing a time axis use the same axis widths, so their intervals line up vertically.
 * `compact` (a phone, use-compact-charts.ts): narrower axes and fewer hour labels, or the plot is squeezed to nothing.
 */
/** value ticks in the page's locale: "1 200" and "0,5" in Russian */
const axisNumbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });

const yAxisWidth = (compact: boolean): number => (compact ? 44 : 72);
export const CHART_MARGIN = { top: 12, right: 12, bottom: 4, left: 4 } as const;

/** The x axis of every interval chart: a label every two hours (six on a phone), named with its unit. */
export function intervalAxisProps(times: readonly string[], compact = false) {
  return {
    dataKey: 'time',
    ticks: hourTicks(times, compact ? 6 : 2),
    interval: 0,
    tick: TICK_STYLE,
    stroke: CHART_INK.axis,
    tickLine: false,
    height: 42,
    label: { value: t('chart.intervalAxis'), position: 'insideBottom', offset: 0, style: AXIS_LABEL_STYLE },
  } as const;
}

/** A value axis in the desk look, named with its unit; the right one reads upwards. */
export function valueAxisProps(label: string, side: 'left' | 'right' = 'left', compact = false) {
  return {
    width: yAxisWidth(compact),
    tick: TICK_STYLE,
    tickFormatter: (value: number) => axisNumbers.format(value),
    stroke: CHART_INK.axis,
    // on a phone the axis has no room for its name beside the ticks: the legend names the unit
    label: compact
      ? undefined
      : ({
          value: label,
          angle: side === 'left' ? -90 : 90,
          position: side === 'left' ? 'insideLeft' : 'insideRight',
          offset: 12,
          style: AXIS_LABEL_STYLE,
        } as const),
  } as const;
}

/**
 * An empty right axis as wide as the Day page's widest right side (AHT and ASA,
 * two scales): synced charts without them keep their intervals under the others'.
 */
export function spacerAxisProps(compact = false) {
  return { orientation: 'right', width: 2 * yAxisWidth(compact), tick: false, axisLine: false } as const;
}

/** The hover highlight: a band over bars, a rule across lines. */
export const BAR_CURSOR = { fill: 'rgba(255,255,255,0.06)' } as const;
export const LINE_CURSOR = { stroke: CHART_INK.label } as const;
