import type { TicketEvent, TicketStatus } from '../../domain/ticket-events';

/** The fields every normalized event carries. */
export type TicketEventBase = Pick<TicketEvent, 'source' | 'eventId' | 'ticketId' | 'occurredAt' | 'sequence'>;

/**
 * One delivery can yield several events (a Jira changelog with a status and a
 * priority change; a status change that also solves the ticket). Each needs an
 * id of its own that is as stable across re-deliveries as the delivery's id:
 * the delivery's id with a fixed suffix per part.
 */
export function withEventIdPart(base: TicketEventBase, part: string): TicketEventBase {
  return { ...base, eventId: `${base.eventId}:${part}` };
}

const DONE: ReadonlySet<TicketStatus> = new Set(['solved', 'closed']);

/**
 * A status change, plus `ticket.solved` when it moves a ticket into solved or
 * closed from anything else (or from an unknown status), and `ticket.reopened`
 * when it moves one out of solved or closed. The SLA engine can then stop and
 * restart resolution clocks without remembering each ticket's previous status.
 * solved -> closed is the ticket being archived, not solved again.
 */
export function statusChangeEvents(
  base: TicketEventBase,
  previous: TicketStatus | null,
  current: TicketStatus,
): TicketEvent[] {
  const events: TicketEvent[] = [{ ...base, kind: 'ticket.statusChanged', status: current }];
  const wasDone = previous !== null && DONE.has(previous);
  if (DONE.has(current) && !wasDone) events.push({ ...withEventIdPart(base, 'solved'), kind: 'ticket.solved' });
  if (wasDone && !DONE.has(current)) events.push({ ...withEventIdPart(base, 'reopened'), kind: 'ticket.reopened' });
  return events;
}
