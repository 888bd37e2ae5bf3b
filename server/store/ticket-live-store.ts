import type { TicketState } from '../domain/sla/ticket-state';
import type { TicketCounters } from '../domain/tickets/ticket-counters';
import type { FirstResponseMark, TicketOp } from '../domain/tickets/ticket-ops';
import type { TicketRow } from '../domain/tickets/ticket-row';

/**
 * The ticket desk's part of the live store port, implemented by both stores
 * and checked by the same conformance suite as the calls.
 *
 * Tickets are keyed by `ticketKey` (source and id), event ids by `eventKey`
 * (domain/tickets/ticket-ops.ts). Any number of processes may write one site's
 * tickets: every write is a compare-and-set on the ticket's revision, decided
 * in the store (ticket-revision.ts).
 */
export interface TicketLiveStore {
  /**
   * Applies, in one atomic step (with each other and with any other apply of
   * the site), each change whose ticket is still at the revision the change
   * was made from and none of whose event ids (`ticketEvent.seen`) was
   * recorded at or after `seenSince`; refuses the others and leaves them
   * untouched. A request names each ticket and each event id once, so no
   * change depends on another's write. Whatever the outcome, event ids recorded before
   * `now - eventIdsMs` and first responses older than `now - firstResponsesMs`
   * are dropped.
   *
   * A change's ops (checked first: a bad one refuses the whole request, and so
   * does stored data a write would fail on, such as a key of another type):
   * - ticket.open puts the state and the board row and forgets a done copy;
   * - ticket.done takes the ticket off the open set and keeps its state for
   *   `doneTicketsMs` after the apply (for a reopen or a late rating);
   * - ticketEvent.seen records an event id, stamped `now`;
   * - ticketCounters.add adds to a site day's counters (kept like call counters);
   * - firstResponse.add keeps a first response until it is `firstResponsesMs`
   *   older than `now`.
   * ticket.open, ticket.done and firstResponse.add must be of the change's own ticket.
   */
  applyTicketChanges(site: string, request: TicketApplyRequest): Promise<TicketApplyResult>;
  /** What the aggregator reduces from: which event ids were recorded at or after `seenSince`, and the stored tickets (open or done) with their revisions. */
  lookUpTickets(site: string, query: TicketLookupQuery): Promise<TicketLookup>;
  /** Every open ticket with its revision (the aggregator rewrites their board rows on start). */
  readOpenTickets(site: string): Promise<StoredTicket[]>;
  /** What the board's ticket snapshot is built from; rows are left out when they are still at `rowsUnlessVersion`. */
  readTicketBoard(site: string, query: TicketBoardQuery): Promise<TicketBoardData>;
}

/** The revision of a ticket the store holds no record of. */
export const NO_TICKET_REVISION = '';

/** What one ticket's events did, to be written only if nothing else wrote the ticket or took the events meanwhile. */
export interface TicketChange {
  ticketKey: string;
  /** the ticket's revision the change was made from (lookUpTickets, readOpenTickets), NO_TICKET_REVISION for none */
  revision: string;
  ops: readonly TicketOp[];
}

export interface TicketApplyRequest {
  changes: readonly TicketChange[];
  /** epoch ms, the writer's clock: stamps the event ids recorded and moves the retention windows */
  now: number;
  /** an event id recorded at or after this instant refuses its change (a repeat) */
  seenSince: number;
}

export interface TicketApplyResult {
  /** per change, in order: true when written, false when refused */
  applied: boolean[];
  /** the site's sequence number after the apply: one step up when a change was written (the same seq call applies increase) */
  seq: number;
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
  /**
   * ticketKey -> revision, for every asked ticket: NO_TICKET_REVISION when the
   * store has no record; a record it cannot read has one (so a creation may
   * replace it) while missing from `tickets`.
   */
  revisions: Map<string, string>;
}

export interface StoredTicket {
  state: TicketState;
  revision: string;
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
   * Increases with every ticket apply that wrote a change. `rows` reflect
   * exactly this version, so a caller may keep them until the version moves.
   */
  version: number;
  /** the open tickets' rows; null when the version is `rowsUnlessVersion` */
  rows: TicketRow[] | null;
  today: TicketCounters;
  firstResponses: FirstResponseMark[];
}
