import type { TicketEvent } from '../../domain/ticket-events';
import { matchesAnySecret } from './hmac';
import { headerValue, ingestWebhook, interpretTypedBody, requireSignature, type WebhookHeaders } from './ingest-webhook';
import { lookupName, requireName, ZENDESK_STATUS_NAMES } from './name-maps';
import { ZENDESK_SIGNATURE_HEADER, ZENDESK_TIMESTAMP_HEADER, zendeskSignature } from './sign';
import { statusChangeEvents, withEventIdPart, type TicketEventBase } from './status-transition';
import type { WebhookConfig, ZendeskWebhookConfig } from './webhook-config';
import { rejection, type WebhookAcceptance, type WebhookParseResult, type WebhookProblem, type WebhookRejection } from './webhook-result';
import { webhookTimeBounds } from './webhook-time';
import { ZENDESK_BODIES, type ZendeskTicketEvent } from './zendesk-schema';
import { isRemovedZendeskStatus, zendeskLine, zendeskPriority, zendeskTicketFields } from './zendesk-ticket-fields';

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
      const mapped = zendeskTicketFields(detail, config, body.time, 'detail');
      if (!('fields' in mapped)) return mapped;
      return acceptance([{ ...base, kind: 'ticket.created', ...mapped.fields }], mapped.unknownChannel);
    }
    case 'zen:event-type:ticket.soft_deleted':
    case 'zen:event-type:ticket.permanently_deleted':
    case 'zen:event-type:ticket.merged':
    case 'zen:event-type:ticket.marked_as_spam':
      return [{ ...base, kind: 'ticket.removed' }];
    case 'zen:event-type:messaging_ticket.message_added': {
      // Messages by a trigger or a bot (`system`) answer nobody: no first response.
      const { type } = body.event.actor;
      if (type === 'agent') return [{ ...base, kind: 'ticket.agentReplied' }];
      return type === 'end_user' ? [{ ...base, kind: 'ticket.customerReplied' }] : [];
    }
    default: {
      const changes = changeEvents(base, body, config);
      return Array.isArray(changes) ? withObservation(base, body, changes, config) : changes;
    }
  }
}

type UpdateBody = Exclude<
  ZendeskTicketEvent,
  {
    type:
      | 'zen:event-type:ticket.created'
      | 'zen:event-type:ticket.soft_deleted'
      | 'zen:event-type:ticket.permanently_deleted'
      | 'zen:event-type:ticket.merged'
      | 'zen:event-type:ticket.marked_as_spam'
      | 'zen:event-type:messaging_ticket.message_added';
  }
>;

function changeEvents(base: TicketEventBase, body: UpdateBody, config: ZendeskWebhookConfig): TicketEvent[] | WebhookProblem {
  const { detail } = body;
  switch (body.type) {
    case 'zen:event-type:ticket.status_changed': {
      // A soft delete may also report the status DELETED: a removal, not a solve.
      if (body.event.current.trim().toLowerCase() === 'deleted') return [{ ...base, kind: 'ticket.removed' }];
      const current = requireName(body.event.current, 'event.current', config.statusNames, ZENDESK_STATUS_NAMES, 'zendesk.statusNames');
      if (typeof current !== 'string') return current;
      const previous = body.event.previous ? lookupName(body.event.previous, config.statusNames, ZENDESK_STATUS_NAMES) : undefined;
      return statusChangeEvents(base, previous ?? null, current);
    }
    case 'zen:event-type:ticket.priority_changed': {
      const priority = zendeskPriority(body.event.current, 'event.current', config);
      return typeof priority === 'string' ? [{ ...base, kind: 'ticket.priorityChanged', priority }] : priority;
    }
    case 'zen:event-type:ticket.agent_assignment_changed':
      return [{ ...base, kind: 'ticket.assigned', assignee: body.event.current }];
    case 'zen:event-type:ticket.group_assignment_changed': {
      // Only a move between lines is an escalation; a move between two groups
      // of the same line, or out of every group, changes nothing on the board.
      if (body.event.current === null) return [];
      const line = zendeskLine(body.event.current, config);
      return line === zendeskLine(body.event.previous, config) ? [] : [{ ...base, kind: 'ticket.escalated', line }];
    }
    case 'zen:event-type:ticket.comment_added': {
      const { comment } = body.event;
      // An internal note is not a reply. The comment that opens the ticket (the
      // description) arrives in the creating action, when the ticket's
      // updated_at still equals created_at: it is no reply either, or every
      // ticket an agent opens by phone would count as answered at once.
      if (!comment.is_public) return [];
      if (detail.created_at != null && detail.created_at === detail.updated_at) return [];
      // An end user is the customer; so is staff writing as the ticket's requester (the reducer knows the requester).
      return [comment.author.is_staff ? { ...base, kind: 'ticket.agentReplied', author: comment.author.id } : { ...base, kind: 'ticket.customerReplied' }];
    }
  }
}

/**
 * Every update carries the whole ticket after the change in `detail`: the
 * ticket as observed goes first, so a ticket the board never saw created is
 * built from it (and this delivery's change applies to it), and a known one
 * is brought to it where an earlier delivery was lost. A detail without its
 * created time or status, or with one the maps do not know, adds nothing:
 * the change itself is still taken.
 */
function withObservation(
  base: TicketEventBase,
  body: UpdateBody,
  changes: TicketEvent[],
  config: ZendeskWebhookConfig,
): TicketEvent[] | WebhookAcceptance {
  const { detail } = body;
  if (detail.created_at == null || detail.status == null || isRemovedZendeskStatus(detail.status)) return changes;
  const mapped = zendeskTicketFields(detail, config, body.time, 'detail');
  if (!('fields' in mapped)) return changes;
  return acceptance([{ ...withEventIdPart(base, 'observed'), kind: 'ticket.observed', ...mapped.fields }, ...changes], mapped.unknownChannel);
}

function acceptance(events: TicketEvent[], unknownChannel: string | undefined): TicketEvent[] | WebhookAcceptance {
  return unknownChannel === undefined ? events : { ok: true, events, unknownChannel };
}
