import type { TicketChannel, TicketPriority, TicketStatus } from '../../domain/ticket-events';
import { signedZammadHeaders } from '../../ingest/webhooks/sign';
import { agentRef } from './desk-people';
import { ZAMMAD_GROUP_OF_LINE, type DeskSecrets } from './simulated-desk';
import type { TicketChange } from './ticket-change';
import type { EncodedDelivery } from './webhook-delivery';

export const ZAMMAD_WEBHOOK_PATH = '/api/webhooks/zammad';

const STATE: Readonly<Record<TicketStatus, string>> = {
  new: 'new',
  open: 'open',
  pending: 'pending close',
  onHold: 'waiting for vendor',
  solved: 'closed',
  closed: 'archived',
};
const PRIORITY: Readonly<Record<TicketPriority, { id: number; name: string }>> = {
  low: { id: 1, name: '1 low' },
  medium: { id: 2, name: '2 normal' },
  high: { id: 3, name: '3 high' },
};
const ARTICLE_TYPE: Readonly<Record<TicketChannel, string>> = {
  email: 'email',
  portal: 'web',
  chat: 'chat',
  phone: 'phone',
  messenger: 'whatsapp message',
};
const LINE_NAME = { L1: 'Service Desk', L2: 'Product Support', L3: 'Engineering' } as const;

/**
 * A change as a Zammad trigger's webhook with the default payload: the ticket
 * after the change (updated_at = the change's time), and the article for a
 * reply. The opening article has the ticket's number as id; replies the
 * change's id, above every opening one.
 */
export function encodeZammad(change: TicketChange, secrets: DeskSecrets): EncodedDelivery {
  const body = JSON.stringify(zammadBody(change));
  return { path: ZAMMAD_WEBHOOK_PATH, body, headers: { ...signedZammadHeaders(body, secrets.zammad), 'x-zammad-trigger': 'wallboard', 'x-zammad-delivery': `d-${change.id}` } };
}

const REPLY_ARTICLE_BASE = 1_000_000_000;

export function zammadBody(change: TicketChange): Record<string, unknown> {
  const { ticket, after } = change;
  const at = new Date(change.at).toISOString();
  const login = agentRef('zammad', after.agent);
  const isReply = change.kind === 'agentReplied' || change.kind === 'customerReplied';
  const articleIds = [ticket.number, ...(isReply ? [REPLY_ARTICLE_BASE + change.id] : [])];
  const group = ZAMMAD_GROUP_OF_LINE[after.line];
  return {
    ticket: {
      id: ticket.number,
      number: String(ticket.number + 10_000),
      title: ticket.subject,
      state: STATE[after.status],
      state_id: Object.keys(STATE).indexOf(after.status) + 1,
      priority: { id: PRIORITY[after.priority].id, name: PRIORITY[after.priority].name, active: true },
      priority_id: PRIORITY[after.priority].id,
      group: { id: Number(group), name: LINE_NAME[after.line], active: true },
      group_id: Number(group),
      owner: login === null ? { id: 1, login: '-', firstname: '', lastname: '' } : { id: 2000 + after.agent!, login, roles: ['Agent'] },
      owner_id: login === null ? 1 : 2000 + after.agent!,
      customer_id: 9000 + ticket.customer,
      create_article_type: ARTICLE_TYPE[ticket.channel],
      create_article_sender: 'Customer',
      article_ids: articleIds,
      article_count: articleIds.length,
      created_at: new Date(ticket.createdAt).toISOString(),
      updated_at: at,
    },
    article: isReply
      ? {
          id: REPLY_ARTICLE_BASE + change.id,
          ticket_id: ticket.number,
          sender: change.kind === 'agentReplied' ? 'Agent' : 'Customer',
          type: ARTICLE_TYPE[ticket.channel],
          internal: false,
          body: change.kind === 'agentReplied' ? 'We are looking into it.' : 'Here is what you asked for.',
          content_type: 'text/plain',
          created_at: at,
          updated_at: at,
        }
      : {},
  };
}
