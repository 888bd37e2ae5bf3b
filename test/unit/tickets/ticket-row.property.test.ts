import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSlaPolicies } from '../../../server/domain/sla/load-sla-policies';
import { slaStatusAt } from '../../../server/domain/sla/sla-status';
import { reduceTicket } from '../../../server/domain/sla/ticket-sla';
import type { TicketState } from '../../../server/domain/sla/ticket-state';
import type { TicketEvent, TicketStatus } from '../../../server/domain/ticket-events';
import { fractionUsedAt, ticketRowOf, watchedClockStatus } from '../../../server/domain/tickets/ticket-row';

/**
 * The board decides breached / at risk from the instants a row precomputes;
 * slaStatusAt is the definition. With the real policy file (office hours in
 * Berlin, holidays, 24/7 for high priority, OLAs), any story of events and any
 * instant, including the instants the status flips at, must get the same answer.
 */
const policies = loadSlaPolicies('config/sla-policies.json');
const MINUTE = 60_000;
const SEPT_2025 = Date.UTC(2025, 8, 1);

const status = fc.constantFrom<TicketStatus>('new', 'open', 'pending', 'onHold', 'solved', 'closed');
const openStatus = fc.constantFrom<TicketStatus>('new', 'open', 'pending', 'onHold');
const priority = fc.constantFrom('low' as const, 'medium' as const, 'high' as const);
const line = fc.constantFrom('L1' as const, 'L2' as const, 'L3' as const);
const channel = fc.constantFrom('email' as const, 'portal' as const, 'chat' as const, 'phone' as const, 'messenger' as const);

type Change =
  | { kind: 'ticket.statusChanged'; status: TicketStatus }
  | { kind: 'ticket.priorityChanged'; priority: 'low' | 'medium' | 'high' }
  | { kind: 'ticket.escalated'; line: 'L1' | 'L2' | 'L3' }
  | { kind: 'ticket.agentReplied' | 'ticket.customerReplied' | 'ticket.solved' | 'ticket.reopened' };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('ticket.statusChanged' as const), status }),
  fc.record({ kind: fc.constant('ticket.priorityChanged' as const), priority }),
  fc.record({ kind: fc.constant('ticket.escalated' as const), line }),
  fc.record({
    kind: fc.constantFrom(
      'ticket.agentReplied' as const,
      'ticket.customerReplied' as const,
      'ticket.solved' as const,
      'ticket.reopened' as const,
    ),
  }),
);

const story = fc.record({
  startMinute: fc.integer({ min: 0, max: 60 * 24 * 120 }),
  created: fc.record({ status: openStatus, priority, line, channel }),
  steps: fc.array(fc.record({ afterMinutes: fc.integer({ min: 0, max: 16 * 60 }), change }), { maxLength: 8 }),
  lookMinutes: fc.integer({ min: 0, max: 5 * 24 * 60 }),
});

type Story = typeof story extends fc.Arbitrary<infer T> ? T : never;

function play(input: Story): { state: TicketState; end: number } {
  let at = SEPT_2025 + input.startMinute * MINUTE;
  const base = { source: 'generic' as const, ticketId: 'T', sequence: null };
  let state = reduceTicket(
    undefined,
    { ...base, eventId: 'c', occurredAt: at, kind: 'ticket.created', createdAt: at, subject: 's', assignee: null, ...input.created },
    policies,
  ).state as TicketState;
  input.steps.forEach((step, i) => {
    at += step.afterMinutes * MINUTE;
    state = reduceTicket(state, { ...base, eventId: `e${i}`, occurredAt: at, ...step.change } as TicketEvent, policies).state ?? state;
  });
  return { state, end: at };
}

describe('a ticket row', () => {
  it('calls each clock breached and at risk exactly when slaStatusAt does (at risk only while running), with the same share used', () => {
    fc.assert(
      fc.property(story, (input) => {
        const { state, end } = play(input);
        const row = ticketRowOf(state, policies);
        const flipInstants = row.clocks.flatMap(({ clock, atRiskFrom }) =>
          [atRiskFrom, clock.dueAt].flatMap((instant) => (instant === null ? [] : [instant - 1, instant])),
        );
        for (const now of [end + input.lookMinutes * MINUTE, ...flipInstants]) {
          const expected = slaStatusAt(state, now, { policies })
            .filter((clock) => clock.phase !== 'stopped')
            .map((clock) => ({
              agreement: clock.agreement,
              breached: clock.breached,
              atRisk: clock.atRisk && clock.phase === 'running',
              fractionUsed: clock.fractionUsed,
            }));
          const actual = row.clocks.map((watched) => ({
            agreement: watched.agreement,
            ...watchedClockStatus(watched, now),
            fractionUsed: fractionUsedAt(watched.clock, now, policies),
          }));
          expect(actual, `at ${new Date(now).toISOString()}`).toEqual(expected);
        }
      }),
      { numRuns: 300 },
    );
  });
});
