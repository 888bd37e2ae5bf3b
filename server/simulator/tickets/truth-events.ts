import type { TicketEvent } from '../../domain/ticket-events';
import { agentRef, customerRef } from './desk-people';
import { isDone, type TicketChange } from './ticket-change';

/**
 * What a change means in normalized ticket events: what a correct adapter must
 * make of its delivery (ticket-events.ts and docs/WEBHOOKS.md define the
 * vocabulary). Written from the contract, not from the adapters, so the
 * encoders' round trip through the adapters checks one against the other.
 *
 * A move into solved / closed from an open status is followed by
 * `ticket.solved`, a move out of them by `ticket.reopened`; the marker has no
 * sequence. The generic desk numbers its changes (`sequence` = the change's
 * index in the ticket); Zendesk and Jira have no usable sequence.
 *
 * Event ids here are the truth's own (`truth-<change id>[:part]`): the
 * transport's ids differ per format and are checked separately. Zendesk and
 * Jira name the requester and a reply's author; the other desks do not.
 */
export function truthEvents(change: TicketChange): TicketEvent[] {
  const { ticket } = change;
  const named = ticket.desk === 'zendesk' || ticket.desk === 'jira';
  const base = {
    source: ticket.desk,
    eventId: `truth-${change.id}`,
    ticketId: ticket.id,
    occurredAt: change.at,
    sequence: ticket.desk === 'generic' ? change.index : null,
  };
  switch (change.kind) {
    case 'created':
      return [
        {
          ...base,
          kind: 'ticket.created',
          createdAt: ticket.createdAt,
          subject: ticket.subject,
          status: change.after.status,
          priority: change.after.priority,
          channel: ticket.channel,
          line: change.after.line,
          assignee: agentRef(ticket.desk, change.after.agent),
          ...(named ? { requester: customerRef(ticket.desk, ticket.customer) } : {}),
        },
      ];
    case 'statusChanged': {
      const statusChanged: TicketEvent = { ...base, kind: 'ticket.statusChanged', status: change.after.status };
      const wasDone = isDone(change.before.status);
      const isNowDone = isDone(change.after.status);
      const marker = { ...base, sequence: null };
      if (isNowDone && !wasDone) return [statusChanged, { ...marker, eventId: `${base.eventId}:solved`, kind: 'ticket.solved' }];
      if (wasDone && !isNowDone) return [statusChanged, { ...marker, eventId: `${base.eventId}:reopened`, kind: 'ticket.reopened' }];
      return [statusChanged];
    }
    case 'priorityChanged':
      return [{ ...base, kind: 'ticket.priorityChanged', priority: change.after.priority }];
    case 'assigned':
      return [{ ...base, kind: 'ticket.assigned', assignee: agentRef(ticket.desk, change.after.agent) }];
    case 'escalated':
      return [{ ...base, kind: 'ticket.escalated', line: change.after.line }];
    case 'agentReplied':
      return [{ ...base, kind: 'ticket.agentReplied', ...(named ? { author: agentRef(ticket.desk, change.after.agent) } : {}) }];
    case 'customerReplied':
      return [{ ...base, kind: 'ticket.customerReplied' }];
    case 'rated':
      return [{ ...base, kind: 'ticket.rated', rating: change.rating }];
  }
}

/**
 * The ticket as a change's delivery shows it whole: every Zendesk update's
 * `detail`, and Jira's jira:issue_updated (not its creation or comment_created).
 * null when the delivery does not carry the whole ticket.
 */
export function observedEvent(change: TicketChange): TicketEvent | null {
  const { ticket } = change;
  const whole =
    (ticket.desk === 'zendesk' && change.kind !== 'created') ||
    (ticket.desk === 'jira' && ['statusChanged', 'priorityChanged', 'assigned', 'escalated'].includes(change.kind));
  return whole ? ticketObservation(change, `truth-${change.id}:observed`) : null;
}

/** The ticket as it stands after `change`, at its time: what a delivery carrying it whole, or the desk's REST API, shows. */
export function ticketObservation(change: TicketChange, eventId: string): TicketEvent {
  const { ticket, after } = change;
  return {
    source: ticket.desk,
    eventId,
    ticketId: ticket.id,
    occurredAt: change.at,
    sequence: null,
    kind: 'ticket.observed',
    createdAt: ticket.createdAt,
    subject: ticket.subject,
    status: after.status,
    priority: after.priority,
    channel: ticket.channel,
    line: after.line,
    assignee: agentRef(ticket.desk, after.agent),
    requester: customerRef(ticket.desk, ticket.customer),
  };
}
