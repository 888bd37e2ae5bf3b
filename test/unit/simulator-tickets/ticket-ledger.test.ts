import { describe, expect, it } from 'vitest';
import { loadSlaPolicies } from '../../../server/domain/sla/load-sla-policies';
import type { SupportLine, TicketChannel, TicketPriority } from '../../../server/domain/ticket-events';
import type { SimTicket, TicketChange, TicketChangeWhat, TicketView } from '../../../server/simulator/tickets/ticket-change';
import { TicketLedger } from '../../../server/simulator/tickets/ticket-ledger';

/**
 * config/sla-policies.json: email medium 1 h / low 4 h in office hours (Berlin,
 * Mon-Fri 08:00-18:00, i.e. 07:00-17:00 UTC in November), email high 30 min
 * 24x7, chat 30 s, phone high 2 min, messenger medium 30 min; L2's OLA 4 h of
 * office time. The site is Moscow (UTC+3). Tuesday 2026-11-24.
 */
const policies = loadSlaPolicies('config/sla-policies.json');
const SITE_ZONE = 'Europe/Moscow';
const at = (utc: string): number => Date.parse(`2026-11-${utc}Z`);
const NOW = at('24T12:00:00');

/** Writes tickets' changes by hand, each starting from the ticket's previous view. */
class Desk {
  readonly changes: TicketChange[] = [];
  private nextId = 1;

  open(id: string, channel: TicketChannel, priority: TicketPriority, createdAt: number, line: SupportLine = 'L1') {
    const ticket: SimTicket = { id, number: this.nextId, desk: 'generic', subject: `subject of ${id}`, channel, createdAt, customer: 1 };
    let view: TicketView = { status: 'new', priority, line, agent: null };
    let index = 0;
    const push = (when: number, what: TicketChangeWhat, patch: Partial<TicketView> = {}) => {
      const after = { ...view, ...patch };
      this.changes.push({ ...what, id: this.nextId++, at: when, index: index++, ticket, before: view, after, supersededByNext: false });
      view = after;
    };
    push(createdAt, { kind: 'created' });
    const script = {
      reply: (when: number) => {
        push(when, { kind: 'assigned' }, { agent: 3 });
        push(when + 1000, { kind: 'agentReplied' });
        return script;
      },
      status: (when: number, status: TicketView['status']) => (push(when, { kind: 'statusChanged' }, { status }), script),
      escalate: (when: number, line: SupportLine) => (push(when, { kind: 'escalated' }, { line }), script),
      rate: (when: number, rating: 'good' | 'bad') => (push(when, { kind: 'rated', rating }), script),
    };
    return script;
  }

  ledger(): TicketLedger {
    const ledger = new TicketLedger(policies, SITE_ZONE);
    for (const change of [...this.changes].sort((a, b) => a.at - b.at)) ledger.record(change);
    return ledger;
  }
}

function tuesdayDesk(): Desk {
  const desk = new Desk();
  desk.open('T1', 'email', 'medium', at('24T09:00:00')).reply(at('24T09:30:00')).status(at('24T09:31:00'), 'pending');
  desk.open('T2', 'email', 'medium', at('24T09:00:00')).reply(at('24T10:30:00')).status(at('24T10:31:00'), 'open');
  desk.open('T3', 'chat', 'medium', at('24T11:50:00'));
  desk
    .open('T4', 'phone', 'high', at('24T08:00:00'))
    .reply(at('24T08:01:00'))
    .status(at('24T08:20:00'), 'solved')
    .rate(at('24T08:30:00'), 'good');
  // Created at 23:00 Moscow the day before; answered early in office hours, then escalated to L2 whose OLA runs out at 11:45.
  desk
    .open('T5', 'email', 'low', at('23T20:00:00'))
    .reply(at('24T07:30:00'))
    .status(at('24T07:31:00'), 'open')
    .escalate(at('24T07:45:00'), 'L2');
  desk.open('T6', 'messenger', 'medium', at('24T11:30:00')).reply(at('24T11:40:00')).status(at('24T11:41:00'), 'open');
  desk.open('T7', 'email', 'high', at('24T11:40:00'));
  return desk;
}

describe('the ticket ledger', () => {
  it('computes every board figure from the truth with the SLA engine', () => {
    const figures = tuesdayDesk().ledger().expectedFigures(NOW);
    expect(figures).toEqual({
      open: 6,
      openByPriority: { low: 1, medium: 4, high: 1 },
      openByLine: { L1: 5, L2: 1, L3: 0 },
      openByStatus: { new: 2, open: 3, pending: 1, onHold: 0, solved: 0, closed: 0 },
      openMatrix: [
        { status: 'new', priority: 'medium', line: 'L1', count: 1 },
        { status: 'new', priority: 'high', line: 'L1', count: 1 },
        { status: 'open', priority: 'low', line: 'L2', count: 1 },
        { status: 'open', priority: 'medium', line: 'L1', count: 2 },
        { status: 'pending', priority: 'medium', line: 'L1', count: 1 },
      ],
      // T3's 30 s first response, and T5's L2 OLA; T2 answered late but its clock has stopped.
      breached: 2,
      // T3 waits at L1, T5 at L2 (its L2 OLA)
      breachedByLine: { L1: 1, L2: 1, L3: 0 },
      atRisk: [
        expect.objectContaining({ id: 'T5', line: 'L2', agreement: 'L2', clock: 'firstResponse', dueAt: '2026-11-24T11:45:00.000Z', breached: true }),
        expect.objectContaining({ id: 'T3', line: 'L1', agreement: 'sla', clock: 'firstResponse', dueAt: '2026-11-24T11:50:30.000Z', breached: true }),
        // 20 of its 30 minutes used, due in 10: within the 15-minute warning.
        expect.objectContaining({ id: 'T7', agreement: 'sla', clock: 'firstResponse', dueAt: '2026-11-24T12:10:00.000Z', breached: false }),
      ],
      today: {
        // T5 was created yesterday (site time); its first response was today.
        created: 6,
        solved: 1,
        firstResponses: 5,
        firstResponsesWithinSla: 4,
        slaPct: 80,
        escalations: [{ from: 'L1', to: 'L2', count: 1 }],
        csatPct: 100,
        ratings: 1,
      },
      last60Min: { firstResponses: 1, firstResponsesWithinSla: 1, slaPct: 100 },
      backlogByAge: [
        { bucket: '<1h', count: 3 },
        { bucket: '1-4h', count: 2 },
        { bucket: '4-24h', count: 1 },
        { bucket: '1-3d', count: 0 },
        { bucket: '>3d', count: 0 },
      ],
    });
  });

  it('lists an at-risk ticket with its subject, channel and the share of its target used', () => {
    const t7 = tuesdayDesk().ledger().expectedFigures(NOW).atRisk[2]!;
    expect(t7).toEqual({
      id: 'T7',
      subject: 'subject of T7',
      priority: 'high',
      line: 'L1',
      channel: 'email',
      agreement: 'sla',
      clock: 'firstResponse',
      dueAt: '2026-11-24T12:10:00.000Z',
      fractionUsed: 20 / 30,
      breached: false,
    });
  });

  it('counts a first response in the last 60 minutes only while it is less than an hour old', () => {
    const ledger = tuesdayDesk().ledger();
    // T6's reply was at 11:40:01.
    expect(ledger.expectedFigures(at('24T12:40:00')).last60Min.firstResponses).toBe(1);
    expect(ledger.expectedFigures(at('24T12:40:01')).last60Min.firstResponses).toBe(0);
  });

  it("starts the next site day's counts at the site's midnight, keeping the open backlog", () => {
    const ledger = tuesdayDesk().ledger();
    const nextDay = ledger.expectedFigures(at('24T21:00:00'));
    expect(nextDay.today).toMatchObject({ created: 0, solved: 0, firstResponses: 0, ratings: 0, csatPct: null, slaPct: null, escalations: [] });
    expect(nextDay.open).toBe(6);
  });

  it('refuses figures for an instant before the last change it booked', () => {
    const ledger = tuesdayDesk().ledger();
    expect(() => ledger.expectedFigures(at('24T11:00:00'))).toThrow(/before the last booked change/);
  });

  it('refuses a change the SLA engine would ignore: the truth must be well-formed', () => {
    const desk = new Desk();
    desk.open('T1', 'email', 'medium', at('24T09:00:00'));
    const ledger = desk.ledger();
    expect(() => ledger.record({ ...desk.changes[0]!, id: 99, at: at('24T09:05:00') })).toThrow(/ignored truth event/);
  });
});
