import { describe, expect, it } from 'vitest';
import { loadSlaPolicies } from '../../../server/domain/sla/load-sla-policies';
import type { TicketStatus } from '../../../server/domain/ticket-events';
import { CallCenterModel } from '../../../server/simulator/call-center-model';
import { Random } from '../../../server/simulator/random';
import { DEMO_CONFIG, parseSimulatorConfig } from '../../../server/simulator/simulator-config';
import type { TicketChange } from '../../../server/simulator/tickets/ticket-change';
import { TicketLedger } from '../../../server/simulator/tickets/ticket-ledger';
import { TicketModel } from '../../../server/simulator/tickets/ticket-model';
import { parseTicketModelConfig, ticketModelConfigForCallSite } from '../../../server/simulator/tickets/ticket-model-config';
import { drawTicketStory } from '../../../server/simulator/tickets/ticket-story';

/** Tuesday 2026-11-24 00:00 in Moscow, the demo site's zone */
const MIDNIGHT = Date.parse('2026-11-23T21:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const SMALL_DESK = parseTicketModelConfig({ seed: 11, peakTicketsPerHour: 60 });

let stories: { changes: TicketChange[]; byTicket: Map<string, TicketChange[]> } | null = null;

/** A day of arrivals, then every story to its end (drawn once for the tests that read it). */
function completeStories(): { changes: TicketChange[]; byTicket: Map<string, TicketChange[]> } {
  stories ??= drawCompleteStories();
  return stories;
}

function drawCompleteStories(): { changes: TicketChange[]; byTicket: Map<string, TicketChange[]> } {
  const model = new TicketModel(SMALL_DESK, MIDNIGHT);
  const changes = model.advanceTo(MIDNIGHT + DAY);
  model.stopArrivals();
  changes.push(...model.advanceTo(MIDNIGHT + 30 * DAY));
  expect(model.isIdle()).toBe(true);
  const byTicket = new Map<string, TicketChange[]>();
  for (const change of changes) {
    const list = byTicket.get(change.ticket.id) ?? [];
    list.push(change);
    byTicket.set(change.ticket.id, list);
  }
  return { changes, byTicket };
}

const STATUS_MOVES: ReadonlySet<string> = new Set([
  'new>open',
  'open>pending',
  'pending>open',
  'open>onHold',
  'onHold>open',
  'open>solved',
  'solved>open',
  'solved>closed',
]);

describe('the ticket model', () => {
  it("gives every ticket a story in valid order: created first, time moving on, each change starting where the last ended", () => {
    const { byTicket } = completeStories();
    expect(byTicket.size).toBeGreaterThan(400);
    for (const [id, changes] of byTicket) {
      expect(changes[0]!.kind, id).toBe('created');
      expect(changes[0]!.at, id).toBe(changes[0]!.ticket.createdAt);
      expect(changes[0]!.after, id).toMatchObject({ status: 'new', agent: null });
      let replied = false;
      let solves = 0;
      changes.forEach((change, index) => {
        expect(change.index, id).toBe(index);
        if (index === 0) return;
        const previous = changes[index - 1]!;
        expect(change.at - previous.at, `${id} #${index}`).toBeGreaterThanOrEqual(1000);
        expect(change.before, `${id} #${index}`).toEqual(previous.after);
        const { before, after } = change;
        switch (change.kind) {
          case 'statusChanged':
            expect(STATUS_MOVES.has(`${before.status}>${after.status}`), `${id}: ${before.status} -> ${after.status}`).toBe(true);
            if (after.status === 'solved') {
              // Nobody solves a ticket nobody answered.
              expect(replied, `${id} solved before any reply`).toBe(true);
              solves++;
            }
            break;
          case 'escalated':
            expect(`${before.line}>${after.line}`, id).toMatch(/^(L1>L2|L2>L3)$/);
            expect(isOpen(before.status), `${id} escalated while ${before.status}`).toBe(true);
            break;
          case 'agentReplied':
            expect(after.agent, `${id}: a reply by nobody`).not.toBeNull();
            replied = true;
            break;
          case 'assigned':
            expect(after.agent).not.toBe(before.agent);
            break;
          case 'priorityChanged':
            expect(after.priority).not.toBe(before.priority);
            break;
          case 'rated':
            expect(change.ticket.desk, `${id}: Zendesk and Jira webhooks cannot carry a rating`).toBe('generic');
            expect(before.status, `${id} rated while open`).toBe('solved');
            break;
        }
        if (change.kind !== 'statusChanged' && change.kind !== 'rated') {
          expect(after.status, `${id}: ${change.kind} changes no status`).toBe(before.status);
        }
      });
      expect(solves, `${id} is solved at least once`).toBeGreaterThanOrEqual(1);
      expect(changes.filter((c) => c.kind === 'rated').length, id).toBeLessThanOrEqual(1);
      expect(changes.filter((c) => c.kind === 'created').length, id).toBe(1);
    }
  });

  it('marks a change superseded only when the very next change of its ticket sets the same thing again', () => {
    const { byTicket } = completeStories();
    let superseded = 0;
    for (const changes of byTicket.values()) {
      changes.forEach((change, index) => {
        const next = changes[index + 1];
        const replaces = next !== undefined && next.kind === change.kind && (change.kind === 'assigned' || change.kind === 'priorityChanged');
        expect(change.supersededByNext, `${change.ticket.id} #${index} ${change.kind}`).toBe(replaces);
        if (change.supersededByNext) superseded++;
      });
    }
    // Enough pairs for the poster to reorder ~2% of ~10 deliveries per ticket.
    expect(superseded / byTicket.size).toBeGreaterThan(0.2);
  });

  it('tells a story the SLA engine accepts event by event: the ledger books every change without an event ignored', () => {
    const { changes, byTicket } = completeStories();
    const ledger = new TicketLedger(loadSlaPolicies('config/sla-policies.json'), SMALL_DESK.timeZone);
    for (const change of changes) ledger.record(change);
    expect(ledger.ticketCount).toBe(byTicket.size);
    expect(ledger.expectedFigures(changes.at(-1)!.at).open).toBe(0);
  });

  it('escalates about 10% of tickets (L1 -> L2, some on to L3) and leaves about 65% to be solved by L1', () => {
    const random = new Random(3);
    const n = 20_000;
    let escalated = 0;
    let toL3 = 0;
    let solvedByL1 = 0;
    for (let i = 0; i < n; i++) {
      const steps = drawTicketStory(random, { createdAt: MIDNIGHT, channel: 'email', priority: 'medium', canBeRated: true }, SMALL_DESK);
      const escalations = steps.filter((step) => step.what.kind === 'escalated');
      if (escalations.length > 0) escalated++;
      if (escalations.some((step) => step.after.line === 'L3')) toL3++;
      if (steps.every((step) => step.after.line === 'L1')) solvedByL1++;
    }
    expect(escalated / n).toBeGreaterThan(0.085);
    expect(escalated / n).toBeLessThan(0.115);
    expect(toL3 / n).toBeGreaterThan(0.02);
    expect(toL3 / n).toBeLessThan(0.04);
    expect(solvedByL1 / n).toBeGreaterThan(0.62);
    expect(solvedByL1 / n).toBeLessThan(0.7);
  });

  it('creates about five tickets per call of the call simulator over a day, busier by day than by night', () => {
    const site = parseSimulatorConfig({ ...DEMO_CONFIG, seed: 5, scale: 0.5 });
    const calls = new CallCenterModel(site, MIDNIGHT);
    calls.advanceTo(MIDNIGHT + DAY);
    const day = calls.calendar.day(MIDNIGHT);
    const offered = calls.ledger.queueIds.reduce((sum, queue) => sum + calls.ledger.day(queue, day).offered, 0);

    const desk = new TicketModel(ticketModelConfigForCallSite(site, { seed: 5 }), MIDNIGHT);
    const created = desk.advanceTo(MIDNIGHT + DAY).filter((change) => change.kind === 'created');
    expect(offered).toBeGreaterThan(500);
    expect(created.length / offered).toBeGreaterThan(4.5);
    expect(created.length / offered).toBeLessThan(5.5);

    const inHour = (hour: number): number =>
      created.filter((change) => change.at >= MIDNIGHT + hour * HOUR && change.at < MIDNIGHT + (hour + 1) * HOUR).length;
    expect(inHour(10)).toBeGreaterThan(10 * inHour(3));
  });

  it('is deterministic: the same seed and start give the same changes', () => {
    const first = new TicketModel(SMALL_DESK, MIDNIGHT).advanceTo(MIDNIGHT + 12 * HOUR);
    const second = new TicketModel(SMALL_DESK, MIDNIGHT).advanceTo(MIDNIGHT + 12 * HOUR);
    expect(first.length).toBeGreaterThan(100);
    expect(second).toEqual(first);
  });

  it('releases changes only up to the target, and in batches of at most maxChanges that add up to the same run', () => {
    const whole = new TicketModel(SMALL_DESK, MIDNIGHT).advanceTo(MIDNIGHT + 12 * HOUR);
    expect(whole.every((change) => change.at <= MIDNIGHT + 12 * HOUR)).toBe(true);
    const stepped = new TicketModel(SMALL_DESK, MIDNIGHT);
    const pieces: TicketChange[] = [];
    for (let batch = stepped.advanceTo(MIDNIGHT + 12 * HOUR, 37); batch.length > 0; batch = stepped.advanceTo(MIDNIGHT + 12 * HOUR, 37)) {
      expect(batch.length).toBeLessThanOrEqual(37);
      pieces.push(...batch);
    }
    expect(pieces).toEqual(whole);
    expect(stepped.now()).toBe(MIDNIGHT + 12 * HOUR);
  });
});

function isOpen(status: TicketStatus): boolean {
  return status !== 'solved' && status !== 'closed';
}
