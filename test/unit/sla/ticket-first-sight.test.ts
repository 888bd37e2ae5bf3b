import { describe, expect, it } from 'vitest';
import { loadSlaPolicies } from '../../../server/domain/sla/load-sla-policies';
import { reduceTicket } from '../../../server/domain/sla/ticket-sla';
import { slaStatusAt } from '../../../server/domain/sla/sla-status';
import type { TicketFields } from '../../../server/domain/ticket-events';
import { ticketFactOps, ticketFacts } from '../../../server/domain/tickets/ticket-counters';
import { HOUR, MINUTE, created, play, ticketEvent } from './sla-test-kit';

/** The shipped policies: high priority runs 24/7 with a 30-minute first response and an 8-hour resolution. */
const policies = loadSlaPolicies('config/sla-policies.json');
const ZONE = 'Europe/Moscow';
/** Tuesday 2026-11-24 00:30 in Moscow */
const T0 = Date.parse('2026-11-23T21:30:00Z');

const fields = (over: Partial<TicketFields> = {}): TicketFields => ({
  createdAt: T0,
  subject: 'Printer on fire',
  status: 'open',
  priority: 'high',
  channel: 'email',
  line: 'L1',
  assignee: 'agent-7',
  requester: 'cust-1',
  ...over,
});
const observed = (at: number, over: Partial<TicketFields> = {}) => ticketEvent('ticket.observed', at, fields(over));

describe('a ticket first seen through an update', () => {
  it('is built from the observation, born at its own creation with its clocks from then', () => {
    const { state } = play(policies, [observed(T0 + 2 * HOUR)]);
    expect(state).toMatchObject({ createdAt: T0, status: 'open', priority: 'high', assignee: 'agent-7', requester: 'cust-1', firstResponseAt: null });
    const firstResponse = slaStatusAt(state, T0 + 2 * HOUR, { policies }).find((c) => c.agreement === 'sla' && c.clock === 'firstResponse')!;
    expect(firstResponse.dueAt).toBe(T0 + 30 * MINUTE);
    expect(firstResponse.breached).toBe(true);
  });

  it('is counted as created on the site day of its creation, not the day it was first seen', () => {
    const event = observed(T0 + 26 * HOUR);
    const { state, effects } = reduceTicket(undefined, event, policies);
    const ops = ticketFactOps(state!, ticketFacts(undefined, state!, event, effects), ZONE);
    expect(ops).toContainEqual({ op: 'ticketCounters.add', day: '2026-11-24', delta: { created: 1 } });
    expect(ops.some((op) => op.op === 'ticketCounters.add' && op.day === '2026-11-25')).toBe(false);
  });

  it('first seen waiting on the customer is paused from the observation on', () => {
    const { state } = play(policies, [observed(T0 + 10 * MINUTE, { status: 'pending', priority: 'low' })]);
    const resolution = slaStatusAt(state, T0 + 5 * HOUR, { policies }).find((c) => c.agreement === 'sla' && c.clock === 'resolution')!;
    expect(resolution.phase).toBe('paused');
  });

  it('first seen solved counts a solve at the observation; first seen closed counts none', () => {
    for (const [status, solves] of [['solved', 1], ['closed', 0]] as const) {
      const event = observed(T0 + HOUR, { status });
      const { state, effects } = reduceTicket(undefined, event, policies);
      expect(state!.solvedAt).toBe(T0 + HOUR);
      expect(ticketFacts(undefined, state!, event, effects).filter((f) => f.kind === 'solved')).toHaveLength(solves);
    }
  });
});

describe('an observation of a known ticket', () => {
  it('applies what differs at its time, as the change events would', () => {
    const start = created(T0, { priority: 'high', requester: null });
    const viaChanges = play(policies, [start, ticketEvent('ticket.escalated', T0 + HOUR, { line: 'L2' }), ticketEvent('ticket.statusChanged', T0 + HOUR, { status: 'solved' })]);
    const viaObservation = play(policies, [start, observed(T0 + HOUR, { line: 'L2', status: 'solved', assignee: null })]);
    expect({ ...viaObservation.state, lastApplied: null, requester: null }).toEqual({ ...viaChanges.state, lastApplied: null });
    expect(viaObservation.state.requester).toBe('cust-1');
  });

  it('is ignored as unchanged when nothing differs, and as stale when older than the ticket', () => {
    const { state } = play(policies, [observed(T0 + HOUR)]);
    expect(reduceTicket(state, observed(T0 + 2 * HOUR), policies).effects).toEqual([{ type: 'eventIgnored', reason: 'unchanged' }]);
    expect(reduceTicket(state, observed(T0 + 30 * MINUTE, { status: 'solved' }), policies).effects).toEqual([{ type: 'eventIgnored', reason: 'stale' }]);
  });
});

describe('comments against the requester', () => {
  it('a staff reply written by the requester is the customer’s, not the first response', () => {
    const { state } = play(policies, [observed(T0), ticketEvent('ticket.agentReplied', T0 + MINUTE, { author: 'cust-1' })]);
    expect(state.firstResponseAt).toBeNull();
  });

  it('a reply by anyone else is the first response', () => {
    const { state } = play(policies, [observed(T0), ticketEvent('ticket.agentReplied', T0 + MINUTE, { author: 'agent-7' })]);
    expect(state.firstResponseAt).toBe(T0 + MINUTE);
  });
});
