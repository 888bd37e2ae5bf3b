import type { TicketState } from '../domain/sla/ticket-state';
import type { TicketCounters } from '../domain/tickets/ticket-counters';
import type { FirstResponseMark, TicketOp } from '../domain/tickets/ticket-ops';
import type { TicketRow } from '../domain/tickets/ticket-row';

/**
 * The ticket desk's part of the live store port, implemented by both stores
 * and checked by the same conformance suite as the calls.
 *
 * Tickets are keyed by `ticketKey` (source and id), event ids by `eventKey`
 * (domain/tickets/ticket-ops.ts).
 */
export interface TicketLiveStore {
  /**
   * Applies ticket ops atomically (with each other and with any other apply of
   * the site) and returns the site's new sequence number (the same one call
   * applies increase). `now` (epoch ms, the aggregator's clock) stamps the event
   * ids recorded and moves the retention windows of event ids and first responses.
   *
   * - ticket.open puts the state and the board row and forgets a done copy;
   * - ticket.done takes the ticket off the open set and keeps its state for
   *   `doneTicketsMs` after the apply (for a reopen or a late rating);
   * - ticketEvent.seen records an event id; ids recorded more than `eventIdsMs`
   *   before `now` are dropped;
   * - ticketCounters.add adds to a site day's counters (kept like call counters);
   * - firstResponse.add keeps a first response until it is `firstResponsesMs`
   *   older than `now`.
   */
  applyTickets(site: string, ops: readonly TicketOp[], now: number): Promise<number>;
  /** What the aggregator needs before reducing a batch: which event ids were recorded at or after `seenSince`, and the stored state (open or done) of tickets. */
  lookUpTickets(site: string, query: TicketLookupQuery): Promise<TicketLookup>;
  /** Every open ticket's state (the aggregator's mirror on start). */
  readOpenTickets(site: string): Promise<TicketState[]>;
  /** What the board's ticket snapshot is built from; rows are left out when they are still at `rowsUnlessVersion`. */
  readTicketBoard(site: string, query: TicketBoardQuery): Promise<TicketBoardData>;
}

export interface TicketLookupQuery {
  eventKeys: readonly string[];
  ticketKeys: readonly string[];
  seenSince: number;
}

export interface TicketLookup {
  seenEventKeys: Set<string>;
  /** ticketKey -> state, for the asked tickets the store has (open, or done and still kept) */
  tickets: Map<string, TicketState>;
}

export interface TicketBoardQuery {
  /** the site day whose counters are wanted (YYYY-MM-DD) */
  day: string;
  /** first responses at or after this instant */
  firstResponsesSince: number;
  /** the version of the rows the caller holds; null when it holds none */
  rowsUnlessVersion: number | null;
}

export interface TicketBoardData {
  /**
   * Increases with every ticket apply. `rows` reflect exactly this version, so
   * a caller may keep them until the version moves.
   */
  version: number;
  /** the open tickets' rows; null when the version is `rowsUnlessVersion` */
  rows: TicketRow[] | null;
  today: TicketCounters;
  firstResponses: FirstResponseMark[];
}
