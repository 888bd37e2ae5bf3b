import { describe, expect, it } from 'vitest';
import { serializeEvent, type AmiEvent } from '../../../server/simulator/ami-event';
import { CallCenterModel } from '../../../server/simulator/call-center-model';
import { DEMO_CONFIG, parseSimulatorConfig, type SimulatorConfigInput } from '../../../server/simulator/simulator-config';
import { COUNTER_FIELDS, emptyCounters, addCounters } from '../../../server/domain/live-state';

/** Monday 2025-03-10 09:00 in Moscow (UTC+3) */
const MORNING = Date.parse('2025-03-10T06:00:00Z');
const HOUR = 3_600_000;

function run(input: SimulatorConfigInput, hours: number, startAt = MORNING): { model: CallCenterModel; events: AmiEvent[] } {
  const model = new CallCenterModel(parseSimulatorConfig(input), startAt);
  model.advanceTo(startAt + hours * HOUR);
  return { model, events: model.takeEvents() };
}

const field = (event: AmiEvent, name: string): string | undefined => event.fields.find(([n]) => n === name)?.[1];

/** A small site where queues overflow: timeouts, abandons and leave-when-empty all happen. */
const BUSY_SITE: SimulatorConfigInput = {
  seed: 7,
  queues: [
    {
      name: 'front',
      extension: '700',
      wrapupSec: 15,
      maxWaitSec: 40,
      peakCallsPerHour: 120,
      talkSec: { median: 120, sigma: 0.5 },
      patienceMeanSec: 90,
    },
    {
      name: 'back',
      extension: '701',
      wrapupSec: 45,
      maxWaitSec: 60,
      leaveWhenEmpty: true,
      peakCallsPerHour: 60,
      talkSec: { median: 150, sigma: 0.5 },
      patienceMeanSec: 60,
    },
  ],
  agents: [
    { interface: 'PJSIP/201', name: 'A', queues: ['front'] },
    { interface: 'PJSIP/202', name: 'B', queues: ['front', 'back'] },
    { interface: 'PJSIP/203', name: 'C', queues: ['front', 'back'] },
    { interface: 'PJSIP/204', name: 'D', queues: ['back'] },
  ],
  chances: { transfer: 0.1, agentDump: 0.02, ringNoAnswer: 0.15 },
  behaviour: { pausesPerHour: 1.5, logoutsPerDay: 8, logoutMinSec: 300, logoutMaxSec: 900, deviceOfflinePerDay: 6 },
};

describe('the call-center model', () => {
  it('books every offered call as answered, abandoned, timed out or still waiting, per queue', () => {
    for (const input of [DEMO_CONFIG, BUSY_SITE]) {
      const { model } = run(input, 6);
      const truth = model.truth();
      const talking = new Map<string, number>();
      for (const queue of model.ledger.queueIds) {
        const total = model.ledger.total(queue);
        const waiting = truth.waiting[queue]!.length;
        expect(total.offered, queue).toBe(total.answered + total.abandoned + total.timedOut + waiting);
        expect(total.answeredWithinSl).toBeLessThanOrEqual(total.answered);
        expect(total.shortAbandoned).toBeLessThanOrEqual(total.abandoned);
        expect(total.handled).toBeLessThanOrEqual(total.answered);
        talking.set(queue, total.answered - total.handled);
      }
      const busyAgents = Object.values(truth.agents).filter((a) => a.state === 'busy').length;
      expect([...talking.values()].reduce((a, b) => a + b, 0)).toBe(busyAgents);
    }
  });

  it('exercises every exit: abandons, short abandons, timeouts, empty-queue exits, transfers, dumps, no-answers', () => {
    const { model, events } = run(BUSY_SITE, 8);
    const counts = model.eventCounts();
    const statuses = events.filter((e) => e.name === 'VarSet' && field(e, 'Variable') === 'QUEUESTATUS').map((e) => field(e, 'Value'));
    expect(statuses).toContain('TIMEOUT');
    expect(statuses).toContain('LEAVEEMPTY');
    expect(counts.AgentDump).toBeGreaterThan(0);
    expect(counts.AgentRingNoAnswer).toBeGreaterThan(0);
    expect(events.some((e) => e.name === 'AgentComplete' && field(e, 'Reason') === 'transfer')).toBe(true);
    expect(events.some((e) => e.name === 'QueueMemberStatus' && field(e, 'Status') === '5')).toBe(true);
    const totals = model.ledger.queueIds.map((q) => model.ledger.total(q));
    expect(totals.reduce((n, t) => n + t.shortAbandoned, 0)).toBeGreaterThan(0);
    // every QUEUESTATUS is a timed-out stay; the other timed-out stays are AgentDumps
    expect(totals.reduce((n, t) => n + t.timedOut, 0)).toBe(statuses.length + (counts.AgentDump ?? 0));
  });

  it("books every AgentRingNoAnswer in the ledger by agent and queue, and each pause's time by its reason", () => {
    const { model, events } = run(BUSY_SITE, 8);
    const days = [...new Set(model.ledger.queueIds.flatMap((queue) => model.ledger.days(queue)))];
    const booked: Record<string, number> = {};
    for (const day of days) {
      for (const [agentId, byQueue] of Object.entries(model.ledger.ringsNotAnsweredOn(day))) {
        for (const [queue, n] of Object.entries(byQueue)) booked[`${agentId} ${queue}`] = (booked[`${agentId} ${queue}`] ?? 0) + n;
      }
    }
    const emitted: Record<string, number> = {};
    for (const e of events.filter((e) => e.name === 'AgentRingNoAnswer')) {
      const key = `${field(e, 'Interface')} ${field(e, 'Queue')}`;
      emitted[key] = (emitted[key] ?? 0) + 1;
    }
    expect(Object.keys(emitted).length).toBeGreaterThan(0);
    expect(booked).toEqual(emitted);
    const reasons = new Set<string>();
    for (const day of days) {
      const time = model.ledger.agentTimeOn(day);
      for (const [agentId, byReason] of Object.entries(model.ledger.pauseByReasonOn(day))) {
        for (const reason of Object.keys(byReason)) reasons.add(reason);
        const sum = Object.values(byReason).reduce((a, b) => a + b, 0);
        expect(sum, `${day} ${agentId}`).toBeCloseTo(time[agentId]?.paused ?? 0, 6);
      }
    }
    expect(reasons.size).toBeGreaterThan(1);
  });

  it('sums the interval counters to the day counters', () => {
    const { model } = run(DEMO_CONFIG, 30, Date.parse('2025-03-10T18:00:00Z'));
    for (const queue of model.ledger.queueIds) {
      const fromIntervals = emptyCounters();
      for (const start of model.ledger.intervals(queue)) addCounters(fromIntervals, model.ledger.interval(queue, start));
      const fromDays = emptyCounters();
      const days = model.ledger.days(queue);
      expect(days).toEqual(['2025-03-10', '2025-03-11', '2025-03-12']);
      for (const day of days) addCounters(fromDays, model.ledger.day(queue, day));
      for (const name of COUNTER_FIELDS) expect(fromIntervals[name], `${queue} ${name}`).toBe(fromDays[name]);
      for (const start of model.ledger.intervals(queue)) expect(start % (15 * 60_000)).toBe(0);
    }
  });

  it('is reproducible: the same seed gives the same bytes, another seed different ones', () => {
    const bytes = (seed: number): string =>
      run({ ...DEMO_CONFIG, seed }, 2)
        .events.map(serializeEvent)
        .join('');
    expect(bytes(11)).toBe(bytes(11));
    expect(bytes(11)).not.toBe(bytes(12));
  });

  it('draws arrivals that follow the intraday profile', () => {
    const input: SimulatorConfigInput = { ...DEMO_CONFIG, seed: 3, scale: 2, chances: { transfer: 0 } };
    const startAt = Date.parse('2025-03-09T21:00:00Z'); // local midnight in Moscow
    const { model } = run(input, 24, startAt);
    const config = parseSimulatorConfig(input);
    const peak = config.queues.reduce((sum, q) => sum + q.peakCallsPerHour, 0) * config.scale;
    const offeredInHours = (from: number, to: number): number => {
      let sum = 0;
      for (const queue of model.ledger.queueIds) {
        for (const start of model.ledger.intervals(queue)) {
          const hour = (start - startAt) / HOUR;
          if (hour >= from && hour < to) sum += model.ledger.interval(queue, start).offered;
        }
      }
      return sum;
    };
    const expected = (from: number, to: number): number =>
      config.intradayProfile.slice(from * 4, to * 4).reduce((sum, w) => sum + (w * peak) / 4, 0);
    for (const [from, to] of [
      [0, 6],
      [9, 13],
      [13, 17],
      [19, 24],
    ] as const) {
      const ratio = offeredInHours(from, to) / expected(from, to);
      expect(ratio, `${from}:00-${to}:00`).toBeGreaterThan(0.8);
      expect(ratio, `${from}:00-${to}:00`).toBeLessThan(1.2);
    }
    expect(offeredInHours(10, 12)).toBeGreaterThan(5 * offeredInHours(2, 4));
  });

  it('never offers a call to an agent who is paused, logged out, offline, busy or in wrap-up from any queue', () => {
    const config = parseSimulatorConfig(BUSY_SITE);
    const wrapOf = new Map(config.queues.map((q) => [q.name, q.wrapupSec * 1000]));
    const { events } = run(BUSY_SITE, 8);
    const paused = new Map<string, boolean>();
    const loggedIn = new Map(config.agents.map((a) => [a.interface, a.loggedIn]));
    const offline = new Map<string, boolean>();
    const busyUntilComplete = new Map<string, boolean>();
    const freeAt = new Map<string, number>();
    let calls = 0;
    for (const event of events) {
      const agent = field(event, 'Interface');
      if (!agent) continue;
      switch (event.name) {
        case 'QueueMemberPause':
          paused.set(agent, field(event, 'Paused') === '1');
          break;
        case 'QueueMemberAdded':
          loggedIn.set(agent, true);
          paused.set(agent, false);
          break;
        case 'QueueMemberRemoved':
          loggedIn.set(agent, false);
          break;
        case 'QueueMemberStatus':
          offline.set(agent, field(event, 'Status') === '5');
          break;
        case 'AgentCalled':
          calls++;
          expect(paused.get(agent) ?? false, `${agent} paused`).toBe(false);
          expect(loggedIn.get(agent), `${agent} logged in`).toBe(true);
          expect(offline.get(agent) ?? false, `${agent} offline`).toBe(false);
          expect(busyUntilComplete.get(agent) ?? false, `${agent} on a call`).toBe(false);
          expect(event.at, `${agent} in wrap-up`).toBeGreaterThanOrEqual(freeAt.get(agent) ?? 0);
          break;
        case 'AgentConnect':
          busyUntilComplete.set(agent, true);
          break;
        case 'AgentComplete':
          busyUntilComplete.set(agent, false);
          freeAt.set(agent, event.at + wrapOf.get(field(event, 'Queue')!)!);
          break;
      }
    }
    expect(calls).toBeGreaterThan(100);
  });

  it('reports agent states that agree with the calls in progress', () => {
    const { model } = run(BUSY_SITE, 5);
    const truth = model.truth();
    const ringingCallers = Object.values(truth.waiting)
      .flat()
      .flatMap((c) => (c.ringing ? [c.ringing] : []));
    for (const agent of Object.values(truth.agents)) {
      expect(ringingCallers.includes(agent.id)).toBe(agent.state === 'ringing');
      if (agent.state === 'loggedOut') expect(agent.deviceStatus === 5 || agent.queues.length === 0).toBe(true);
      else expect(agent.queues.length).toBeGreaterThan(0);
      expect(agent.pausedReason !== null).toBe(agent.state === 'paused');
      expect(agent.since).toBeLessThanOrEqual(truth.at);
    }
  });

  it('keeps the last reason on unpause, one QueueMemberPause per queue', () => {
    const { events } = run(BUSY_SITE, 6);
    const pauses = events.filter((e) => e.name === 'QueueMemberPause' && field(e, 'Interface') === 'PJSIP/202');
    const unpause = pauses.find((e) => field(e, 'Paused') === '0')!;
    const pausedBefore = pauses.filter((e) => e.at < unpause.at && field(e, 'Paused') === '1').at(-1)!;
    expect(field(unpause, 'PausedReason')).toBe(field(pausedBefore, 'PausedReason'));
    expect(pauses.filter((e) => e.at === unpause.at).map((e) => field(e, 'Queue'))).toEqual(['front', 'back']);
  });

  it('sends unanswered exits in Asterisk order: Abandon, Leave, then QUEUESTATUS (sent on) or Hangup (hung up)', () => {
    const { events } = run(BUSY_SITE, 6);
    const byCall = new Map<string, AmiEvent[]>();
    for (const event of events) {
      const id = field(event, 'Uniqueid');
      if (id) byCall.set(id, [...(byCall.get(id) ?? []), event]);
    }
    let checked = 0;
    for (const stream of byCall.values()) {
      stream.forEach((event, index) => {
        if (event.name !== 'QueueCallerAbandon') return;
        checked++;
        const next = stream.slice(index + 1, index + 3);
        expect(next[0]?.name).toBe('QueueCallerLeave');
        const outcome = next[1]!;
        expect(outcome.name === 'Hangup' || (outcome.name === 'VarSet' && field(outcome, 'Variable') === 'QUEUESTATUS')).toBe(true);
      });
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('reports HoldTime and TalkTime as differences of whole epoch seconds', () => {
    const { events } = run(DEMO_CONFIG, 2);
    const joinedAt = new Map<string, number>();
    let checked = 0;
    for (const event of events) {
      const key = `${field(event, 'Queue')}|${field(event, 'Uniqueid')}`;
      if (event.name === 'QueueCallerJoin') joinedAt.set(key, event.at);
      if (event.name === 'AgentConnect') {
        const expected = Math.floor(event.at / 1000) - Math.floor(joinedAt.get(key)! / 1000);
        expect(field(event, 'HoldTime')).toBe(String(expected));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('re-enters a blind-transferred caller into another queue under the same Uniqueid', () => {
    const { events, model } = run(BUSY_SITE, 4);
    const transfer = events.find((e) => e.name === 'AgentComplete' && field(e, 'Reason') === 'transfer')!;
    const id = field(transfer, 'Uniqueid')!;
    const rejoin = events.find((e) => e.name === 'QueueCallerJoin' && field(e, 'Uniqueid') === id && e.at === transfer.at)!;
    expect(field(rejoin, 'Queue')).not.toBe(field(transfer, 'Queue'));
    const joins = events.filter((e) => e.name === 'QueueCallerJoin').length;
    const offered = model.ledger.queueIds.reduce((n, q) => n + model.ledger.total(q).offered, 0);
    expect(offered).toBe(joins);
  });

  it('sometimes leaves the caller channel out of AgentComplete when the caller hung up', () => {
    const { events } = run(DEMO_CONFIG, 3);
    const completes = events.filter((e) => e.name === 'AgentComplete');
    const withoutCaller = completes.filter((e) => field(e, 'Uniqueid') === undefined);
    expect(withoutCaller.length).toBeGreaterThan(0);
    expect(withoutCaller.every((e) => field(e, 'Reason') === 'caller')).toBe(true);
    expect(completes.some((e) => field(e, 'DestUniqueid') === undefined)).toBe(true);
  });

  it('drains to a known state once arrivals stop', () => {
    const model = new CallCenterModel(parseSimulatorConfig(BUSY_SITE), MORNING);
    model.advanceTo(MORNING + 2 * HOUR);
    model.stopArrivals();
    let at = model.now();
    while (!model.isIdle()) model.advanceTo((at += 10_000));
    const truth = model.truth();
    expect(Object.values(truth.waiting).flat()).toEqual([]);
    for (const agent of Object.values(truth.agents)) expect(['available', 'paused', 'loggedOut']).toContain(agent.state);
    const offered = model.ledger.queueIds.map((q) => model.ledger.total(q));
    for (const total of offered) expect(total.offered).toBe(total.answered + total.abandoned + total.timedOut);
    for (const total of offered) expect(total.handled).toBe(total.answered);
  });

  it('makes about half of the stream VarSet and Newexten noise', () => {
    const { model } = run(DEMO_CONFIG, 3);
    const counts = model.eventCounts();
    const share = ((counts.VarSet ?? 0) + (counts.Newexten ?? 0)) / model.eventsEmitted;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
  });
});

describe('the call-center model with faults on the wire and staff turnover', () => {
  it('loses AgentComplete and Hangup frames on the wire only: the same calls happen and the ledger books them', () => {
    const clean = run(BUSY_SITE, 6);
    const lossy = run({ ...BUSY_SITE, chances: { ...BUSY_SITE.chances, lostAgentComplete: 0.3, lostHangup: 0.2 } }, 6);
    const sent = lossy.model.eventCounts();
    const lost = lossy.model.lostEventCounts();
    expect(lost.AgentComplete).toBeGreaterThan(0);
    expect(lost.Hangup).toBeGreaterThan(0);
    expect(Object.keys(lost).sort()).toEqual(['AgentComplete', 'Hangup']);
    for (const name of ['AgentComplete', 'Hangup']) expect(sent[name]! + lost[name]!).toBe(clean.model.eventCounts()[name]);
    expect(lossy.events.filter((e) => e.name === 'AgentComplete')).toHaveLength(sent.AgentComplete!);
    for (const queue of ['front', 'back']) expect(lossy.model.ledger.total(queue)).toEqual(clean.model.ledger.total(queue));
  });

  it('replaces an agent who leaves for good by a newcomer with a new interface in the same queues', () => {
    const { model, events } = run({ ...BUSY_SITE, behaviour: { ...BUSY_SITE.behaviour, logoutsPerDay: 40, leaveForGood: 1 } }, 12);
    expect(model.departures).toBeGreaterThan(2);
    // Nobody who left comes back; everyone who comes is new.
    const removed = new Set<string>();
    const added = new Set<string>();
    for (const event of events) {
      const id = field(event, 'Interface')!;
      if (event.name === 'QueueMemberRemoved') removed.add(id);
      if (event.name === 'QueueMemberAdded') {
        expect(removed.has(id), id).toBe(false);
        added.add(id);
      }
    }
    expect(removed.size).toBeGreaterThan(2);
    expect([...added].every((id) => Number(id.slice('PJSIP/'.length)) > 204)).toBe(true);
    const truth = model.truth();
    expect(Object.keys(truth.agents)).toHaveLength(4);
    for (const id of removed) expect(truth.agents[id]).toBeUndefined();
  });
});
