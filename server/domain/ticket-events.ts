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

export type TicketEvent = TicketEventBase &
  (
    | {
        kind: 'ticket.created';
        createdAt: number;
        subject: string;
        status: TicketStatus;
        priority: TicketPriority;
        channel: TicketChannel;
        line: SupportLine;
        assignee: string | null;
      }
    | { kind: 'ticket.statusChanged'; status: TicketStatus }
    | { kind: 'ticket.priorityChanged'; priority: TicketPriority }
    | { kind: 'ticket.assigned'; assignee: string | null }
    /** a move to another support line (L1 -> L2 ...) */
    | { kind: 'ticket.escalated'; line: SupportLine }
    /** a public reply by an agent: the first one is the first response */
    | { kind: 'ticket.agentReplied' }
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
