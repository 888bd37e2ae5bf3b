import type { TicketChannel, TicketPriority, TicketStatus } from '../../domain/ticket-events';
import { freshdeskTokenHeaders } from '../../ingest/webhooks/sign';
import { agentRef } from './desk-people';
import { FRESHDESK_GROUP_OF_LINE, type DeskSecrets } from './simulated-desk';
import type { TicketChange } from './ticket-change';
import type { EncodedDelivery } from './webhook-delivery';

export const FRESHDESK_WEBHOOK_PATH = '/api/webhooks/freshdesk';

const STATUS: Readonly<Record<TicketStatus, string>> = {
  new: 'New',
  open: 'Open',
  pending: 'Pending',
  onHold: 'Waiting on Third Party',
  solved: 'Resolved',
  closed: 'Closed',
};
const PRIORITY: Readonly<Record<TicketPriority, string>> = { low: 'Low', medium: 'Medium', high: 'High' };
const SOURCE: Readonly<Record<TicketChannel, string>> = { email: 'Email', portal: 'Portal', chat: 'Chat', phone: 'Phone', messenger: 'WhatsApp' };
const GROUP_NAME = { L1: 'Frontline', L2: 'Second line', L3: 'Engineering' } as const;

/**
 * A change as the automation rules of docs/WEBHOOKS.md send it: the template
 * with Freshdesk's placeholders filled in ({{ticket.created_on}} in the
 * account's zone, UTC here, without an offset), `event` set by the rule, and
 * `occurred_at`, which Freshdesk itself cannot fill (a relay in front of the
 * board can; the simulated desk does, so the truth can be checked to the
 * second).
 */
export function encodeFreshdesk(change: TicketChange, secrets: DeskSecrets): EncodedDelivery {
  const body = JSON.stringify(freshdeskBody(change));
  return { path: FRESHDESK_WEBHOOK_PATH, body, headers: freshdeskTokenHeaders(secrets.freshdesk) };
}

export function freshdeskBody(change: TicketChange): Record<string, unknown> {
  const { ticket, after } = change;
  const event = (() => {
    switch (change.kind) {
      case 'created':
        return 'ticket_created';
      case 'agentReplied':
        return 'agent_replied';
      case 'customerReplied':
        return 'customer_replied';
      case 'rated':
        throw new Error(`ticket ${ticket.id}: the Freshdesk template carries no satisfaction ratings`);
      default:
        return 'ticket_updated';
    }
  })();
  return {
    freshdesk_webhook: {
      event,
      ticket_id: String(ticket.number),
      subject: ticket.subject,
      status: STATUS[after.status],
      priority: PRIORITY[after.priority],
      source: SOURCE[ticket.channel],
      group_id: FRESHDESK_GROUP_OF_LINE[after.line],
      group_name: GROUP_NAME[after.line],
      agent_id: agentRef('freshdesk', after.agent) ?? '',
      created_on: new Date(ticket.createdAt).toISOString().slice(0, 19).replace('T', ' '),
      occurred_at: new Date(change.at).toISOString(),
    },
  };
}
