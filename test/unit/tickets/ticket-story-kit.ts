import { parseSlaPolicies, type SlaPolicies } from '../../../server/domain/sla/sla-policy';
import { reduceTicket, type SlaEffect } from '../../../server/domain/sla/ticket-sla';
import type { TicketState } from '../../../server/domain/sla/ticket-state';
import type { TicketEvent, TicketEventKind } from '../../../server/domain/ticket-events';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

const targets = (firstResponse: string, resolution: string, nextReply?: string) => ({
  firstResponse,
  resolution,
  ...(nextReply ? { nextReply } : {}),
});

/**
 * Every clock on a 24/7 calendar, so due times are plain sums; phone pauses in
 * pending and onHold. At risk: due within 15 min, or 75% used.
 */
export const plainPolicies: SlaPolicies = parseSlaPolicies({
  calendars: { '24x7': { kind: 'always' } },
  atRisk: { within: '15m', fractionUsed: 0.75 },
  channels: {
    email: { calendar: '24x7', targets: { low: targets('4h', '40h', '8h'), medium: targets('1h', '20h', '4h'), high: targets('30m', '8h', '1h') } },
    portal: { calendar: '24x7', targets: { low: targets('4h', '40h'), medium: targets('1h', '20h'), high: targets('30m', '8h') } },
    chat: { calendar: '24x7', targets: { low: targets('30s', '8h'), medium: targets('30s', '4h'), high: targets('20s', '2h') } },
    phone: {
      calendar: '24x7',
      pauseStatuses: ['pending', 'onHold'],
      targets: { low: targets('15m', '72h'), medium: targets('5m', '24h'), high: targets('2m', '4h') },
    },
    messenger: { calendar: '24x7', targets: { low: targets('2h', '72h'), medium: targets('30m', '24h'), high: targets('10m', '8h') } },
  },
  olas: { L2: { calendar: '24x7', firstResponse: '4h', resolution: '24h' } },
});

type Body<K extends TicketEventKind> = Omit<
  Extract<TicketEvent, { kind: K }>,
  'kind' | 'source' | 'eventId' | 'ticketId' | 'occurredAt' | 'sequence'
>;

let eventNumber = 0;

/** Events of one ticket of the generic source, each with an id of its own. */
export function ticket(ticketId: string) {
  const event = <K extends TicketEventKind>(kind: K, occurredAt: number, body: Body<K>, sequence: number | null = null): TicketEvent => {
    eventNumber += 1;
    return { source: 'generic', eventId: `e-${eventNumber}`, ticketId, occurredAt, sequence, kind, ...body } as TicketEvent;
  };
  return {
    created: (at: number, fields: Partial<Body<'ticket.created'>> = {}) =>
      event('ticket.created', at, {
        createdAt: at,
        subject: `Ticket ${ticketId}`,
        status: 'new',
        priority: 'medium',
        channel: 'email',
        line: 'L1',
        assignee: null,
        ...fields,
      }),
    replied: (at: number) => event('ticket.agentReplied', at, {}),
    customerReplied: (at: number) => event('ticket.customerReplied', at, {}),
    status: (at: number, status: Body<'ticket.statusChanged'>['status']) => event('ticket.statusChanged', at, { status }),
    priority: (at: number, priority: Body<'ticket.priorityChanged'>['priority']) => event('ticket.priorityChanged', at, { priority }),
    escalated: (at: number, line: Body<'ticket.escalated'>['line']) => event('ticket.escalated', at, { line }),
    solved: (at: number) => event('ticket.solved', at, {}),
    reopened: (at: number) => event('ticket.reopened', at, {}),
    rated: (at: number, rating: 'good' | 'bad') => event('ticket.rated', at, { rating }),
    removed: (at: number) => event('ticket.removed', at, {}),
  };
}

export interface Step {
  before: TicketState | undefined;
  after: TicketState;
  event: TicketEvent;
  effects: SlaEffect[];
}

/** Reduces one ticket's events in order; every event must apply. */
export function playSteps(policies: SlaPolicies, events: readonly TicketEvent[]): Step[] {
  let state: TicketState | undefined;
  return events.map((event) => {
    const { state: after, effects } = reduceTicket(state, event, policies);
    if (!after || effects.some((effect) => effect.type === 'eventIgnored')) {
      throw new Error(`${event.kind} of ${event.ticketId} was not applied: ${JSON.stringify(effects)}`);
    }
    const step = { before: state, after, event, effects };
    state = after;
    return step;
  });
}

export function finalState(policies: SlaPolicies, events: readonly TicketEvent[]): TicketState {
  const steps = playSteps(policies, events);
  const last = steps.at(-1);
  if (!last) throw new Error('no events');
  return last.after;
}
