import type { SupportLine, TicketEvent } from '../../domain/ticket-events';
import { matchesAnySecret } from './hmac';
import { headerValue, ingestWebhook, interpretTypedBody, requireSignature, type WebhookHeaders } from './ingest-webhook';
import {
  channelOf,
  lookupName,
  requireName,
  requireNameOrDefault,
  ZENDESK_CHANNEL_NAMES,
  ZENDESK_PRIORITY_NAMES,
  ZENDESK_STATUS_NAMES,
} from './name-maps';
import { ZENDESK_SIGNATURE_HEADER, ZENDESK_TIMESTAMP_HEADER, zendeskSignature } from './sign';
import { statusChangeEvents, type TicketEventBase } from './status-transition';
import type { WebhookConfig, ZendeskWebhookConfig } from './webhook-config';
import { rejection, type WebhookAcceptance, type WebhookParseResult, type WebhookProblem, type WebhookRejection } from './webhook-result';
import { webhookTimeBounds } from './webhook-time';
import { ZENDESK_BODIES, type ZendeskTicketEvent } from './zendesk-schema';

/** The board shows a subject on one line; a longer one is valid Zendesk data, so it is cut, not refused. */
const MAX_SUBJECT_CHARS = 1000;

/**
 * Zendesk event webhooks. Signed as Zendesk documents it:
 * X-Zendesk-Webhook-Signature = base64(HMAC-SHA256(secret, timestamp + raw body)),
 * the timestamp taken from X-Zendesk-Webhook-Signature-Timestamp. A timestamp
 * further than `replayWindowSec` from the server's clock is a replay (or a
 * clock to fix) and answered 401, as Zendesk's verification guide advises;
 * within the window, a replayed delivery repeats its event id and the store
 * drops it.
 *
 * Event types the board does not use (tags_changed, user.* ...) are accepted
 * with no events, so Zendesk does not count them as failures.
 */
export function parseZendeskWebhook(rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number): WebhookParseResult {
  const zendesk = config.zendesk;
  if (zendesk === undefined) return rejection(404, [{ path: '', message: 'the Zendesk source is not configured' }]);
  return ingestWebhook(
    rawBody,
    config.maxBodyBytes,
    () => {
      const timestamp = headerValue(headers, ZENDESK_TIMESTAMP_HEADER);
      if (timestamp === undefined || timestamp === '') {
        return rejection(401, [{ path: ZENDESK_TIMESTAMP_HEADER, message: 'missing signature timestamp header' }]);
      }
      const denied = requireSignature(headerValue(headers, ZENDESK_SIGNATURE_HEADER), ZENDESK_SIGNATURE_HEADER, (received) =>
        matchesAnySecret(zendesk.secrets, received, (secret) => zendeskSignature(rawBody, secret, timestamp)),
      );
      return denied ?? outsideReplayWindow(timestamp, now, zendesk.replayWindowSec);
    },
    (json) => interpretTypedBody(json, ZENDESK_BODIES, webhookTimeBounds(config, now, ZENDESK_SINCE), (body) => zendeskEvents(body, zendesk)),
  );
}

/** Zendesk's founding: no event it raises is older. */
const ZENDESK_SINCE = Date.parse('2007-01-01T00:00:00Z');

/** Checked once the signature holds: an unsigned timestamp proves nothing. */
function outsideReplayWindow(timestamp: string, now: number, windowSec: number): WebhookRejection | null {
  const signedAt = Date.parse(timestamp);
  if (Number.isNaN(signedAt)) return rejection(401, [{ path: ZENDESK_TIMESTAMP_HEADER, message: 'not a date-time' }]);
  const ageSec = Math.round((now - signedAt) / 1000);
  if (Math.abs(ageSec) <= windowSec) return null;
  const how = ageSec > 0 ? `signed ${ageSec} s ago` : `signed ${-ageSec} s in the future`;
  return rejection(401, [{ path: ZENDESK_TIMESTAMP_HEADER, message: `${how}, outside the replay window of ${windowSec} s (or the clocks differ)` }]);
}

function zendeskEvents(body: ZendeskTicketEvent, config: ZendeskWebhookConfig): TicketEvent[] | WebhookAcceptance | WebhookProblem {
  const { detail } = body;
  const base: TicketEventBase = {
    source: 'zendesk',
    eventId: body.id,
    ticketId: detail.id,
    occurredAt: body.time,
    // Zendesk's meta.sequence.position is documented as not guaranteed, so it
    // cannot order anything; the event time is all there is.
    sequence: null,
  };
  switch (body.type) {
    case 'zen:event-type:ticket.created': {
      const status = requireName(detail.status ?? 'new', 'detail.status', config.statusNames, ZENDESK_STATUS_NAMES, 'zendesk.statusNames');
      if (typeof status !== 'string') return status;
      const priority = priorityOf(detail.priority, 'detail.priority', config);
      if (typeof priority !== 'string') return priority;
      const via = channelOf(detail.via?.channel, config.channelNames, ZENDESK_CHANNEL_NAMES, config.defaultChannel);
      const events: TicketEvent[] = [
        {
          ...base,
          kind: 'ticket.created',
          createdAt: detail.created_at ?? body.time,
          subject: (detail.subject ?? '').slice(0, MAX_SUBJECT_CHARS),
          status,
          priority,
          channel: via.channel,
          line: lineOf(detail.group_id, config),
          assignee: detail.assignee_id,
        },
      ];
      return via.unknown === undefined ? events : { ok: true, events, unknownChannel: via.unknown };
    }
    case 'zen:event-type:ticket.status_changed': {
      // A soft delete may also report the status DELETED: a removal, not a solve.
      if (body.event.current.trim().toLowerCase() === 'deleted') return [{ ...base, kind: 'ticket.removed' }];
      const current = requireName(body.event.current, 'event.current', config.statusNames, ZENDESK_STATUS_NAMES, 'zendesk.statusNames');
      if (typeof current !== 'string') return current;
      const previous = body.event.previous ? lookupName(body.event.previous, config.statusNames, ZENDESK_STATUS_NAMES) : undefined;
      return statusChangeEvents(base, previous ?? null, current);
    }
    case 'zen:event-type:ticket.priority_changed': {
      const priority = priorityOf(body.event.current, 'event.current', config);
      return typeof priority === 'string' ? [{ ...base, kind: 'ticket.priorityChanged', priority }] : priority;
    }
    case 'zen:event-type:ticket.agent_assignment_changed':
      return [{ ...base, kind: 'ticket.assigned', assignee: body.event.current }];
    case 'zen:event-type:ticket.group_assignment_changed': {
      // Only a move between lines is an escalation; a move between two groups
      // of the same line, or out of every group, changes nothing on the board.
      if (body.event.current === null) return [];
      const line = lineOf(body.event.current, config);
      return line === lineOf(body.event.previous, config) ? [] : [{ ...base, kind: 'ticket.escalated', line }];
    }
    case 'zen:event-type:ticket.comment_added': {
      const { comment } = body.event;
      // An internal note is not a reply. The comment that opens the ticket (the
      // description) arrives in the creating action, when the ticket's
      // updated_at still equals created_at: it is no reply either, or every
      // ticket an agent opens by phone would count as answered at once.
      if (!comment.is_public) return [];
      if (detail.created_at != null && detail.created_at === detail.updated_at) return [];
      return [{ ...base, kind: comment.author.is_staff ? 'ticket.agentReplied' : 'ticket.customerReplied' }];
    }
    case 'zen:event-type:messaging_ticket.message_added': {
      // Messages by a trigger or a bot (`system`) answer nobody: no first response.
      const { type } = body.event.actor;
      if (type === 'agent') return [{ ...base, kind: 'ticket.agentReplied' }];
      return type === 'end_user' ? [{ ...base, kind: 'ticket.customerReplied' }] : [];
    }
    case 'zen:event-type:ticket.soft_deleted':
    case 'zen:event-type:ticket.permanently_deleted':
    case 'zen:event-type:ticket.merged':
    case 'zen:event-type:ticket.marked_as_spam':
      return [{ ...base, kind: 'ticket.removed' }];
  }
}

/** Zendesk allows a ticket without priority: it gets the configured default. */
function priorityOf(name: string | null | undefined, path: string, config: ZendeskWebhookConfig) {
  return requireNameOrDefault(name, config.defaultPriority, path, config.priorityNames, ZENDESK_PRIORITY_NAMES, 'zendesk.priorityNames');
}

/** A ticket in no group, or in a group the map does not list, is on the default line. */
function lineOf(groupId: string | null, config: ZendeskWebhookConfig): SupportLine {
  return (groupId === null ? undefined : lookupName(groupId, config.groupLines)) ?? config.defaultLine;
}
