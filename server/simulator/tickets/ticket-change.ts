import type { SupportLine, TicketChannel, TicketPriority, TicketSource, TicketStatus } from '../../domain/ticket-events';

/**
 * One thing that happened to a simulated ticket: the unit the model produces,
 * the ledger books and the encoders turn into one webhook delivery. A change
 * carries the ticket's view before and after, because the providers' bodies
 * describe both (Zendesk's `detail` is the ticket after the change and `event`
 * the previous value; a Jira changelog has from / to).
 */

/** What the desk reports about a ticket at an instant. */
export interface TicketView {
  status: TicketStatus;
  priority: TicketPriority;
  line: SupportLine;
  /** index into the desk's agents (desk-people.ts); null while unassigned */
  agent: number | null;
}

/** What does not change over a ticket's life. */
export interface SimTicket {
  /** the id as its help desk writes it: numeric for Zendesk and Jira, `T-<n>` for the generic desk */
  id: string;
  /** unique in the run; Zendesk and Jira use it as their numeric id */
  number: number;
  /** the help desk it lives in: it stays in that webhook format for life */
  desk: TicketSource;
  subject: string;
  channel: TicketChannel;
  createdAt: number;
  /** index of the customer who raised it (Jira's reporter) */
  customer: number;
}

export type TicketChangeWhat =
  | { kind: 'created' }
  | { kind: 'statusChanged' }
  | { kind: 'priorityChanged' }
  | { kind: 'assigned' }
  | { kind: 'escalated' }
  /** a public reply by an agent */
  | { kind: 'agentReplied' }
  | { kind: 'customerReplied' }
  | { kind: 'rated'; rating: 'good' | 'bad' };

export type TicketChangeKind = TicketChangeWhat['kind'];

export type TicketChange = TicketChangeWhat & {
  /** 1, 2 ... in release order: unique in the run (event ids derive from the ticket and `index`) */
  id: number;
  /** epoch ms; strictly increasing within a ticket */
  at: number;
  /** 0 for the creation, then 1, 2 ... in the ticket's order */
  index: number;
  ticket: SimTicket;
  before: TicketView;
  after: TicketView;
  /**
   * The ticket's next change replaces this one's effect entirely (a second
   * assignment right after the first, a priority corrected at once). Only such
   * a change may be delivered after its successor: the receiver must then drop
   * it as stale, and the truth is the same whether it applied it or not.
   */
  supersededByNext: boolean;
};

/** solved and closed: the ticket is off the open backlog */
export function isDone(status: TicketStatus): boolean {
  return status === 'solved' || status === 'closed';
}
