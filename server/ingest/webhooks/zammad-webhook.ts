import type { TicketEvent } from '../../domain/ticket-events';
import { deskChannel, deskLine, deskPriority, deskStatus, ticketAsReportedEvents, type DeskVocabulary } from './desk-mapping';
import { ingestWebhook, interpretBody, requireSignatureOrToken, type WebhookHeaders } from './ingest-webhook';
import { webhookTimeBounds } from './webhook-time';
import { TOKEN_HEADER, ZAMMAD_SIGNATURE_HEADER, zammadSignature } from './sign';
import type { TicketEventBase } from './status-transition';
import type { WebhookConfig, ZammadWebhookConfig } from './webhook-config';
import { rejection, type WebhookAcceptance, type WebhookParseResult, type WebhookProblem } from './webhook-result';
import { ZAMMAD_TIMES, zammadWebhookSchema, type ZammadWebhook } from './zammad-schema';

/** Zammad's first release: no event it raises is older. */
const ZAMMAD_SINCE = Date.parse('2016-01-01T00:00:00Z');
/** Zammad's system user: a ticket owned by it has no owner. */
const NOBODY = '1';

export const ZAMMAD_VOCABULARY: DeskVocabulary = {
  configKey: 'zammad',
  statuses: {
    new: 'new',
    open: 'open',
    // Waits on the customer until the ticket closes itself.
    'pending close': 'pending',
    // Waits until a reminder date, for whatever the agent waits on.
    'pending reminder': 'onHold',
    // Zammad's end state, reopened by a follow-up: what other desks call solved.
    closed: 'solved',
  },
  priorities: { '1 low': 'low', '2 normal': 'medium', '3 high': 'high', low: 'low', normal: 'medium', high: 'high' },
  channels: {
    email: 'email',
    web: 'portal',
    note: 'portal',
    fax: 'portal',
    phone: 'phone',
    chat: 'chat',
    sms: 'messenger',
    'whatsapp message': 'messenger',
    'telegram personal-message': 'messenger',
    'twitter status': 'messenger',
    'twitter direct-message': 'messenger',
    'facebook feed post': 'messenger',
    'facebook feed comment': 'messenger',
  },
};

/** States in which the ticket has left the desk without being solved. */
const REMOVED_STATES: ReadonlySet<string> = new Set(['merged', 'removed']);

/**
 * `POST /api/webhooks/zammad`: a trigger's webhook, signed X-Hub-Signature:
 * sha1=<hex HMAC-SHA1(token, raw body)>. Each delivery is the ticket as it now
 * stands (ticketAsReportedEvents), plus a reply when the trigger fired on a
 * public article other than the ticket's first. Event ids come from the
 * ticket's id and updated_at (X-Zammad-Delivery is random per attempt, so a
 * retry would not repeat it).
 */
export function parseZammadWebhook(rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number): WebhookParseResult {
  const zammad = config.zammad;
  if (zammad === undefined) return rejection(404, [{ path: '', message: 'the Zammad source is not configured' }]);
  return ingestWebhook(
    rawBody,
    config.maxBodyBytes,
    () =>
      requireSignatureOrToken(headers, {
        secrets: zammad.secrets,
        signature: { header: ZAMMAD_SIGNATURE_HEADER, expectedFor: (secret) => zammadSignature(rawBody, secret), caseInsensitive: true },
        acceptToken: false,
        tokenHeader: TOKEN_HEADER,
      }),
    (json) => interpretBody(json, zammadWebhookSchema, ZAMMAD_TIMES, webhookTimeBounds(config, now, ZAMMAD_SINCE), (body) => zammadEvents(body, zammad)),
  );
}

function zammadEvents(body: ZammadWebhook, config: ZammadWebhookConfig): TicketEvent[] | WebhookAcceptance | WebhookProblem {
  const { ticket, article } = body;
  const base: TicketEventBase = {
    source: 'zammad',
    eventId: `${ticket.id}:${ticket.updated_at}`,
    ticketId: ticket.id,
    occurredAt: ticket.updated_at,
    // Zammad numbers nothing per ticket; updated_at orders the deliveries.
    sequence: null,
  };
  if (REMOVED_STATES.has(ticket.state.trim().toLowerCase())) return [{ ...base, kind: 'ticket.removed' }];
  const status = deskStatus(ticket.state, 'ticket.state', config, ZAMMAD_VOCABULARY);
  if (typeof status !== 'string') return status;
  const priority = deskPriority(ticket.priority, 'ticket.priority', config, ZAMMAD_VOCABULARY);
  if (typeof priority !== 'string') return priority;
  const channel = deskChannel(ticket.create_article_type, config, ZAMMAD_VOCABULARY);
  const ownerId = ticket.owner_id ?? ticket.owner?.id ?? null;
  const events: TicketEvent[] = ticketAsReportedEvents({ ...base, eventId: `created:${ticket.id}` }, base, {
    createdAt: ticket.created_at,
    subject: ticket.title ?? '',
    status,
    priority,
    channel: channel.channel,
    line: deskLine([ticket.group_id ?? ticket.group?.id, ticket.group?.name], config),
    assignee: ownerId === null || ownerId === NOBODY ? null : (ticket.owner?.login ?? ownerId),
  });
  const reply = article && isReply(article, ticket) ? replyKind(article.sender) : null;
  // After the created event, so a ticket first seen with a reply is there to take it.
  if (reply) events.splice(1, 0, { ...base, eventId: `article:${article!.id}`, kind: reply });
  return channel.unknown === undefined ? events : { ok: true, events, unknownChannel: channel.unknown };
}

type Article = NonNullable<ZammadWebhook['article']>;

/** A public article that is not the ticket's first (that one opened the ticket: no reply, whoever wrote it). */
function isReply(article: Article, ticket: ZammadWebhook['ticket']): boolean {
  if (article.internal) return false;
  // An empty list says nothing about order (Zammad sends [] before the article is committed).
  const ids = ticket.article_ids ?? [];
  if (ids.length > 0) return article.id !== ids.reduce((a, b) => (BigInt(a) < BigInt(b) ? a : b));
  return (ticket.article_count ?? 0) > 1;
}

function replyKind(sender: string): 'ticket.agentReplied' | 'ticket.customerReplied' | null {
  const who = sender.trim().toLowerCase();
  if (who === 'agent') return 'ticket.agentReplied';
  return who === 'customer' ? 'ticket.customerReplied' : null;
}
