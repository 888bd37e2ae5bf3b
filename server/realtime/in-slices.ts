import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long one event-loop turn may spend sending before the rest waits for the next turn. */
export interface TurnBudget {
  ms: number;
  now: () => number;
}

/**
 * Calls `send` with consecutive slices of `items` (at most `size` each):
 * writing an update to thousands of sockets in one go blocks the loop for tens
 * of ms (ingest, timers and other I/O wait behind it); between turns they get
 * theirs. Without a budget, one slice per turn. With one, slices follow each
 * other in the same turn until the turn has taken `budget.ms`: a turn then
 * lasts about the budget whatever one write costs (a 200-byte patch or a
 * 20 kB snapshot, a quiet machine or a busy one).
 */
export async function inSlices<T>(items: readonly T[], size: number, send: (slice: T[]) => void, budget?: TurnBudget): Promise<void> {
  let turnStarted = budget?.now() ?? 0;
  for (let first = 0; first < items.length; first += size) {
    if (first > 0 && (budget === undefined || budget.now() - turnStarted >= budget.ms)) {
      await nextTurn();
      if (budget) turnStarted = budget.now();
    }
    send(items.slice(first, first + size));
  }
}
