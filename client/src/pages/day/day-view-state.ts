import { isDate } from '../../../../shared/site-time';

/** What the Day page shows, as kept in its URL (`/day?date=2026-11-23&queue=sales&compare=4`). */
export interface DayViewState {
  /** null: the site's today */
  date: string | null;
  /** null: all queues together */
  queue: string | null;
  /** how many earlier same weekdays to draw beside the day */
  compare: number;
}

export const COMPARE_CHOICES = [0, 1, 2, 4, 8] as const;
const DEFAULT_COMPARE = 4;

export function parseDayViewState(search: URLSearchParams): DayViewState {
  const date = search.get('date');
  const queue = search.get('queue');
  const compare = Number(search.get('compare') ?? DEFAULT_COMPARE);
  return {
    date: date !== null && isDate(date) ? date : null,
    queue: queue === null || queue === '' ? null : queue,
    compare: (COMPARE_CHOICES as readonly number[]).includes(compare) ? compare : DEFAULT_COMPARE,
  };
}

export function serializeDayViewState(state: DayViewState): URLSearchParams {
  const search = new URLSearchParams();
  if (state.date !== null) search.set('date', state.date);
  if (state.queue !== null) search.set('queue', state.queue);
  if (state.compare !== DEFAULT_COMPARE) search.set('compare', String(state.compare));
  return search;
}
