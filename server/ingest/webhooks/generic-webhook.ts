import type { TicketEvent, TicketStatus } from '../../domain/ticket-events';
import { GENERIC_TIMES, genericTicketWebhookSchema, type GenericTicketWebhook, type GenericWebhookStatus } from './generic-schema';
import { EARLIEST_TICKET } from './event-time-bounds';
import { headerValue, ingestWebhook, interpretBody, requireSignatureOrToken, type WebhookHeaders } from './ingest-webhook';
import { GENERIC_SIGNATURE_HEADER, GENERIC_SOURCE_HEADER, genericSignature, TOKEN_HEADER } from './sign';
import { reopenedMarker, solvedMarker, statusChangeEvents, withEventIdPart, type TicketEventBase } from './status-transition';
import type { WebhookConfig } from './webhook-config';
import { rejection, type WebhookParseResult } from './webhook-result';
import { webhookTimeBounds } from './webhook-time';

/**
 * `POST /api/webhooks/tickets`: our own schema (generic-schema.ts), from any
 * help desk. The sender names itself in X-Wallboard-Source (a header, so the
 * path stays one URL for every desk) and signs the raw body with that source's
 * secret in X-Wallboard-Signature: sha256=<hex>, or, for a source configured
 * with acceptTokenHeader, sends the secret itself in X-Wallboard-Token.
 */
export function parseGenericWebhook(rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number): WebhookParseResult {
  const sourceId = headerValue(headers, GENERIC_SOURCE_HEADER);
  if (sourceId === undefined || sourceId === '') {
    return rejection(404, [{ path: GENERIC_SOURCE_HEADER, message: 'missing source header' }]);
  }
  const source = Object.hasOwn(config.generic.sources, sourceId) ? config.generic.sources[sourceId] : undefined;
  if (source === undefined) {
    return rejection(404, [{ path: GENERIC_SOURCE_HEADER, message: `unknown source "${sourceId.slice(0, 64)}"` }]);
  }
  return ingestWebhook(
    rawBody,
    config.maxBodyBytes,
    () =>
      requireSignatureOrToken(headers, {
        secrets: source.secrets,
        signature: { header: GENERIC_SIGNATURE_HEADER, expectedFor: (secret) => genericSignature(rawBody, secret), caseInsensitive: true },
        acceptToken: source.acceptTokenHeader,
        tokenHeader: TOKEN_HEADER,
      }),
    (json) => interpretBody(json, genericTicketWebhookSchema, GENERIC_TIMES, webhookTimeBounds(config, now, EARLIEST_TICKET), genericEvents),
  );
}

function genericEvents(body: GenericTicketWebhook): TicketEvent[] {
  const base: TicketEventBase = {
    source: 'generic',
    eventId: body.eventId,
    ticketId: body.ticketId,
    occurredAt: body.occurredAt,
    sequence: body.sequence ?? null,
  };
  switch (body.kind) {
    case 'created':
      return [
        {
          ...base,
          kind: 'ticket.created',
          createdAt: body.createdAt ?? body.occurredAt,
          subject: body.subject,
          status: ourStatus(body.status),
          priority: body.priority,
          channel: body.channel,
          line: body.line,
          assignee: body.assignee,
        },
      ];
    case 'status_changed':
      return statusChangeEvents(
        base,
        body.previousStatus === undefined ? null : ourStatus(body.previousStatus),
        ourStatus(body.status),
      );
    case 'priority_changed':
      return [{ ...base, kind: 'ticket.priorityChanged', priority: body.priority }];
    case 'assigned':
      return [{ ...base, kind: 'ticket.assigned', assignee: body.assignee }];
    case 'escalated':
      return [{ ...base, kind: 'ticket.escalated', line: body.line }];
    case 'agent_replied':
      return [{ ...base, kind: 'ticket.agentReplied' }];
    case 'customer_replied':
      return [{ ...base, kind: 'ticket.customerReplied' }];
    // `solved` and `reopened` are shorthands for the status change they imply,
    // so the result matches a `status_changed` that crosses the same line (in
    // the same order); the marker keeps the sender's eventId, the status change
    // gets a suffix.
    case 'solved':
      return [
        { ...withEventIdPart(base, 'status'), kind: 'ticket.statusChanged', status: 'solved' },
        solvedMarker(base),
      ];
    case 'reopened':
      return [
        { ...withEventIdPart(base, 'status'), kind: 'ticket.statusChanged', status: ourStatus(body.status) },
        reopenedMarker(base),
      ];
    case 'satisfaction_rated':
      return [{ ...base, kind: 'ticket.rated', rating: body.rating }];
  }
}

function ourStatus(status: GenericWebhookStatus): TicketStatus {
  return status === 'on_hold' ? 'onHold' : status;
}
