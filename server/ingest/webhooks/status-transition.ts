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
 * A status change, then `ticket.solved` when it moves a ticket into solved or
 * closed from anything else (or from an unknown status), or `ticket.reopened`
 * when it moves one out of solved or closed, for consumers that count solves
 * and reopens without remembering each ticket's previous status. solved ->
 * closed is the ticket being archived, not solved again.
 *
 * The marker comes second and has no sequence: it is not a further change in
 * the source's order, and with the status change's sequence a reducer that
 * refuses anything not newer (isNewer in domain/sla/ticket-state.ts) would
 * drop it as stale.
 */
export function statusChangeEvents(
  base: TicketEventBase,
  previous: TicketStatus | null,
  current: TicketStatus,
): TicketEvent[] {
  const statusChanged: TicketEvent = { ...base, kind: 'ticket.statusChanged', status: current };
  const wasDone = previous !== null && DONE.has(previous);
  if (DONE.has(current) && !wasDone) return [statusChanged, solvedMarker(withEventIdPart(base, 'solved'))];
  if (wasDone && !DONE.has(current)) return [statusChanged, reopenedMarker(withEventIdPart(base, 'reopened'))];
  return [statusChanged];
}

export function solvedMarker(base: TicketEventBase): TicketEvent {
  return { ...base, sequence: null, kind: 'ticket.solved' };
}

export function reopenedMarker(base: TicketEventBase): TicketEvent {
  return { ...base, sequence: null, kind: 'ticket.reopened' };
}
