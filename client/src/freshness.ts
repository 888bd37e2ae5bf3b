import { STALE_AFTER_MS } from '../../shared/socket-protocol';

/**
 * Age of the newest data (snapshot or heartbeat) on the local clock. Before any
 * data arrived it is measured from when the page started waiting, so a board
 * that never gets data also turns stale.
 */
export function dataAgeMs(lastDataAtMs: number | null, waitingSinceMs: number, nowMs: number): number {
  return Math.max(0, nowMs - (lastDataAtMs ?? waitingSinceMs));
}

export function isStale(ageMs: number): boolean {
  return ageMs >= STALE_AFTER_MS;
}
