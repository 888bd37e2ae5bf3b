import type { TicketEvent } from '../../domain/ticket-events';
import type { DeskApiName } from '../../store/desk-sync-store';

/** One page of a desk's changed tickets, as normalized events. */
export interface DeskPage {
  events: TicketEvent[];
  /** where to start the next read once this page's events are stored; null: only the run's last page says */
  cursor: string | null;
  /** tickets on the page */
  tickets: number;
  /** tickets the page held that could not be read (logged, counted, left to the webhooks) */
  skipped: number;
}

/** A desk's REST API as the reconcile reads it: the tickets changed since `cursor` (null: the first read), page by page. */
export interface DeskApiReader {
  readonly desk: DeskApiName;
  pages(cursor: string | null, now: number): AsyncGenerator<DeskPage>;
}

export const DAY_MS = 86_400_000;

/**
 * The event id of a ticket as an API read shows it: the same read of an
 * unchanged ticket (the next reconcile's overlap) is a repeat.
 */
export function apiEventId(ticketId: string, updatedAt: number): string {
  return `api:${ticketId}:${updatedAt}`;
}
