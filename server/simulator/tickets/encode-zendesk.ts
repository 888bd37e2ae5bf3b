import type { TicketPriority, TicketStatus } from '../../domain/ticket-events';
import { signedZendeskHeaders } from '../../ingest/webhooks/sign';
import { agentRef, customerRef } from './desk-people';
import { ZENDESK_GROUP_OF_LINE, ZENDESK_VIA_CHANNEL, type DeskSecrets } from './simulated-desk';
import type { TicketChange, TicketView } from './ticket-change';
import type { EncodedDelivery } from './webhook-delivery';

export const ZENDESK_WEBHOOK_PATH = '/api/webhooks/zendesk';

const ACCOUNT_ID = 10_001_001;

/** Zendesk's event webhooks write statuses and priorities in capitals. */
const STATUS: Readonly<Record<TicketStatus, string>> = {
  new: 'NEW',
  open: 'OPEN',
  pending: 'PENDING',
  onHold: 'HOLD',
  solved: 'SOLVED',
  closed: 'CLOSED',
};
const PRIORITY: Readonly<Record<TicketPriority, string>> = { low: 'LOW', medium: 'NORMAL', high: 'HIGH' };

/**
 * A change as a Zendesk event webhook
 * (https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/):
 * `detail` is the ticket after the change, `event` what changed. Signed with
 * the time it is sent as the signature timestamp, as Zendesk does; a
 * re-delivery repeats the body byte for byte.
 */
export function encodeZendesk(change: TicketChange, secrets: DeskSecrets, sentAt: number): EncodedDelivery {
  const body = JSON.stringify(zendeskBody(change));
  const headersAt = (at: number) => signedZendeskHeaders(body, secrets.zendesk, new Date(at).toISOString());
  return { path: ZENDESK_WEBHOOK_PATH, body, headers: headersAt(sentAt), headersAt };
}

export function zendeskBody(change: TicketChange): Record<string, unknown> {
  const { ticket, before, after } = change;
  const envelope = (type: string, event: Record<string, unknown>) => ({
    type: `zen:event-type:ticket.${type}`,
    account_id: ACCOUNT_ID,
    id: eventUuid(ticket.number, change.index),
    time: new Date(change.at).toISOString(),
    zendesk_event_version: '2022-11-06',
    subject: `zen:ticket:${ticket.id}`,
    detail: {
      actor_id: String(ACCOUNT_ID),
      assignee_id: agentRef('zendesk', after.agent),
      brand_id: '360000001',
      created_at: new Date(ticket.createdAt).toISOString(),
      description: ticket.subject,
      group_id: ZENDESK_GROUP_OF_LINE[after.line],
      id: ticket.id,
      priority: PRIORITY[after.priority],
      requester_id: customerRef('zendesk', ticket.customer),
      status: STATUS[after.status],
      subject: ticket.subject,
      type: 'INCIDENT',
      updated_at: new Date(change.at).toISOString(),
      via: { channel: ZENDESK_VIA_CHANNEL[ticket.channel] },
    },
    event,
  });
  switch (change.kind) {
    case 'created':
      return envelope('created', {});
    case 'statusChanged':
      return envelope('status_changed', changeOf(before, after, (view) => STATUS[view.status]));
    case 'priorityChanged':
      return envelope('priority_changed', changeOf(before, after, (view) => PRIORITY[view.priority]));
    case 'assigned':
      return envelope('agent_assignment_changed', changeOf(before, after, (view) => agentRef('zendesk', view.agent)));
    case 'escalated':
      return envelope('group_assignment_changed', changeOf(before, after, (view) => ZENDESK_GROUP_OF_LINE[view.line]));
    case 'agentReplied':
    case 'customerReplied': {
      const isStaff = change.kind === 'agentReplied';
      return envelope('comment_added', {
        comment: {
          id: String(change.id),
          body: isStaff ? 'Thanks, we are looking into it.' : 'Here is the information you asked for.',
          is_public: true,
          author: {
            id: isStaff ? agentRef('zendesk', after.agent) : customerRef('zendesk', ticket.customer),
            is_staff: isStaff,
          },
        },
      });
    }
    case 'rated':
      throw new Error(`ticket ${ticket.id}: Zendesk event webhooks carry no satisfaction ratings`);
  }
}

function changeOf<T>(before: TicketView, after: TicketView, value: (view: TicketView) => T): { current: T; previous: T } {
  return { current: value(after), previous: value(before) };
}

/** A UUID-shaped event id (Zendesk's ids are UUIDs): the ticket and the change's place in it. */
function eventUuid(ticketNumber: number, index: number): string {
  return `5a1d0c3e-${(index % 0x10000).toString(16).padStart(4, '0')}-4d00-8000-${ticketNumber.toString(16).padStart(12, '0')}`;
}
