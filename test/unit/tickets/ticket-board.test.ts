import { describe, expect, it } from 'vitest';
import { ticketSnapshotSchema } from '../../../shared/ticket-snapshot';
import type { TicketEvent } from '../../../server/domain/ticket-events';
import { buildTicketSnapshot, type TicketBoardInputs } from '../../../server/domain/tickets/ticket-board';
import { emptyTicketCounters, type TicketCounters } from '../../../server/domain/tickets/ticket-counters';
import { ticketRowOf, type TicketRow } from '../../../server/domain/tickets/ticket-row';
import { finalState, HOUR, MINUTE, plainPolicies, ticket } from './ticket-story-kit';

const T0 = Date.UTC(2025, 2, 3, 6, 0);
const SECOND = 1000;

function row(events: TicketEvent[]): TicketRow {
  return ticketRowOf(finalState(plainPolicies, events), plainPolicies);
}

function board(rows: TicketRow[], now: number, extra: Partial<TicketBoardInputs> = {}) {
  const snapshot = buildTicketSnapshot({
    rows,
    today: emptyTicketCounters(),
    firstResponses: [],
    now,
    policies: plainPolicies,
    slaTargetPct: 90,
    ...extra,
  });
  // whatever the builder makes must pass the schema the board validates with
  expect(ticketSnapshotSchema.parse(snapshot)).toEqual(snapshot);
  return snapshot;
}

const listed = (snapshot: ReturnType<typeof board>) => snapshot.atRisk.map((entry) => [entry.id, entry.breached]);

describe('breached and at risk', () => {
  // email high: first response due 30 min after creation; at risk from 15 min before due (75% is at 22.5 min)
  const urgent = ticket('U');
  const urgentRow = row([urgent.created(T0, { priority: 'high', subject: 'Mail server down' })]);

  it('lists a ticket as at risk from 15 minutes before due, and as breached exactly at its due time', () => {
    expect(listed(board([urgentRow], T0 + 15 * MINUTE - 1))).toEqual([]);
    expect(listed(board([urgentRow], T0 + 15 * MINUTE))).toEqual([['U', false]]);
    expect(listed(board([urgentRow], T0 + 30 * MINUTE - 1))).toEqual([['U', false]]);
    expect(board([urgentRow], T0 + 30 * MINUTE - 1).breached).toBe(0);

    const due = board([urgentRow], T0 + 30 * MINUTE);
    expect(due.breached).toBe(1);
    expect(due.atRisk).toEqual([
      {
        id: 'U',
        subject: 'Mail server down',
        priority: 'high',
        line: 'L1',
        channel: 'email',
        agreement: 'sla',
        clock: 'firstResponse',
        dueAt: new Date(T0 + 30 * MINUTE).toISOString(),
        fractionUsed: 1,
        breached: true,
      },
    ]);
  });

  it('lists a ticket as at risk once 75% of a long target is used, though the due time is hours away', () => {
    // email low: first response due in 4 h; 75% is used at 3 h, 45 min before the 15-minute window
    const slow = ticket('S');
    const slowRow = row([slow.created(T0, { priority: 'low' })]);
    expect(listed(board([slowRow], T0 + 3 * HOUR - 1))).toEqual([]);
    const used = board([slowRow], T0 + 3 * HOUR);
    expect(listed(used)).toEqual([['S', false]]);
    expect(used.atRisk[0]?.fractionUsed).toBe(0.75);
  });

  it('drops the first-response countdown once an agent replied, and lists the ticket by its next clock', () => {
    const replied = ticket('R');
    const repliedRow = row([replied.created(T0, { priority: 'high' }), replied.replied(T0 + 20 * MINUTE)]);
    // resolution (8 h) is the next clock: at risk from 6 h (75%)
    expect(listed(board([repliedRow], T0 + 29 * MINUTE))).toEqual([]);
    expect(board([repliedRow], T0 + 6 * HOUR).atRisk.map((entry) => entry.clock)).toEqual(['resolution']);
  });

  it('shows breached tickets first, most overdue first, then the others by time left, and a ticket by its most urgent clock', () => {
    const now = T0 + 10 * HOUR;
    const at = (minutesAgo: number) => now - minutesAgo * MINUTE;
    const x = ticket('X'); // first response 30 min, created 2.5 h ago: 2 h overdue
    const y = ticket('Y'); // created 40 min ago: 10 min overdue
    const z = ticket('Z'); // created 25 min ago: due in 5 min
    const w = ticket('W'); // created 16 min ago: due in 14 min
    const v = ticket('V'); // created 5 min ago: fine
    // answered, then escalated to L2 5 h ago: its L2 first response (4 h) is 1 h overdue, while its
    // SLA resolution (20 h) is only at risk (16 h used)
    const o = ticket('O');
    const rows = [
      row([w.created(at(16), { priority: 'high' })]),
      row([y.created(at(40), { priority: 'high' })]),
      row([v.created(at(5), { priority: 'high' })]),
      row([z.created(at(25), { priority: 'high' })]),
      row([x.created(at(150), { priority: 'high' })]),
      row([o.created(at(16 * 60)), o.replied(at(15 * 60 + 50)), o.escalated(at(5 * 60), 'L2')]),
    ];
    const snapshot = board(rows, now);
    expect(snapshot.breached).toBe(3);
    expect(listed(snapshot)).toEqual([
      ['X', true],
      ['O', true],
      ['Y', true],
      ['Z', false],
      ['W', false],
    ]);
    expect(snapshot.atRisk[1]).toMatchObject({ agreement: 'L2', clock: 'firstResponse', dueAt: new Date(at(60)).toISOString() });
    expect(board([rows[5] as TicketRow], now).atRisk).toMatchObject([{ id: 'O', agreement: 'L2', breached: true }]);
  });

  it('lists at most 50 tickets, the most overdue ones, and still counts every breached ticket', () => {
    const rows = Array.from({ length: 60 }, (_, i) => row([ticket(`B${i}`).created(T0 + i * MINUTE, { priority: 'high' })]));
    const snapshot = board(rows, T0 + 5 * HOUR);
    expect(snapshot.breached).toBe(60);
    expect(snapshot.atRisk.map((entry) => entry.id)).toEqual(Array.from({ length: 50 }, (_, i) => `B${i}`));
  });

  it('does not count down a paused clock, but a clock paused after its due time is breached', () => {
    // phone high: first response due in 2 min; phone pauses while pending
    const waiting = ticket('P1');
    const overdue = ticket('P2');
    const rows = [
      row([waiting.created(T0, { channel: 'phone', priority: 'high' }), waiting.status(T0 + 110 * SECOND, 'pending')]),
      row([overdue.created(T0, { channel: 'phone', priority: 'high' }), overdue.status(T0 + 5 * MINUTE, 'pending')]),
    ];
    const snapshot = board(rows, T0 + HOUR);
    expect(snapshot.breached).toBe(1);
    expect(snapshot.atRisk).toMatchObject([{ id: 'P2', breached: true, dueAt: new Date(T0 + 2 * MINUTE).toISOString() }]);
  });
});

describe('open tickets', () => {
  it('counts open tickets by priority, line and status (zeros included) and lists only the non-zero matrix cells, in enum order', () => {
    const rows = [
      row([ticket('1').created(T0, { priority: 'high' })]),
      row([ticket('2').created(T0, { priority: 'high' })]),
      row([ticket('3').created(T0, { priority: 'low', status: 'open', line: 'L2' })]),
      row([ticket('4').created(T0, { status: 'pending' })]),
      row([ticket('5').created(T0, { priority: 'low', line: 'L3' })]),
    ];
    const snapshot = board(rows, T0);
    expect(snapshot.open).toBe(5);
    expect(snapshot.openByPriority).toEqual({ low: 2, medium: 1, high: 2 });
    expect(snapshot.openByLine).toEqual({ L1: 3, L2: 1, L3: 1 });
    expect(snapshot.openByStatus).toEqual({ new: 3, open: 1, pending: 1, onHold: 0, solved: 0, closed: 0 });
    expect(snapshot.openMatrix).toEqual([
      { status: 'new', priority: 'low', line: 'L3', count: 1 },
      { status: 'new', priority: 'high', line: 'L1', count: 2 },
      { status: 'open', priority: 'low', line: 'L2', count: 1 },
      { status: 'pending', priority: 'medium', line: 'L1', count: 1 },
    ]);
  });

  it('puts each open ticket in the backlog bucket of its age, each bucket from its lower bound up to the next', () => {
    const now = T0 + 100 * HOUR;
    const ages = [-5 * MINUTE, 0, HOUR - 1, HOUR, 4 * HOUR - 1, 4 * HOUR, 24 * HOUR - 1, 24 * HOUR, 72 * HOUR - 1, 72 * HOUR, 99 * HOUR];
    const rows = ages.map((age, i) => row([ticket(`age-${i}`).created(now - age, { priority: 'low' })]));
    expect(board(rows, now).backlogByAge).toEqual([
      { bucket: '<1h', count: 3 },
      { bucket: '1-4h', count: 2 },
      { bucket: '4-24h', count: 2 },
      { bucket: '1-3d', count: 2 },
      { bucket: '>3d', count: 2 },
    ]);
  });

  it('shows an empty desk as zeros, with no percentages', () => {
    const snapshot = board([], T0);
    expect(snapshot).toMatchObject({
      open: 0,
      breached: 0,
      atRisk: [],
      openMatrix: [],
      slaTargetPct: 90,
      today: { firstResponses: 0, firstResponsesWithinSla: 0, slaPct: null, created: 0, solved: 0, escalations: [], csatPct: null, ratings: 0 },
      last60Min: { firstResponses: 0, firstResponsesWithinSla: 0, slaPct: null },
    });
    expect(snapshot.backlogByAge.every((bucket) => bucket.count === 0)).toBe(true);
  });
});

describe('today and the last 60 minutes', () => {
  it('takes today from the day counters: SLA share, escalations by pair, CSAT', () => {
    const today: TicketCounters = {
      ...emptyTicketCounters(),
      created: 12,
      solved: 7,
      firstResponses: 8,
      firstResponsesWithinSla: 6,
      ratings: 4,
      ratingsGood: 3,
      'escalated:L1>L2': 3,
      'escalated:L2>L3': 1,
    };
    expect(board([], T0, { today }).today).toEqual({
      firstResponses: 8,
      firstResponsesWithinSla: 6,
      slaPct: 75,
      created: 12,
      solved: 7,
      escalations: [
        { from: 'L1', to: 'L2', count: 3 },
        { from: 'L2', to: 'L3', count: 1 },
      ],
      csatPct: 75,
      ratings: 4,
    });
  });

  it('counts first responses of the last 60 minutes: one exactly 60 minutes old has dropped out', () => {
    const now = T0 + 5 * HOUR;
    const firstResponses = [
      { ticketKey: 'generic:1', at: now - 60 * MINUTE, met: true },
      { ticketKey: 'generic:2', at: now - 60 * MINUTE + 1, met: false },
      { ticketKey: 'generic:3', at: now - 30 * MINUTE, met: true },
      { ticketKey: 'generic:4', at: now, met: true },
    ];
    const last60Min = board([], now, { firstResponses }).last60Min;
    expect(last60Min).toMatchObject({ firstResponses: 3, firstResponsesWithinSla: 2 });
    expect(last60Min.slaPct).toBeCloseTo(66.667, 3);
  });
});
