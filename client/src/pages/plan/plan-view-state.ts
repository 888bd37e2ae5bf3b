import { heatmapMetricSchema, type HeatmapMetric } from '../../../../shared/history-api';
import { isDate } from '../../../../shared/site-time';
import type { StaffingModel } from './staffing-series';
import { DEFAULT_WHAT_IF, type WhatIfField, type WhatIfInputs } from './what-if';

/** What the Plan page shows, as kept in its URL (`/plan?metric=ahtSec&weeks=12&weekday=3&slPct=90`). */
export interface PlanViewState {
  metric: HeatmapMetric;
  /** weeks of history for the heatmap and for a weekday plan; null: as many as the history has, up to 8 (the server decides) */
  weeks: number | null;
  /** null: all queues together */
  queue: string | null;
  /** plan from the mean of a weekday, or from one date */
  basis: { kind: 'weekday'; weekday: number } | { kind: 'date'; date: string };
  model: StaffingModel;
  whatIf: WhatIfInputs;
}

export const WEEKS_CHOICES = [4, 8, 12, 26, 52] as const;
const DEFAULTS = { metric: 'offered', weeks: null, weekday: 1, model: 'erlangC' } as const;

export function parsePlanViewState(search: URLSearchParams): PlanViewState {
  const metric = heatmapMetricSchema.safeParse(search.get('metric'));
  const weeks = Number(search.get('weeks'));
  const weekday = Number(search.get('weekday'));
  const date = search.get('date');
  const whatIf = { ...DEFAULT_WHAT_IF };
  for (const field of Object.keys(DEFAULT_WHAT_IF) as WhatIfField[]) {
    const typed = search.get(field);
    if (typed !== null) whatIf[field] = typed.slice(0, 20);
  }
  return {
    metric: metric.success ? metric.data : DEFAULTS.metric,
    weeks: (WEEKS_CHOICES as readonly number[]).includes(weeks) ? weeks : DEFAULTS.weeks,
    queue: search.get('queue') || null,
    basis:
      date !== null && isDate(date)
        ? { kind: 'date', date }
        : { kind: 'weekday', weekday: Number.isInteger(weekday) && weekday >= 1 && weekday <= 7 ? weekday : DEFAULTS.weekday },
    model: search.get('model') === 'erlangA' ? 'erlangA' : DEFAULTS.model,
    whatIf,
  };
}

export function serializePlanViewState(state: PlanViewState): URLSearchParams {
  const search = new URLSearchParams();
  if (state.metric !== DEFAULTS.metric) search.set('metric', state.metric);
  if (state.weeks !== null) search.set('weeks', String(state.weeks));
  if (state.queue !== null) search.set('queue', state.queue);
  if (state.basis.kind === 'date') search.set('date', state.basis.date);
  else if (state.basis.weekday !== DEFAULTS.weekday) search.set('weekday', String(state.basis.weekday));
  if (state.model !== DEFAULTS.model) search.set('model', state.model);
  for (const field of Object.keys(DEFAULT_WHAT_IF) as WhatIfField[]) {
    if (state.whatIf[field] !== DEFAULT_WHAT_IF[field]) search.set(field, state.whatIf[field]);
  }
  return search;
}
