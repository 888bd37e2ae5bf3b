import type { BusyHour, HeatmapCell, HeatmapMetric } from '../../shared/history-api';
import { intervalStats } from './interval-stats';
import type { WeekdaySlot } from './weekday-slots';

/** The four consecutive intervals of the busy hour. */
const BUSY_HOUR_INTERVALS = 4;

/** Counts are a mean per day; rates are pooled over every call of the slot. */
export function slotValue(slot: WeekdaySlot, metric: HeatmapMetric): number | null {
  if (slot.days === 0) return null;
  const stats = intervalStats(slot.stored, slot.intervals);
  switch (metric) {
    case 'offered':
    case 'answered':
    case 'abandoned':
    case 'handled':
      return slot.stored.counters[metric] / slot.days;
    case 'staffedAgents':
      return stats.staffedAgents;
    default:
      return stats[metric];
  }
}

export function heatmapCells(slots: readonly WeekdaySlot[], metric: HeatmapMetric): HeatmapCell[] {
  return slots.map((slot) => ({ weekday: slot.weekday, time: slot.time, value: slotValue(slot, metric), days: slot.days }));
}

/** The highest tenth of the cells that have a value (at least one cell), highest first. */
export function topDecile(cells: readonly HeatmapCell[]): HeatmapCell[] {
  const valued = cells.filter((c) => c.value !== null);
  const ranked = [...valued].sort((a, b) => b.value! - a.value! || a.weekday - b.weekday || a.time.localeCompare(b.time));
  return ranked.slice(0, Math.ceil(valued.length / 10));
}

/**
 * Per weekday, the run of four consecutive intervals (within the day) with the
 * highest sum of values; highest first, so [0] is the busy hour of the week.
 */
export function busyHours(cells: readonly HeatmapCell[]): BusyHour[] {
  const byWeekday = new Map<number, HeatmapCell[]>();
  for (const cell of cells) {
    const list = byWeekday.get(cell.weekday) ?? [];
    list.push(cell);
    byWeekday.set(cell.weekday, list);
  }
  const hours: BusyHour[] = [];
  for (const [weekday, dayCells] of byWeekday) {
    const sorted = [...dayCells].sort((a, b) => a.time.localeCompare(b.time));
    let best: BusyHour | null = null;
    for (let i = 0; i + BUSY_HOUR_INTERVALS <= sorted.length; i++) {
      const run = sorted.slice(i, i + BUSY_HOUR_INTERVALS);
      const total = run.reduce((sum, c) => sum + (c.value ?? 0), 0);
      if (!best || total > best.total) best = { weekday, times: run.map((c) => c.time), total };
    }
    if (best) hours.push(best);
  }
  return hours.sort((a, b) => b.total - a.total || a.weekday - b.weekday);
}
