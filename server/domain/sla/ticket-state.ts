import type { SupportLine, TicketEvent, TicketFields, TicketSource } from '../ticket-events';
import type { SlaClock } from './sla-clock';

/**
 * What the SLA engine knows about one ticket: plain data (JSON-safe), produced
 * by reduceTicket (ticket-sla.ts) and read by slaStatusAt (sla-status.ts).
 */

/** the customer SLA, or the OLA of a support line */
export type SlaAgreement = 'sla' | SupportLine;

/** The OLA clocks a line started when the ticket entered it. */
export interface OlaRecord {
  line: SupportLine;
  enteredAt: number;
  /** when the ticket moved on to another line (its clocks stopped as `leftLine`) */
  leftAt: number | null;
  firstResponse: SlaClock;
  resolution: SlaClock | null;
}

/** The ticket's fields (the requester kept from the first delivery that names one; absent in records written before it was kept), and its SLA state. */
export interface TicketState extends TicketFields {
  ticketId: string;
  source: TicketSource;
  /** the first public agent reply */
  firstResponseAt: number | null;
  /** the latest solve; null while the ticket is open (again) */
  solvedAt: number | null;
  reopenCount: number;
  rating: 'good' | 'bad' | null;
  clocks: {
    firstResponse: SlaClock;
    resolution: SlaClock;
    /** the latest next-reply cycle; null before the first one or without a next-reply target */
    nextReply: SlaClock | null;
  };
  /** one record per entry into a line that has an OLA, in order */
  olas: OlaRecord[];
  /** the source's order of the last event applied (see isNewer) */
  lastApplied: { occurredAt: number; sequence: number | null };
}

/**
 * False when the event is provably older than what the state already holds:
 * an earlier `occurredAt`, or the same one with a sequence not above the last.
 * Events sharing a timestamp without sequences cannot be ordered and pass:
 * repeats of one delivery are the store's to drop, by `eventId`.
 */
export function isNewer(state: TicketState | undefined, event: TicketEvent): boolean {
  if (!state) return true;
  const last = state.lastApplied;
  if (event.occurredAt !== last.occurredAt) return event.occurredAt > last.occurredAt;
  return event.sequence === null || last.sequence === null || event.sequence > last.sequence;
}
