import type { TicketStatus } from '../../domain/ticket-events';
import type { GenericTicketWebhookInput, GenericWebhookStatus } from '../../ingest/webhooks/generic-schema';
import { signedGenericHeaders } from '../../ingest/webhooks/sign';
import { agentRef } from './desk-people';
import { GENERIC_SOURCE_ID, type DeskSecrets } from './simulated-desk';
import { isDone, type TicketChange } from './ticket-change';
import type { EncodedDelivery } from './webhook-delivery';

export const GENERIC_WEBHOOK_PATH = '/api/webhooks/tickets';

/**
 * A change as our own webhook body (docs/WEBHOOKS.md, generic-schema.ts).
 * Solves and reopens use the `solved` / `reopened` shorthands on every other
 * change and `status_changed` with `previousStatus` otherwise, so both spellings
 * are exercised.
 */
export function encodeGeneric(change: TicketChange, secrets: DeskSecrets): EncodedDelivery {
  const body = JSON.stringify(genericBody(change));
  return { path: GENERIC_WEBHOOK_PATH, body, headers: signedGenericHeaders(body, GENERIC_SOURCE_ID, secrets.generic) };
}

export function genericBody(change: TicketChange): GenericTicketWebhookInput {
  const { ticket, before, after } = change;
  const common = {
    // From the ticket, not the run: ticket numbers are unique across runs, so a restarted demo never repeats one.
    eventId: `evt-${ticket.id}-${change.index}`,
    ticketId: ticket.id,
    occurredAt: new Date(change.at).toISOString(),
    sequence: change.index,
  };
  switch (change.kind) {
    case 'created':
      return {
        ...common,
        kind: 'created',
        createdAt: new Date(ticket.createdAt).toISOString(),
        subject: ticket.subject,
        status: genericStatus(after.status),
        priority: after.priority,
        channel: ticket.channel,
        line: after.line,
        assignee: agentRef(ticket.desk, after.agent),
      };
    case 'statusChanged': {
      const shorthand = change.id % 2 === 0;
      if (shorthand && after.status === 'solved' && !isDone(before.status)) return { ...common, kind: 'solved' };
      const reopenedTo = genericStatus(after.status);
      if (shorthand && isDone(before.status) && reopenedTo !== 'solved' && reopenedTo !== 'closed') {
        return { ...common, kind: 'reopened', status: reopenedTo };
      }
      return {
        ...common,
        kind: 'status_changed',
        status: genericStatus(after.status),
        previousStatus: genericStatus(before.status),
      };
    }
    case 'priorityChanged':
      return { ...common, kind: 'priority_changed', priority: after.priority };
    case 'assigned':
      return { ...common, kind: 'assigned', assignee: agentRef(ticket.desk, after.agent) };
    case 'escalated':
      return { ...common, kind: 'escalated', line: after.line };
    case 'agentReplied':
      return { ...common, kind: 'agent_replied' };
    case 'customerReplied':
      return { ...common, kind: 'customer_replied' };
    case 'rated':
      return { ...common, kind: 'satisfaction_rated', rating: change.rating };
  }
}

function genericStatus(status: TicketStatus): GenericWebhookStatus {
  return status === 'onHold' ? 'on_hold' : status;
}
