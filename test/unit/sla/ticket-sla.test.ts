import { describe, expect, it } from 'vitest';
import { parseSlaPolicies } from '../../../server/domain/sla/sla-policy';
import { slaStatusAt, type SlaClockStatus } from '../../../server/domain/sla/sla-status';
import { reduceTicket } from '../../../server/domain/sla/ticket-sla';
import { isNewer, type TicketState } from '../../../server/domain/sla/ticket-state';
import { HOUR, MINUTE, SECOND, created, play, ticketEvent, wallTime } from './sla-test-kit';

const targets = (firstResponse: string, resolution: string, nextReply?: string) => ({
  firstResponse,
  resolution,
  ...(nextReply ? { nextReply } : {}),
});

/** Email on 24/7 keeps the arithmetic plain; portal uses office hours; phone also pauses on hold. */
const policies = parseSlaPolicies({
  calendars: {
    '24x7': { kind: 'always' },
    office: {
      kind: 'weekly',
      timeZone: 'Europe/Berlin',
      week: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((day) => [day, ['08:00-18:00']])),
    },
  },
  channels: {
    email: {
      calendar: '24x7',
      targets: { low: targets('4h', '40h', '8h'), medium: targets('1h', '20h', '4h'), high: targets('30m', '8h', '1h') },
    },
    portal: {
      calendar: 'office',
      targets: { low: targets('4h', '40h'), medium: targets('1h', '20h'), high: { ...targets('30m', '8h'), calendar: '24x7' } },
    },
    chat: { calendar: '24x7', targets: { low: targets('30s', '8h'), medium: targets('30s', '4h'), high: targets('20s', '2h') } },
    phone: {
      calendar: '24x7',
      pauseStatuses: ['pending', 'onHold'],
      targets: { low: targets('15m', '72h'), medium: targets('5m', '24h'), high: targets('2m', '4h') },
    },
    messenger: { calendar: '24x7', targets: { low: targets('2h', '72h'), medium: targets('30m', '24h'), high: targets('10m', '8h') } },
  },
  olas: { L2: { calendar: '24x7', firstResponse: '4h', resolution: '24h' }, L3: { calendar: '24x7', firstResponse: '8h' } },
});

const T0 = Date.UTC(2025, 10, 10, 9, 0); // Monday
const at = (ms: number) => T0 + ms;
const status = (state: TicketState, nowMs: number, agreement = 'sla', clock = 'firstResponse'): SlaClockStatus => {
  const found = slaStatusAt(state, nowMs, { policies }).find((s) => s.agreement === agreement && s.clock === clock);
  if (!found) throw new Error(`no ${agreement} ${clock} clock`);
  return found;
};

describe('first response', () => {
  it('stops at the first public agent reply and is met when that is before the due time', () => {
    const { state, effects } = play(policies, [created(T0), ticketEvent('ticket.agentReplied', at(50 * MINUTE), {})]);
    expect(state.firstResponseAt).toBe(at(50 * MINUTE));
    expect(state.clocks.firstResponse.stop).toEqual({ at: at(50 * MINUTE), reason: 'replied', met: true });
    expect(effects).toContainEqual({ type: 'clockStopped', agreement: 'sla', clock: 'firstResponse', at: at(50 * MINUTE), reason: 'replied', met: true });
    const later = status(state, at(5 * HOUR));
    expect(later).toMatchObject({ phase: 'stopped', met: true, breached: false, atRisk: false, elapsedMs: 50 * MINUTE });
  });

  it('counts only office hours on an office calendar, across the weekend and the DST change', () => {
    const fridayEvening = wallTime('Europe/Berlin', '2025-03-28T17:30');
    const { state } = play(policies, [created(fridayEvening, { channel: 'portal' })]);
    // 30 min on Friday, 30 min from Monday 08:00 CEST (06:00 UTC)
    expect(state.clocks.firstResponse.dueAt).toBe(Date.UTC(2025, 2, 31, 6, 30));
    const saturday = status(state, wallTime('Europe/Berlin', '2025-03-29T12:00'));
    expect(saturday).toMatchObject({ elapsedMs: 30 * MINUTE, leftMs: 30 * MINUTE, fractionUsed: 0.5, atRisk: false, breached: false });
  });

  it('stops at a solve without any reply, judged by the solve time', () => {
    const inTime = play(policies, [created(T0), ticketEvent('ticket.solved', at(30 * MINUTE), {})]).state;
    expect(inTime.clocks.firstResponse.stop).toEqual({ at: at(30 * MINUTE), reason: 'solved', met: true });
    expect(inTime.firstResponseAt).toBeNull();
    const late = play(policies, [created(T0), ticketEvent('ticket.solved', at(2 * HOUR), {})]).state;
    expect(late.clocks.firstResponse.stop).toEqual({ at: at(2 * HOUR), reason: 'solved', met: false });
  });
});

describe('breach and risk', () => {
  it('counts a clock as breached from exactly its due instant', () => {
    const { state } = play(policies, [created(T0, { channel: 'chat' })]);
    expect(state.clocks.firstResponse.dueAt).toBe(at(30 * SECOND));
    expect(status(state, at(30 * SECOND) - 1).breached).toBe(false);
    expect(status(state, at(30 * SECOND))).toMatchObject({ breached: true, atRisk: false, leftMs: 0 });
  });

  it('counts a reply at exactly the due instant as met', () => {
    const { state } = play(policies, [created(T0, { channel: 'chat' }), ticketEvent('ticket.agentReplied', at(30 * SECOND), {})]);
    expect(status(state, at(HOUR))).toMatchObject({ met: true, breached: false });
  });

  it('counts a reply after the due instant as missed, and the clock stays breached', () => {
    const { state, effects } = play(policies, [created(T0, { channel: 'chat' }), ticketEvent('ticket.agentReplied', at(31 * SECOND), {})]);
    expect(effects).toContainEqual(expect.objectContaining({ clock: 'firstResponse', met: false }));
    expect(status(state, at(HOUR))).toMatchObject({ phase: 'stopped', met: false, breached: true });
  });

  it('flags at risk once 75% of the target is used, however far the due time', () => {
    const { state } = play(policies, [created(T0, { priority: 'low' })]); // 4 h
    expect(status(state, at(3 * HOUR) - 1).atRisk).toBe(false);
    expect(status(state, at(3 * HOUR))).toMatchObject({ atRisk: true, fractionUsed: 0.75, breached: false });
  });

  it('flags at risk once the due time is 15 minutes away, however little of the target is used', () => {
    const { state } = play(policies, [created(T0, { channel: 'phone' })]); // 5 min
    expect(status(state, T0)).toMatchObject({ atRisk: true, fractionUsed: 0 });
  });

  it('takes both thresholds from the options when given', () => {
    const { state } = play(policies, [created(T0, { channel: 'chat' })]); // 30 s
    const risk = (nowMs: number) =>
      slaStatusAt(state, nowMs, { policies, atRisk: { withinMs: 10 * SECOND, fractionUsed: 0.9 } })[0]?.atRisk;
    expect(risk(at(20 * SECOND) - 1)).toBe(false);
    expect(risk(at(20 * SECOND))).toBe(true); // due in 10 s, 67% used
  });
});

describe('pauses while the ticket waits on the customer', () => {
  const pausedTicket = [
    created(T0),
    ticketEvent('ticket.statusChanged', at(20 * MINUTE), { status: 'pending' }),
    ticketEvent('ticket.statusChanged', at(2 * HOUR + 20 * MINUTE), { status: 'open' }),
  ];

  it('holds the clock while pending and moves the due time by the pause', () => {
    const { state } = play(policies, pausedTicket.slice(0, 2));
    const paused = status(state, at(HOUR));
    expect(paused).toMatchObject({ phase: 'paused', dueAt: null, elapsedMs: 20 * MINUTE, leftMs: 40 * MINUTE, breached: false });
    const resumed = play(policies, pausedTicket).state;
    expect(resumed.clocks.firstResponse.dueAt).toBe(at(3 * HOUR));
    expect(status(resumed, at(3 * HOUR) - 1).breached).toBe(false);
    expect(status(resumed, at(3 * HOUR)).breached).toBe(true);
  });

  it('pauses the resolution clock too', () => {
    const { state } = play(policies, pausedTicket);
    expect(state.clocks.resolution.dueAt).toBe(at(22 * HOUR));
  });

  it('does not pause on hold unless the policy says so', () => {
    const onHold = (channel: 'email' | 'phone') =>
      play(policies, [created(T0, { channel }), ticketEvent('ticket.statusChanged', at(MINUTE), { status: 'onHold' })]).state;
    expect(status(onHold('email'), at(10 * MINUTE)).phase).toBe('running');
    expect(status(onHold('phone'), at(10 * MINUTE))).toMatchObject({ phase: 'paused', elapsedMs: MINUTE });
  });

  it('starts paused when the ticket is created waiting on the customer', () => {
    const { state } = play(policies, [created(T0, { status: 'pending' })]);
    expect(status(state, at(HOUR))).toMatchObject({ phase: 'paused', elapsedMs: 0, dueAt: null });
  });

  it('keeps a due time that passed before the pause, and stays breached while paused', () => {
    const { state } = play(policies, [created(T0), ticketEvent('ticket.statusChanged', at(90 * MINUTE), { status: 'pending' })]);
    expect(status(state, at(5 * HOUR))).toMatchObject({ phase: 'paused', dueAt: at(HOUR), breached: true });
  });
});

describe('re-prioritisation', () => {
  it('moves the due time earlier when the priority goes up', () => {
    const { state } = play(policies, [created(T0), ticketEvent('ticket.priorityChanged', at(20 * MINUTE), { priority: 'high' })]);
    expect(state.clocks.firstResponse.dueAt).toBe(at(30 * MINUTE));
    expect(state.clocks.resolution.dueAt).toBe(at(8 * HOUR));
  });

  it('moves the due time later when the priority goes down', () => {
    const { state } = play(policies, [created(T0), ticketEvent('ticket.priorityChanged', at(20 * MINUTE), { priority: 'low' })]);
    expect(state.clocks.firstResponse.dueAt).toBe(at(4 * HOUR));
  });

  it('applies the new target to the same start plus the paused time', () => {
    const { state } = play(policies, [
      created(T0),
      ticketEvent('ticket.statusChanged', at(10 * MINUTE), { status: 'pending' }),
      ticketEvent('ticket.statusChanged', at(40 * MINUTE), { status: 'open' }),
      ticketEvent('ticket.priorityChanged', at(50 * MINUTE), { priority: 'high' }),
    ]);
    expect(state.clocks.firstResponse.dueAt).toBe(at(60 * MINUTE));
  });

  it('can move the due time into the past: the ticket is breached at once', () => {
    const { state } = play(policies, [
      created(T0, { priority: 'low' }),
      ticketEvent('ticket.priorityChanged', at(45 * MINUTE), { priority: 'high' }),
    ]);
    expect(status(state, at(45 * MINUTE))).toMatchObject({ dueAt: at(30 * MINUTE), breached: true });
  });

  it('moves to the new priority calendar (portal high runs 24/7)', () => {
    const saturday = wallTime('Europe/Berlin', '2025-11-08T10:00');
    const { state } = play(policies, [
      created(saturday, { channel: 'portal' }),
      ticketEvent('ticket.priorityChanged', saturday + 10 * MINUTE, { priority: 'high' }),
    ]);
    expect(state.clocks.firstResponse).toMatchObject({ calendarId: '24x7', dueAt: saturday + 30 * MINUTE });
  });

  it('leaves a stopped clock judged by the target it had', () => {
    const { state } = play(policies, [
      created(T0),
      ticketEvent('ticket.agentReplied', at(45 * MINUTE), {}),
      ticketEvent('ticket.priorityChanged', at(50 * MINUTE), { priority: 'high' }),
    ]);
    expect(state.clocks.firstResponse).toMatchObject({ targetMs: HOUR, stop: { met: true } });
    expect(state.clocks.resolution.targetMs).toBe(8 * HOUR);
  });
});

describe('solve and reopen', () => {
  const solvedAndReopened = [
    created(T0),
    ticketEvent('ticket.agentReplied', at(10 * MINUTE), {}),
    ticketEvent('ticket.solved', at(5 * HOUR), {}),
    ticketEvent('ticket.reopened', at(10 * HOUR), {}),
  ];

  it('stops the resolution clock at the solve', () => {
    const { state, effects } = play(policies, solvedAndReopened.slice(0, 3));
    expect(state).toMatchObject({ status: 'solved', solvedAt: at(5 * HOUR) });
    expect(effects).toContainEqual({ type: 'clockStopped', agreement: 'sla', clock: 'resolution', at: at(5 * HOUR), reason: 'solved', met: true });
  });

  it('resumes the resolution clock on reopen with the time already used; time spent solved does not count', () => {
    const { state } = play(policies, solvedAndReopened);
    expect(state).toMatchObject({ status: 'open', solvedAt: null, reopenCount: 1 });
    expect(status(state, at(11 * HOUR), 'sla', 'resolution')).toMatchObject({ phase: 'running', elapsedMs: 6 * HOUR, dueAt: at(25 * HOUR) });
    expect(state.clocks.firstResponse.stop?.reason).toBe('replied');
  });

  it('treats a status change out of solved as a reopen', () => {
    const { state } = play(policies, [...solvedAndReopened.slice(0, 3), ticketEvent('ticket.statusChanged', at(10 * HOUR), { status: 'pending' })]);
    expect(state.reopenCount).toBe(1);
    expect(status(state, at(11 * HOUR), 'sla', 'resolution')).toMatchObject({ phase: 'paused', elapsedMs: 5 * HOUR });
  });
});

describe('next reply', () => {
  it('starts at a customer reply after an agent reply and stops at the next agent reply', () => {
    const { state, effects } = play(policies, [
      created(T0),
      ticketEvent('ticket.customerReplied', at(5 * MINUTE), {}),
      ticketEvent('ticket.agentReplied', at(10 * MINUTE), {}),
      ticketEvent('ticket.customerReplied', at(HOUR), {}),
      ticketEvent('ticket.customerReplied', at(2 * HOUR), {}),
    ]);
    expect(state.clocks.nextReply).toMatchObject({ startedAt: at(HOUR), dueAt: at(5 * HOUR), stop: null });
    const answered = reduceTicket(state, ticketEvent('ticket.agentReplied', at(3 * HOUR), {}), policies);
    expect(answered.state?.clocks.nextReply?.stop).toEqual({ at: at(3 * HOUR), reason: 'replied', met: true });
    expect(answered.effects).toContainEqual(expect.objectContaining({ clock: 'nextReply', met: true }));
    expect(effects.filter((e) => e.type === 'clockStopped' && e.clock === 'nextReply')).toHaveLength(0);
  });

  it('does not start without a next-reply target', () => {
    const { state } = play(policies, [
      created(T0, { channel: 'chat' }),
      ticketEvent('ticket.agentReplied', at(10 * SECOND), {}),
      ticketEvent('ticket.customerReplied', at(MINUTE), {}),
    ]);
    expect(state.clocks.nextReply).toBeNull();
  });
});

describe('escalation between lines', () => {
  const escalated = [
    created(T0),
    ticketEvent('ticket.escalated', at(HOUR), { line: 'L2' }),
    ticketEvent('ticket.agentReplied', at(2 * HOUR), {}),
    ticketEvent('ticket.escalated', at(3 * HOUR), { line: 'L3' }),
  ];

  it("starts the OLA clocks of the line the ticket enters, recorded apart from the customer SLA", () => {
    const { state } = play(policies, escalated.slice(0, 2));
    expect(state.line).toBe('L2');
    expect(state.olas).toHaveLength(1);
    expect(status(state, at(90 * MINUTE), 'L2', 'firstResponse')).toMatchObject({ phase: 'running', dueAt: at(5 * HOUR) });
    expect(status(state, at(90 * MINUTE), 'L2', 'resolution').dueAt).toBe(at(25 * HOUR));
    expect(status(state, at(90 * MINUTE)).breached).toBe(true); // the SLA's own first response was due at 1 h
  });

  it("stops the line's first-response OLA at the next agent reply", () => {
    const { state } = play(policies, escalated.slice(0, 3));
    expect(state.olas[0]?.firstResponse.stop).toEqual({ at: at(2 * HOUR), reason: 'replied', met: true });
  });

  it("stops the previous line's clocks on a further escalation and starts the next line's", () => {
    const { state, effects } = play(policies, escalated);
    expect(state.olas.map((ola) => [ola.line, ola.leftAt])).toEqual([
      ['L2', at(3 * HOUR)],
      ['L3', null],
    ]);
    expect(effects).toContainEqual({ type: 'clockStopped', agreement: 'L2', clock: 'resolution', at: at(3 * HOUR), reason: 'leftLine', met: true });
    expect(status(state, at(4 * HOUR), 'L3', 'firstResponse')).toMatchObject({ phase: 'running', dueAt: at(11 * HOUR) });
  });

  it('starts no clock for a line without an OLA', () => {
    const { state } = play(policies, [...escalated, ticketEvent('ticket.escalated', at(4 * HOUR), { line: 'L1' })]);
    expect(state.olas).toHaveLength(2);
    expect(state.olas[1]?.firstResponse.stop?.reason).toBe('leftLine');
  });

  it('starts the OLA paused when the ticket is waiting on the customer', () => {
    const { state } = play(policies, [
      created(T0),
      ticketEvent('ticket.statusChanged', at(MINUTE), { status: 'pending' }),
      ticketEvent('ticket.escalated', at(HOUR), { line: 'L2' }),
    ]);
    expect(status(state, at(2 * HOUR), 'L2')).toMatchObject({ phase: 'paused', elapsedMs: 0 });
  });

  it('starts the OLA of the line a ticket is created in', () => {
    const { state } = play(policies, [created(T0, { line: 'L2' })]);
    expect(state.olas[0]).toMatchObject({ line: 'L2', enteredAt: T0 });
  });
});

describe('ordering and bookkeeping', () => {
  it('refuses an event older than the last one applied', () => {
    const { state } = play(policies, [created(T0), ticketEvent('ticket.assigned', at(HOUR), { assignee: 'anna' })]);
    const stale = ticketEvent('ticket.assigned', at(30 * MINUTE), { assignee: 'boris' });
    expect(isNewer(state, stale)).toBe(false);
    expect(reduceTicket(state, stale, policies)).toEqual({ state, effects: [{ type: 'eventIgnored', reason: 'stale' }] });
  });

  it('orders events that share a timestamp by their sequence, when both have one', () => {
    const { state } = play(policies, [created(T0), ticketEvent('ticket.assigned', at(HOUR), { assignee: 'anna' }, 7)]);
    expect(isNewer(state, ticketEvent('ticket.assigned', at(HOUR), { assignee: 'x' }, 7))).toBe(false);
    expect(isNewer(state, ticketEvent('ticket.assigned', at(HOUR), { assignee: 'x' }, 6))).toBe(false);
    expect(isNewer(state, ticketEvent('ticket.assigned', at(HOUR), { assignee: 'x' }, 8))).toBe(true);
    expect(isNewer(state, ticketEvent('ticket.assigned', at(HOUR), { assignee: 'x' }, null))).toBe(true);
  });

  it('ignores events for a ticket it has not seen created, and a second creation', () => {
    expect(reduceTicket(undefined, ticketEvent('ticket.agentReplied', T0, {}), policies)).toEqual({
      state: undefined,
      effects: [{ type: 'eventIgnored', reason: 'unknownTicket' }],
    });
    const { state } = play(policies, [created(T0)]);
    expect(reduceTicket(state, created(at(HOUR)), policies).effects).toEqual([{ type: 'eventIgnored', reason: 'alreadyCreated' }]);
  });

  it('records assignee, rating and the last applied order', () => {
    const { state } = play(policies, [
      created(T0),
      ticketEvent('ticket.assigned', at(MINUTE), { assignee: 'anna' }),
      ticketEvent('ticket.rated', at(2 * MINUTE), { rating: 'good' }, 3),
    ]);
    expect(state).toMatchObject({ assignee: 'anna', rating: 'good', lastApplied: { occurredAt: at(2 * MINUTE), sequence: 3 } });
  });

  it('keeps the state plain data', () => {
    const { state } = play(policies, [created(T0), ticketEvent('ticket.escalated', at(HOUR), { line: 'L2' })]);
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});
