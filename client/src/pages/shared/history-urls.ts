import type { HeatmapMetric } from '../../../../shared/history-api';
import { addDays, isDate } from '../../../../shared/site-time';

/**
 * URLs of the history and planning API (shared/history-api.ts), for fetching
 * (JSON) and for the pages' CSV download links: the same query, `format=csv`.
 */

export type ApiFormat = 'json' | 'csv';
type ParamValue = string | number | null | undefined;

function apiUrl(path: string, params: Readonly<Record<string, ParamValue>>, format: ApiFormat): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    // Absent, not empty: the API refuses `queue=` (empty name), and no queue means all queues.
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  if (format === 'csv') search.set('format', 'csv');
  const query = search.toString();
  return query === '' ? path : `${path}?${query}`;
}

/** `queue: null` is the whole site, every queue together. */
export interface DayQueryView {
  date: string;
  queue: string | null;
  /** earlier same weekdays to compare with */
  compare: number;
}

export function dayUrl(view: DayQueryView, format: ApiFormat = 'json'): string {
  return apiUrl('/api/history/day', { date: view.date, queue: view.queue, compare: view.compare }, format);
}

/** Intervals in [from, to): site days, `to` excluded. */
export interface IntervalsRange {
  from: string;
  to: string;
  queue: string | null;
}

export function intervalsUrl(range: IntervalsRange, format: ApiFormat = 'json'): string {
  return apiUrl('/api/history/intervals', { from: range.from, to: range.to, queue: range.queue }, format);
}

export interface HeatmapQueryView {
  /** null: the server's default, as many weeks as the history has */
  weeks: number | null;
  queue: string | null;
  metric: HeatmapMetric;
}

export function heatmapUrl(view: HeatmapQueryView, format: ApiFormat = 'json'): string {
  return apiUrl('/api/plan/heatmap', { weeks: view.weeks, queue: view.queue, metric: view.metric }, format);
}

/** Staffing parameters as the URL carries them (built from the what-if form, see plan/what-if.ts). */
export function staffingUrl(params: Readonly<Record<string, ParamValue>>, format: ApiFormat = 'json'): string {
  return apiUrl('/api/plan/staffing', params, format);
}

/**
 * CSV of every interval from `firstDay` to `lastDay`, both included (the API's
 * `to` is exclusive); null when the range runs backwards or a day is missing.
 */
export function dateRangeCsvUrl(firstDay: string, lastDay: string, queue: string | null): string | null {
  if (!isDate(firstDay) || !isDate(lastDay) || lastDay < firstDay) return null;
  return intervalsUrl({ from: firstDay, to: addDays(lastDay, 1), queue }, 'csv');
}

export function agentsUrl(view: { date: string; queue: string | null }, format: ApiFormat = 'json'): string {
  return apiUrl('/api/history/agents', { date: view.date, queue: view.queue }, format);
}

/** The rest of today's forecast for a queue (null: all queues). */
export function intradayUrl(queue: string | null): string {
  return apiUrl('/api/plan/intraday', { queue }, 'json');
}
