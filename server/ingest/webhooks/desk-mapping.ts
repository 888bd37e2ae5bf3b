import type { SupportLine, TicketChannel, TicketEvent, TicketPriority, TicketStatus } from '../../domain/ticket-events';
import { channelOf, lookupName, requireName, requireNameOrDefault, type NameMap } from './name-maps';
import { statusChangeEvents, withEventIdPart, type TicketEventBase } from './status-transition';
import type { DeskMapping } from './webhook-config';
import type { WebhookProblem } from './webhook-result';

/**
 * What Zammad, Freshdesk and Help Scout share: a ticket's fields named the
 * desk's way (configured names before the adapter's defaults), and a ticket
 * as it now stands turned into events.
 */

/** The desk's own vocabulary: its default names, and the key of the configuration that extends them. */
export interface DeskVocabulary {
  configKey: string;
  statuses: NameMap<TicketStatus>;
  priorities: NameMap<TicketPriority>;
  channels: NameMap<TicketChannel>;
}

export function deskStatus(name: string, path: string, mapping: DeskMapping, desk: DeskVocabulary): TicketStatus | WebhookProblem {
  return requireName(name, path, mapping.statusNames, desk.statuses, `${desk.configKey}.statusNames`);
}

export function deskPriority(
  name: string | null | undefined,
  path: string,
  mapping: DeskMapping,
  desk: DeskVocabulary,
): TicketPriority | WebhookProblem {
  return requireNameOrDefault(name, mapping.defaultPriority, path, mapping.priorityNames, desk.priorities, `${desk.configKey}.priorityNames`);
}

export function deskChannel(name: string | null | undefined, mapping: DeskMapping, desk: DeskVocabulary) {
  return channelOf(name, mapping.channelNames, desk.channels, mapping.defaultChannel);
}

/** The line of the first of a group's keys (id, then name) the configuration lists; else the default line. */
export function deskLine(groupKeys: readonly (string | null | undefined)[], mapping: DeskMapping): SupportLine {
  for (const key of groupKeys) {
    const line = key ? lookupName(key, mapping.groupLines) : undefined;
    if (line !== undefined) return line;
  }
  return mapping.defaultLine;
}

/** A ticket as the desk reports it now: what its created event carries. */
export type DeskTicketView = Omit<Extract<TicketEvent, { kind: 'ticket.created' }>, keyof TicketEventBase | 'kind'>;

const MAX_SUBJECT_CHARS = 1000;

export function createdEvent(base: TicketEventBase, view: DeskTicketView): TicketEvent {
  return { ...base, kind: 'ticket.created', ...view, subject: view.subject.slice(0, MAX_SUBJECT_CHARS) };
}

/**
 * A desk that sends the whole ticket with each delivery and not what changed
 * (Zammad): the created event (ignored by the reducer once the ticket exists,
 * and a repeat by its id), then every field set to what the desk reports. A
 * field that did not change changes nothing (same status, same line: no
 * escalation), so the delivery's effect is the ticket as reported.
 */
export function ticketAsReportedEvents(createdBase: TicketEventBase, base: TicketEventBase, view: DeskTicketView): TicketEvent[] {
  return [
    createdEvent(createdBase, view),
    ...statusChangeEvents(withEventIdPart(base, 'status'), null, view.status),
    { ...withEventIdPart(base, 'priority'), kind: 'ticket.priorityChanged', priority: view.priority },
    { ...withEventIdPart(base, 'assignee'), kind: 'ticket.assigned', assignee: view.assignee },
    { ...withEventIdPart(base, 'line'), kind: 'ticket.escalated', line: view.line },
  ];
}
