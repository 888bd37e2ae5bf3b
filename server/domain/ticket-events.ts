/**
 * Normalized ticket events: what each webhook adapter (generic, Zendesk, Jira
 * Service Management, Zammad, Freshdesk, Help Scout) turns a delivery into. The SLA engine and the live ticket
 * metrics consume only these.
 *
 * `eventId` is the delivery's stable id (re-deliveries repeat it); `occurredAt`
 * is the source's own timestamp (epoch ms) and `sequence`, where the source has
 * one, orders updates that share a timestamp. Together they let the store drop
 * repeats and refuse to roll a ticket back to an older state.
 */

export type TicketPriority = 'low' | 'medium' | 'high';
export type TicketChannel = 'email' | 'portal' | 'chat' | 'phone' | 'messenger';
export type SupportLine = 'L1' | 'L2' | 'L3';
export type TicketSource = 'generic' | 'zendesk' | 'jira' | 'zammad' | 'freshdesk' | 'helpscout';

/**
 * Our status vocabulary. `pending` and `onHold` wait on someone else (the
 * customer, a third party): SLA policies say which of them pause the clocks.
 */
export type TicketStatus = 'new' | 'open' | 'pending' | 'onHold' | 'solved' | 'closed';

interface TicketEventBase {
  source: TicketSource;
  eventId: string;
  ticketId: string;
  occurredAt: number;
  sequence: number | null;
}

/** The whole ticket as a delivery or the desk's REST API shows it. */
export interface TicketFields {
  createdAt: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: TicketChannel;
  line: SupportLine;
  assignee: string | null;
  /** who raised it (Jira reporter, Zendesk requester_id): a comment of theirs is a customer's; absent when the source does not say */
  requester?: string | null;
}

export type TicketEvent = TicketEventBase &
  (
    | ({ kind: 'ticket.created' } & TicketFields)
    /**
     * The ticket as it stands at `occurredAt`, from a delivery that carries the
     * whole ticket (Jira jira:issue_updated, Zendesk events) or from the desk's
     * REST API: builds a ticket the board never saw created, and brings a known
     * one to these fields where a delivery was lost.
     */
    | ({ kind: 'ticket.observed' } & TicketFields)
    | { kind: 'ticket.statusChanged'; status: TicketStatus }
    | { kind: 'ticket.priorityChanged'; priority: TicketPriority }
    | { kind: 'ticket.assigned'; assignee: string | null }
    /** a move to another support line (L1 -> L2 ...) */
    | { kind: 'ticket.escalated'; line: SupportLine }
    /**
     * a public reply by someone the desk calls staff: the first one is the first
     * response, unless `author` is the ticket's requester (then it is the customer's)
     */
    | { kind: 'ticket.agentReplied'; author?: string | null }
    | { kind: 'ticket.customerReplied' }
    | { kind: 'ticket.solved' }
    | { kind: 'ticket.reopened' }
    | { kind: 'ticket.rated'; rating: 'good' | 'bad' }
    /**
     * deleted, merged into another ticket or marked as spam: it leaves the open
     * tickets without being solved, and its clocks stop without counting as breached
     */
    | { kind: 'ticket.removed' }
  );

export type TicketEventKind = TicketEvent['kind'];
