import type { AtRiskTicket } from '../../shared/ticket-snapshot';

/** Which at-risk tickets the board lists, in what order, and how many fit. */

function dueMsOf(ticket: AtRiskTicket): number {
  const ms = Date.parse(ticket.dueAt);
  // A ticket without a readable due time sorts after every one with a countdown.
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * Breached first (longest overdue on top), then the least time left, as the
 * contract promises; sorted here too so the page never depends on it. Ordering
 * by due time needs no clock: a ticket that breaches between pushes is already
 * ahead of every one still running. The server's breached flag goes first for
 * a breach our estimate of its clock has not reached yet.
 */
export function orderAtRisk(tickets: readonly AtRiskTicket[]): AtRiskTicket[] {
  const keyed = tickets.map((ticket, index) => ({ ticket, index, dueMs: dueMsOf(ticket) }));
  keyed.sort(
    (a, b) => Number(b.ticket.breached) - Number(a.ticket.breached) || a.dueMs - b.dueMs || a.index - b.index,
  );
  return keyed.map((k) => k.ticket);
}

/** How many rows of `rowPx` separated by `gapPx` fit in `availablePx`. */
export function rowsThatFit(availablePx: number, rowPx: number, gapPx: number): number {
  if (!(rowPx > 0) || !(availablePx > 0)) return 0;
  return Math.max(0, Math.floor((availablePx + gapPx) / (rowPx + gapPx)));
}

export interface CutRows<T> {
  shown: T[];
  /** left out: shown as "+N more" in the slot of the last row */
  more: number;
}

/**
 * The rows to show in `slots` row slots: all when they fit; otherwise the last
 * slot says "+N more", so a cut list never looks complete.
 */
export function cutRows<T>(items: readonly T[], slots: number): CutRows<T> {
  if (items.length <= slots) return { shown: [...items], more: 0 };
  const shown = items.slice(0, Math.max(0, slots - 1));
  return { shown, more: items.length - shown.length };
}
