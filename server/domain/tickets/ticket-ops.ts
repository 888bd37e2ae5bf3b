import type { TicketState } from '../sla/ticket-state';
import type { TicketEvent, TicketSource, TicketStatus } from '../ticket-events';
import type { TicketCounters } from './ticket-counters';
import type { TicketRow } from './ticket-row';

/**
 * What the ticket aggregator asks a live store to write, as data (like LiveOp
 * for calls). One webhook delivery's ops go in one apply, so its event ids,
 * ticket states and counters land together or not at all.
 */
export type TicketOp =
  /** an open ticket: its full state (for the aggregator) and its board row (for the snapshot) */
  | { op: 'ticket.open'; state: TicketState; row: TicketRow }
  /** a solved or closed ticket: off the board, its state kept a while for a reopen or a late rating */
  | { op: 'ticket.done'; state: TicketState }
  /** a delivery's event id, remembered so a re-delivery changes nothing */
  | { op: 'ticketEvent.seen'; eventKey: string }
  /** add to the ticket counters of a site day (YYYY-MM-DD) */
  | { op: 'ticketCounters.add'; day: string; delta: Partial<TicketCounters> }
  /** a first response, for the rolling "last 60 minutes" share */
  | { op: 'firstResponse.add'; ticketKey: string; at: number; met: boolean };

/** A first response as the store keeps it for the rolling window. */
export interface FirstResponseMark {
  ticketKey: string;
  at: number;
  met: boolean;
}

/** open = not solved or closed (shared/ticket-snapshot.ts) */
export function isOpenStatus(status: TicketStatus): boolean {
  return status !== 'solved' && status !== 'closed';
}

/**
 * Desks number tickets on their own (Zendesk's 5158 and Jira's 5158 are two
 * tickets), so the store keys a ticket by source and id.
 */
export function ticketKey(ticket: { source: TicketSource; ticketId: string }): string {
  return keyOf(ticket.source, ticket.ticketId);
}

/** Event ids are the sender's: two sources may use the same one. */
export function eventKey(event: Pick<TicketEvent, 'source' | 'eventId'>): string {
  return keyOf(event.source, event.eventId);
}

function keyOf(source: TicketSource, id: string): string {
  return `${source}:${id}`;
}
