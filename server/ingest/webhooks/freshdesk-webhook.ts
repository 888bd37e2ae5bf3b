import { createHash } from 'node:crypto';
import type { TicketEvent } from '../../domain/ticket-events';
import { createdEvent, deskChannel, deskLine, deskPriority, deskStatus, ticketAsReportedEvents, type DeskVocabulary } from './desk-mapping';
import { FRESHDESK_TIMES, freshdeskWebhookSchema, type FreshdeskWebhook } from './freshdesk-schema';
import { ingestWebhook, interpretBody, requireSignatureOrToken, type WebhookHeaders } from './ingest-webhook';
import { TOKEN_HEADER } from './sign';
import type { TicketEventBase } from './status-transition';
import type { FreshdeskWebhookConfig, WebhookConfig } from './webhook-config';
import { rejection, type WebhookAcceptance, type WebhookParseResult, type WebhookProblem } from './webhook-result';
import { webhookTimeBounds } from './webhook-time';

const FRESHDESK_SINCE = Date.parse('2010-01-01T00:00:00Z');

/** Names, and the numbers {{ticket.status}} / {{ticket.priority}} / {{ticket.source}} give on some accounts. */
export const FRESHDESK_VOCABULARY: DeskVocabulary = {
  configKey: 'freshdesk',
  statuses: {
    open: 'open',
    '2': 'open',
    pending: 'pending',
    '3': 'pending',
    resolved: 'solved',
    '4': 'solved',
    closed: 'closed',
    '5': 'closed',
    // Freshdesk's own custom statuses, present on new accounts.
    'waiting on customer': 'pending',
    'waiting on third party': 'onHold',
  },
  priorities: { low: 'low', '1': 'low', medium: 'medium', '2': 'medium', high: 'high', '3': 'high', urgent: 'high', '4': 'high' },
  channels: {
    email: 'email',
    '1': 'email',
    'outbound email': 'email',
    '10': 'email',
    portal: 'portal',
    '2': 'portal',
    'feedback widget': 'portal',
    '9': 'portal',
    phone: 'phone',
    '3': 'phone',
    chat: 'chat',
    '7': 'chat',
    whatsapp: 'messenger',
    twitter: 'messenger',
    facebook: 'messenger',
  },
};

/**
 * `POST /api/webhooks/freshdesk`: an automation rule's webhook with the
 * shared token in X-Wallboard-Token (a custom header of the rule: Freshdesk
 * signs nothing). Freshdesk has no placeholder for when a change happened, so
 * the time received stands for it unless the body says (`occurred_at`), and
 * no event id, so a delivery's id is a digest of its bytes: a retry repeats
 * the bytes and changes nothing.
 */
export function parseFreshdeskWebhook(rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number): WebhookParseResult {
  const freshdesk = config.freshdesk;
  if (freshdesk === undefined) return rejection(404, [{ path: '', message: 'the Freshdesk source is not configured' }]);
  return ingestWebhook(
    rawBody,
    config.maxBodyBytes,
    () =>
      requireSignatureOrToken(headers, {
        secrets: freshdesk.secrets,
        // No header Freshdesk could fill holds a signature: only the token is ever checked.
        signature: { header: TOKEN_HEADER, expectedFor: (secret) => secret },
        acceptToken: true,
        tokenHeader: TOKEN_HEADER,
      }),
    (json) =>
      interpretBody(json, freshdeskWebhookSchema(freshdesk.timeZone), FRESHDESK_TIMES, webhookTimeBounds(config, now, FRESHDESK_SINCE), (body) =>
        freshdeskEvents(body, freshdesk, now, rawBody),
      ),
  );
}

function freshdeskEvents(
  body: FreshdeskWebhook,
  config: FreshdeskWebhookConfig,
  now: number,
  rawBody: Buffer,
): TicketEvent[] | WebhookAcceptance | WebhookProblem {
  const occurredAt = body.occurred_at ?? now;
  const base: TicketEventBase = {
    source: 'freshdesk',
    eventId: `${body.event}:${body.ticket_id}:${body.occurred_at ?? createHash('sha256').update(rawBody).digest('hex').slice(0, 32)}`,
    ticketId: body.ticket_id,
    occurredAt,
    sequence: null,
  };
  switch (body.event) {
    case 'agent_replied':
      return [{ ...base, kind: 'ticket.agentReplied' }];
    case 'customer_replied':
      return [{ ...base, kind: 'ticket.customerReplied' }];
    case 'ticket_deleted':
    case 'ticket_spam':
      return [{ ...base, kind: 'ticket.removed' }];
    case 'ticket_created':
    case 'ticket_updated': {
      if (body.status === null) return { path: 'status', message: 'missing: the template sends "{{ticket.status}}"' };
      const status = deskStatus(body.status, 'status', config, FRESHDESK_VOCABULARY);
      if (typeof status !== 'string') return status;
      const priority = deskPriority(body.priority, 'priority', config, FRESHDESK_VOCABULARY);
      if (typeof priority !== 'string') return priority;
      const channel = deskChannel(body.source, config, FRESHDESK_VOCABULARY);
      const view = {
        createdAt: body.created_on ?? occurredAt,
        subject: body.subject ?? '',
        status,
        priority,
        channel: channel.channel,
        line: deskLine([body.group_id, body.group_name], config),
        assignee: body.agent_id,
      };
      const createdBase = { ...base, eventId: `created:${body.ticket_id}` };
      const events = body.event === 'ticket_created' ? [createdEvent(createdBase, view)] : ticketAsReportedEvents(createdBase, base, view);
      return channel.unknown === undefined ? events : { ok: true, events, unknownChannel: channel.unknown };
    }
  }
}
