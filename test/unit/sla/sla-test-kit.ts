import { DateTime } from 'luxon';
import type { TicketEvent, TicketEventKind } from '../../../server/domain/ticket-events';
import { createBusinessCalendar, type BusinessCalendar } from '../../../server/domain/sla/business-calendar';
import { calendarSchema } from '../../../server/domain/sla/sla-policy.schema';
import type { SlaPolicies } from '../../../server/domain/sla/sla-policy';
import { reduceTicket, type SlaEffect } from '../../../server/domain/sla/ticket-sla';
import type { TicketState } from '../../../server/domain/sla/ticket-state';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

/** a calendar written the way the policy file writes it */
export function calendarFrom(input: unknown): BusinessCalendar {
  return createBusinessCalendar(calendarSchema.parse(input));
}

/** epoch ms of an unambiguous local wall time, computed by luxon (not by the code under test) */
export function wallTime(timeZone: string, isoLocal: string): number {
  const time = DateTime.fromISO(isoLocal, { zone: timeZone });
  if (!time.isValid) throw new Error(`bad test time ${isoLocal}`);
  return time.toMillis();
}

type EventBody<K extends TicketEventKind> = Omit<
  Extract<TicketEvent, { kind: K }>,
  'kind' | 'source' | 'eventId' | 'ticketId' | 'occurredAt' | 'sequence'
>;

let eventCounter = 0;

export function ticketEvent<K extends TicketEventKind>(
  kind: K,
  occurredAt: number,
  body: EventBody<K>,
  sequence: number | null = null,
): TicketEvent {
  eventCounter += 1;
  return { source: 'generic', eventId: `ev-${eventCounter}`, ticketId: 'T-1', occurredAt, sequence, kind, ...body } as TicketEvent;
}

export function created(
  at: number,
  fields: Partial<EventBody<'ticket.created'>> = {},
): TicketEvent {
  return ticketEvent('ticket.created', at, {
    createdAt: at,
    subject: 'VPN down',
    status: 'new',
    priority: 'medium',
    channel: 'email',
    line: 'L1',
    assignee: null,
    ...fields,
  });
}

/** Applies events in order; returns the final state and every effect. */
export function play(policies: SlaPolicies, events: TicketEvent[]): { state: TicketState; effects: SlaEffect[] } {
  let state: TicketState | undefined;
  const effects: SlaEffect[] = [];
  for (const event of events) {
    const reduction = reduceTicket(state, event, policies);
    state = reduction.state;
    effects.push(...reduction.effects);
  }
  if (!state) throw new Error('no ticket was created');
  return { state, effects };
}
