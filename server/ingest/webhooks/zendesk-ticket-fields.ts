import type { SupportLine, TicketFields } from '../../domain/ticket-events';
import {
  channelOf,
  lookupName,
  requireName,
  requireNameOrDefault,
  ZENDESK_CHANNEL_NAMES,
  ZENDESK_PRIORITY_NAMES,
  ZENDESK_STATUS_NAMES,
} from './name-maps';
import type { ZendeskWebhookConfig } from './webhook-config';
import type { WebhookProblem } from './webhook-result';
import type { ZendeskTicket } from './zendesk-schema';

/** The board shows a subject on one line; a longer one is valid Zendesk data, so it is cut, not refused. */
const MAX_SUBJECT_CHARS = 1000;

/** Statuses of a ticket that has left the desk for good: it is removed, never observed as closed (which would count a solve). */
const REMOVED_STATUSES: ReadonlySet<string> = new Set(['deleted', 'scrubbed']);

export function isRemovedZendeskStatus(status: string | null | undefined): boolean {
  return status != null && REMOVED_STATUSES.has(status.trim().toLowerCase());
}

export interface MappedTicketFields {
  fields: TicketFields;
  /** a `via.channel` no map knows: the ticket is on the default channel */
  unknownChannel?: string;
}

/**
 * A Zendesk ticket (an event webhook's `detail`, or a ticket of the REST API)
 * as our fields. `fallbackCreatedAt` stands in for a missing created_at (a
 * creation event's own time); `path` prefixes the field paths of a problem.
 */
export function zendeskTicketFields(
  ticket: ZendeskTicket,
  config: ZendeskWebhookConfig,
  fallbackCreatedAt: number,
  path: string,
): MappedTicketFields | WebhookProblem {
  const status = requireName(ticket.status ?? 'new', `${path}.status`, config.statusNames, ZENDESK_STATUS_NAMES, 'zendesk.statusNames');
  if (typeof status !== 'string') return status;
  const priority = zendeskPriority(ticket.priority, `${path}.priority`, config);
  if (typeof priority !== 'string') return priority;
  const via = channelOf(ticket.via?.channel, config.channelNames, ZENDESK_CHANNEL_NAMES, config.defaultChannel);
  const fields: TicketFields = {
    createdAt: ticket.created_at ?? fallbackCreatedAt,
    subject: (ticket.subject ?? '').slice(0, MAX_SUBJECT_CHARS),
    status,
    priority,
    channel: via.channel,
    line: zendeskLine(ticket.group_id, config),
    assignee: ticket.assignee_id,
    requester: ticket.requester_id,
  };
  return via.unknown === undefined ? { fields } : { fields, unknownChannel: via.unknown };
}

/** Zendesk allows a ticket without priority: it gets the configured default. */
export function zendeskPriority(name: string | null | undefined, path: string, config: ZendeskWebhookConfig) {
  return requireNameOrDefault(name, config.defaultPriority, path, config.priorityNames, ZENDESK_PRIORITY_NAMES, 'zendesk.priorityNames');
}

/** A ticket in no group, or in a group the map does not list, is on the default line. */
export function zendeskLine(groupId: string | null, config: ZendeskWebhookConfig): SupportLine {
  return (groupId === null ? undefined : lookupName(groupId, config.groupLines)) ?? config.defaultLine;
}
