import { createHash } from 'node:crypto';
import type { TicketEvent } from '../../domain/ticket-events';
import { createdEvent, deskChannel, deskLine, deskStatus, type DeskVocabulary } from './desk-mapping';
import { eventTimeProblems } from './event-time-bounds';
import {
  HELPSCOUT_EVENTS,
  HELPSCOUT_TIMES,
  helpScoutConversationSchema,
  helpScoutDeletedSchema,
  type HelpScoutConversation,
  type HelpScoutEvent,
} from './helpscout-schema';
import { headerValue, ingestWebhook, interpretBody, requireSignatureOrToken, validate, type WebhookHeaders } from './ingest-webhook';
import { HELPSCOUT_EVENT_HEADER, HELPSCOUT_SIGNATURE_HEADER, helpScoutSignature, TOKEN_HEADER } from './sign';
import { statusChangeEvents, type TicketEventBase } from './status-transition';
import type { HelpScoutWebhookConfig, WebhookConfig } from './webhook-config';
import { rejection, type WebhookAcceptance, type WebhookParseResult, type WebhookProblem } from './webhook-result';
import { webhookTimeBounds } from './webhook-time';

const HELPSCOUT_SINCE = Date.parse('2011-01-01T00:00:00Z');
/** source types of Help Scout's messaging channels: their conversations are chats, but on a messenger */
const MESSAGING_SOURCES: ReadonlySet<string> = new Set(['messenger', 'facebook', 'instagram', 'whatsapp', 'sms']);

export const HELPSCOUT_VOCABULARY: DeskVocabulary = {
  configKey: 'helpscout',
  statuses: { active: 'open', open: 'open', pending: 'pending', closed: 'solved' },
  // Help Scout has no priorities: every conversation gets the configured default.
  priorities: {},
  channels: {
    email: 'email',
    web: 'portal',
    form: 'portal',
    beacon: 'portal',
    'beacon-v2': 'portal',
    api: 'portal',
    chat: 'chat',
    phone: 'phone',
    ...Object.fromEntries([...MESSAGING_SOURCES].map((name) => [name, 'messenger' as const])),
  },
};

const HANDLED: ReadonlySet<string> = new Set(HELPSCOUT_EVENTS);

/**
 * `POST /api/webhooks/helpscout`: signed X-HelpScout-Signature:
 * base64(HMAC-SHA1(secret key, raw body)), the event named in
 * X-HelpScout-Event. Events the board does not use (notes, tags, customers,
 * ratings) are accepted with no events. Help Scout has no `new` status: a
 * conversation is new from its creation until its first status change, as
 * it is to the agents looking at the mailbox.
 */
export function parseHelpScoutWebhook(rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number): WebhookParseResult {
  const helpscout = config.helpscout;
  if (helpscout === undefined) return rejection(404, [{ path: '', message: 'the Help Scout source is not configured' }]);
  return ingestWebhook(
    rawBody,
    config.maxBodyBytes,
    () =>
      requireSignatureOrToken(headers, {
        secrets: helpscout.secrets,
        signature: { header: HELPSCOUT_SIGNATURE_HEADER, expectedFor: (secret) => helpScoutSignature(rawBody, secret) },
        acceptToken: false,
        tokenHeader: TOKEN_HEADER,
      }),
    (json) => {
      const event = headerValue(headers, HELPSCOUT_EVENT_HEADER)?.trim();
      if (event === undefined || event === '') return rejection(400, [{ path: HELPSCOUT_EVENT_HEADER, message: 'missing event header' }]);
      const bounds = webhookTimeBounds(config, now, HELPSCOUT_SINCE);
      if (event === 'convo.deleted') {
        const body = validate(helpScoutDeletedSchema, json);
        // Help Scout sends no time with a deletion: it happened when it arrived.
        return body.ok ? { ok: true, events: [{ ...baseOf('convo.deleted', body.value.id, now, 'deleted'), kind: 'ticket.removed' }] } : body;
      }
      if (!HANDLED.has(event)) return { ok: true, events: [] };
      return interpretBody(json, helpScoutConversationSchema, HELPSCOUT_TIMES, bounds, (convo) => {
        const thread = newestThread(convo, event as HelpScoutEvent);
        const at = thread === undefined ? -1 : convo._embedded.threads.indexOf(thread);
        const threadTime = eventTimeProblems(convo, { event: [`_embedded.threads.${at}.createdAt`], created: [] }, bounds);
        if (threadTime[0]) return threadTime[0];
        return helpScoutEvents(event as HelpScoutEvent, convo, thread, helpscout, now);
      });
    },
  );
}

type Thread = HelpScoutConversation['_embedded']['threads'][number];

/** The reply the event is about: the newest thread of the kind (Help Scout lists threads newest first). */
function newestThread(convo: HelpScoutConversation, event: HelpScoutEvent): Thread | undefined {
  const kind = event === 'convo.agent.reply.created' ? 'reply' : event === 'convo.customer.reply.created' ? 'customer' : null;
  if (kind === null) return undefined;
  return convo._embedded.threads.reduce<Thread | undefined>(
    (newest, thread) => (thread.type === kind && (newest === undefined || (thread.createdAt ?? 0) > (newest.createdAt ?? 0)) ? thread : newest),
    undefined,
  );
}

function baseOf(event: string, id: string, occurredAt: number, part: string): TicketEventBase {
  const digest = createHash('sha256').update(JSON.stringify([event, id, part, occurredAt])).digest('hex').slice(0, 32);
  return { source: 'helpscout', eventId: digest, ticketId: id, occurredAt, sequence: null };
}

function helpScoutEvents(
  event: HelpScoutEvent,
  convo: HelpScoutConversation,
  thread: Thread | undefined,
  config: HelpScoutWebhookConfig,
  now: number,
): TicketEvent[] | WebhookAcceptance | WebhookProblem {
  const changedAt = convo.userUpdatedAt ?? now;
  const base = baseOf(event, convo.id, changedAt, '');
  switch (event) {
    case 'convo.created': {
      // The conversation's type (email, chat, phone) says the channel, except that an email came in
      // by a form or the API, and a chat by a messaging app, as its source type says.
      const sourceType = convo.source?.type?.trim().toLowerCase();
      const byType = convo.type === 'email' || (sourceType !== undefined && MESSAGING_SOURCES.has(sourceType));
      const channel = deskChannel(byType ? (sourceType ?? convo.type) : convo.type, config, HELPSCOUT_VOCABULARY);
      const status = convo.status.trim().toLowerCase() === 'active' ? 'new' : deskStatus(convo.status, 'status', config, HELPSCOUT_VOCABULARY);
      if (typeof status !== 'string') return status;
      const events = [
        createdEvent(baseOf(event, convo.id, convo.createdAt, 'created'), {
          createdAt: convo.createdAt,
          subject: convo.subject ?? '',
          status,
          priority: config.defaultPriority,
          channel: channel.channel,
          line: deskLine([convo.mailboxId], config),
          assignee: convo.assignee?.id ?? null,
        }),
      ];
      return channel.unknown === undefined ? events : { ok: true, events, unknownChannel: channel.unknown };
    }
    case 'convo.status': {
      if (convo.status.trim().toLowerCase() === 'spam') return [{ ...base, kind: 'ticket.removed' }];
      const status = deskStatus(convo.status, 'status', config, HELPSCOUT_VOCABULARY);
      return typeof status === 'string' ? statusChangeEvents(base, null, status) : status;
    }
    case 'convo.assigned':
      return [{ ...base, kind: 'ticket.assigned', assignee: convo.assignee?.id ?? null }];
    case 'convo.moved':
      return [{ ...base, kind: 'ticket.escalated', line: deskLine([convo.mailboxId], config) }];
    case 'convo.merged':
      return [{ ...base, kind: 'ticket.removed' }];
    case 'convo.agent.reply.created':
    case 'convo.customer.reply.created': {
      if (thread === undefined) return { path: '_embedded.threads', message: `no ${event === 'convo.agent.reply.created' ? 'reply' : 'customer'} thread in the conversation` };
      const at = thread.createdAt ?? changedAt;
      return [{ ...baseOf(event, convo.id, at, `thread:${thread.id}`), kind: event === 'convo.agent.reply.created' ? 'ticket.agentReplied' : 'ticket.customerReplied' }];
    }
    case 'convo.deleted':
      return [{ ...base, kind: 'ticket.removed' }];
  }
}
