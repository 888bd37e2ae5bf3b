import { describe, expect, it } from 'vitest';
import {
  addTicketCounters,
  emptyTicketCounters,
  ticketFactOps,
  ticketFacts,
  type TicketCounters,
} from '../../../server/domain/tickets/ticket-counters';
import type { TicketEvent } from '../../../server/domain/ticket-events';
import type { TicketOp } from '../../../server/domain/tickets/ticket-ops';
import { HOUR, MINUTE, plainPolicies, playSteps, ticket } from './ticket-story-kit';

const ZONE = 'Europe/Moscow'; // UTC+3 all year: a site day starts at 21:00 UTC
const T0 = Date.UTC(2025, 2, 3, 6, 0); // Monday 2025-03-03 09:00 in Moscow
const DAY1 = '2025-03-03';
const DAY2 = '2025-03-04';

/** Every op of a story: the ticket counters summed per site day, and the first responses. */
function countStory(...tickets: TicketEvent[][]): { days: Map<string, TicketCounters>; ops: TicketOp[] } {
  const ops = tickets.flatMap((events) =>
    playSteps(plainPolicies, events).flatMap((step) =>
      ticketFactOps(step.after, ticketFacts(step.before, step.after, step.event, step.effects), ZONE),
    ),
  );
  const days = new Map<string, TicketCounters>();
  for (const op of ops) {
    if (op.op !== 'ticketCounters.add') continue;
    const counters = days.get(op.day) ?? emptyTicketCounters();
    addTicketCounters(counters, op.delta);
    days.set(op.day, counters);
  }
  return { days, ops };
}

const counters = (values: Partial<TicketCounters>): TicketCounters => ({ ...emptyTicketCounters(), ...values });

describe('ticket counters from a scripted day at the desk', () => {
  const a = ticket('A');
  const b = ticket('B');
  const c = ticket('C');
  const d = ticket('D');
  const e = ticket('E');
  const f = ticket('F');
  const g = ticket('G');
  const story = countStory(
    // email medium (first response due in 1 h): answered in 40 min, escalated, replied again, solved, rated twice
    [
      a.created(T0),
      a.replied(T0 + 40 * MINUTE),
      a.escalated(T0 + HOUR, 'L2'),
      a.customerReplied(T0 + 2 * HOUR),
      a.replied(T0 + 3 * HOUR),
      a.solved(T0 + 4 * HOUR),
      a.rated(T0 + 4 * HOUR + 5 * MINUTE, 'good'),
      a.rated(T0 + 4 * HOUR + 6 * MINUTE, 'good'),
      a.rated(T0 + 5 * HOUR, 'bad'),
    ],
    // email high (30 min) created at 23:50 and answered at 00:10: created on day 1, answered on day 2
    [b.created(Date.UTC(2025, 2, 3, 20, 50), { priority: 'high' }), b.replied(Date.UTC(2025, 2, 3, 21, 10))],
    // chat solved without a reply
    [c.created(T0, { channel: 'chat' }), c.solved(T0 + 10 * MINUTE)],
    // phone high (2 min) answered after 10 min
    [d.created(T0, { channel: 'phone', priority: 'high' }), d.replied(T0 + 10 * MINUTE)],
    // created already solved
    [e.created(T0, { status: 'solved' })],
    // solved, reopened, solved again, then closed
    [f.created(T0), f.solved(T0 + HOUR), f.reopened(T0 + 2 * HOUR), f.solved(T0 + 3 * HOUR), f.status(T0 + 4 * HOUR, 'closed')],
    // an "escalation" to its own line, then L1 -> L3 -> L2
    [g.created(T0), g.escalated(T0 + 10 * MINUTE, 'L1'), g.escalated(T0 + 30 * MINUTE, 'L3'), g.escalated(T0 + HOUR, 'L2')],
  );

  it('counts creations, solves (a re-solve again, solved -> closed not), first responses, escalations and ratings on their own site day', () => {
    expect(story.days.get(DAY1)).toEqual(
      counters({
        created: 7,
        solved: 5,
        firstResponses: 2,
        firstResponsesWithinSla: 1,
        ratings: 2,
        ratingsGood: 1,
        'escalated:L1>L2': 1,
        'escalated:L1>L3': 1,
        'escalated:L3>L2': 1,
      }),
    );
    expect(story.days.get(DAY2)).toEqual(counters({ firstResponses: 1, firstResponsesWithinSla: 1 }));
    expect([...story.days.keys()].sort()).toEqual([DAY1, DAY2]);
  });

  it('keeps each first response (and only first responses) with its time and outcome for the rolling window', () => {
    const marks = story.ops.filter((op) => op.op === 'firstResponse.add');
    expect(marks).toEqual([
      { op: 'firstResponse.add', ticketKey: 'generic:A', at: T0 + 40 * MINUTE, met: true },
      { op: 'firstResponse.add', ticketKey: 'generic:B', at: Date.UTC(2025, 2, 3, 21, 10), met: true },
      { op: 'firstResponse.add', ticketKey: 'generic:D', at: T0 + 10 * MINUTE, met: false },
    ]);
  });

  it('counts a first response exactly at its due time as within the SLA, one ms later as missed', () => {
    const onTime = ticket('on-time');
    const late = ticket('late');
    const { days } = countStory(
      [onTime.created(T0), onTime.replied(T0 + HOUR)],
      [late.created(T0), late.replied(T0 + HOUR + 1)],
    );
    expect(days.get(DAY1)).toEqual(counters({ created: 2, firstResponses: 2, firstResponsesWithinSla: 1 }));
  });

  it('counts an event dated before the ticket\'s creation time at the creation time, as the reducer applies it', () => {
    const odd = ticket('odd');
    // The desk stamps the creation event 23:50 on day 1 but says the ticket was created 00:05 on day 2;
    // a reply stamped 23:55 on day 1 is applied at 00:05 on day 2, and counts there.
    const created = odd.created(Date.UTC(2025, 2, 3, 20, 50), { createdAt: Date.UTC(2025, 2, 3, 21, 5) });
    const { days } = countStory([created, odd.replied(Date.UTC(2025, 2, 3, 20, 55))]);
    expect(days.get(DAY2)).toEqual(counters({ created: 1, firstResponses: 1, firstResponsesWithinSla: 1 }));
    expect(days.has(DAY1)).toBe(false);
  });
});
