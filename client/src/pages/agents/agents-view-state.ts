import { isDate } from '../../../../shared/site-time';

/** What the Agents' day page shows, as kept in its URL (`/agents?date=2026-11-23&queue=sales`). */
export interface AgentsViewState {
  /** null: the site's today */
  date: string | null;
  /** null: all queues together */
  queue: string | null;
}

export function parseAgentsViewState(search: URLSearchParams): AgentsViewState {
  const date = search.get('date');
  const queue = search.get('queue');
  return { date: date !== null && isDate(date) ? date : null, queue: queue === null || queue === '' ? null : queue };
}

export function serializeAgentsViewState(state: AgentsViewState): URLSearchParams {
  const search = new URLSearchParams();
  if (state.date !== null) search.set('date', state.date);
  if (state.queue !== null) search.set('queue', state.queue);
  return search;
}
