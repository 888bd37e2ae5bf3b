import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Calls `send` with consecutive slices of `items` (at most `size` each), one
 * slice per event-loop turn: writing an update to thousands of sockets in one
 * go blocks the loop for tens of ms (ingest, timers and other I/O wait behind
 * it); between slices they get their turn.
 */
export async function inSlices<T>(items: readonly T[], size: number, send: (slice: T[]) => void): Promise<void> {
  for (let first = 0; first < items.length; first += size) {
    if (first > 0) await nextTurn();
    send(items.slice(first, first + size));
  }
}
