import type { TicketChannel, TicketStatus } from '../../domain/ticket-events';
import { signedHelpScoutHeaders } from '../../ingest/webhooks/sign';
import { agentRef } from './desk-people';
import { HELPSCOUT_MAILBOX_OF_LINE, type DeskSecrets } from './simulated-desk';
import type { TicketChange } from './ticket-change';
import type { EncodedDelivery } from './webhook-delivery';

export const HELPSCOUT_WEBHOOK_PATH = '/api/webhooks/helpscout';

/** Help Scout knows active, pending and closed: the stories of its tickets hold nothing for a third party. */
const STATUS: Readonly<Record<TicketStatus, string>> = {
  new: 'active',
  open: 'active',
  pending: 'pending',
  onHold: 'pending',
  solved: 'closed',
  closed: 'closed',
};
/** conversation type, and source type for email conversations */
const CHANNEL: Readonly<Record<TicketChannel, { type: string; source: string }>> = {
  email: { type: 'email', source: 'email' },
  portal: { type: 'email', source: 'beacon-v2' },
  chat: { type: 'chat', source: 'chat' },
  phone: { type: 'phone', source: 'phone' },
  messenger: { type: 'chat', source: 'messenger' },
};

/**
 * A change as a Help Scout webhook: the event in X-HelpScout-Event, the body
 * the conversation after the change (Mailbox API 2.0), its newest thread
 * first. A status / assignment / move sets userUpdatedAt to the change's time.
 */
export function encodeHelpScout(change: TicketChange, secrets: DeskSecrets): EncodedDelivery {
  const { event, body } = helpScoutDelivery(change);
  const text = JSON.stringify(body);
  return { path: HELPSCOUT_WEBHOOK_PATH, body: text, headers: signedHelpScoutHeaders(text, secrets.helpscout, event) };
}

export function helpScoutDelivery(change: TicketChange): { event: string; body: Record<string, unknown> } {
  const { ticket, after } = change;
  const at = new Date(change.at).toISOString();
  const assignee = agentRef('helpscout', after.agent);
  const threads =
    change.kind === 'agentReplied' || change.kind === 'customerReplied'
      ? [
          {
            id: 900_000_000 + change.id,
            type: change.kind === 'agentReplied' ? 'reply' : 'customer',
            status: STATUS[after.status],
            createdAt: at,
            createdBy: change.kind === 'agentReplied' ? { id: Number(assignee), type: 'user' } : { id: 5_000_000 + ticket.customer, type: 'customer' },
          },
        ]
      : [];
  const body = {
    id: ticket.number,
    number: ticket.number - 90_000,
    subject: ticket.subject,
    status: STATUS[after.status],
    state: 'published',
    type: CHANNEL[ticket.channel].type,
    mailboxId: Number(HELPSCOUT_MAILBOX_OF_LINE[after.line]),
    source: { type: CHANNEL[ticket.channel].source, via: 'customer' },
    primaryCustomer: { id: 5_000_000 + ticket.customer, type: 'customer' },
    ...(assignee === null ? {} : { assignee: { id: Number(assignee), type: 'user', email: `agent${assignee}@desk.example` } }),
    createdAt: new Date(ticket.createdAt).toISOString(),
    ...(change.kind === 'created' ? {} : { userUpdatedAt: at }),
    _embedded: { threads },
  };
  return { event: HELPSCOUT_EVENT[change.kind], body };
}

const HELPSCOUT_EVENT: Readonly<Record<TicketChange['kind'], string>> = {
  created: 'convo.created',
  statusChanged: 'convo.status',
  priorityChanged: 'convo.custom-fields',
  assigned: 'convo.assigned',
  escalated: 'convo.moved',
  agentReplied: 'convo.agent.reply.created',
  customerReplied: 'convo.customer.reply.created',
  rated: 'satisfaction.ratings',
};
