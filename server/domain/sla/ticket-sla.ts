import type { TicketEvent, TicketStatus } from '../ticket-events';
import {
  clockPhase,
  pauseClock,
  reopenClock,
  resumeClock,
  retargetClock,
  startClock,
  stopClock,
  type ClockStopReason,
  type SlaClock,
  type SlaClockKind,
} from './sla-clock';
import { calendarOf, type ClockTarget, type SlaPolicies } from './sla-policy';
import { isNewer, type OlaRecord, type SlaAgreement, type TicketState } from './ticket-state';

/**
 * The ticket SLA state machine: one normalized event in, the next state out,
 * plus the clock outcomes the metrics count.
 *
 * Decisions (the issue left them open):
 * - Solving fulfils every running clock (first response and next reply too, as
 *   Zendesk does): a ticket solved without a reply has not missed its reply.
 * - A reopen resumes the resolution clock (and the current line's OLA
 *   resolution clock) with the business time it had used: the time spent solved
 *   does not count, and a reopened ticket gets no fresh target. The clock is
 *   judged again at the next solve, which emits a second `clockStopped`.
 * - A next-reply cycle starts at a customer reply once an agent has replied and
 *   no cycle is running, and stops at the next agent reply.
 * - Entering a line that has an OLA (at creation or by escalation) starts that
 *   line's clocks; leaving the line stops them as `leftLine` (met when the hand-
 *   over came before the due time). The OLA first response stops at the next
 *   public agent reply. An escalation of a solved ticket starts no OLA.
 * - Re-prioritisation retargets the clocks that have not stopped; a priority
 *   without a next-reply target drops a next-reply cycle in progress.
 * - Times are the events' `occurredAt`, never before the ticket's creation.
 * - A removed ticket (deleted, merged, spam) is closed without being solved:
 *   `solvedAt` stays null and its clocks stop as `removed`. A later status
 *   change (a restored ticket) reopens it like any closed ticket.
 * - A ticket first seen through `ticket.observed` (its creation never
 *   delivered) is born at its own `createdAt` in status new, with its clocks
 *   from then, and moves to the observed status at the observation's time:
 *   what happened in between (replies, pauses) is unknown, so it is awaiting
 *   its first response until an agent reply arrives.
 * - An observation of a known ticket applies what differs (priority, line,
 *   assignee, then status) at its time, as the change events would; it is
 *   refused as stale like any update, and ignored as `unchanged` when nothing
 *   differs. The requester is kept from the first delivery that names one.
 * - A staff reply by the ticket's requester is the customer's.
 */

export type SlaEffect =
  | {
      type: 'clockStopped';
      agreement: SlaAgreement;
      clock: SlaClockKind;
      at: number;
      reason: ClockStopReason;
      met: boolean;
    }
  | { type: 'eventIgnored'; reason: IgnoreReason };

/** an update for a ticket never created, a repeated creation, an event older than the state, an observation that changes nothing */
export type IgnoreReason = 'unknownTicket' | 'alreadyCreated' | 'stale' | 'unchanged';

export interface TicketReduction {
  /** undefined only when an event for an unknown ticket was ignored */
  state: TicketState | undefined;
  effects: SlaEffect[];
}

type CreatedEvent = Extract<TicketEvent, { kind: 'ticket.created' }>;
type ObservedEvent = Extract<TicketEvent, { kind: 'ticket.observed' }>;
type UpdateEvent = Exclude<TicketEvent, CreatedEvent | ObservedEvent>;

function isOpen(status: TicketStatus): boolean {
  return status !== 'solved' && status !== 'closed';
}

/** Applies one event. Refuses (as `stale`) an event older than the state, see isNewer. */
export function reduceTicket(state: TicketState | undefined, event: TicketEvent, policies: SlaPolicies): TicketReduction {
  if (state && event.ticketId !== state.ticketId) {
    throw new RangeError(`event for ticket ${event.ticketId} applied to ticket ${state.ticketId}`);
  }
  if (event.kind === 'ticket.created') {
    if (state) return ignored(state, 'alreadyCreated');
    const reducer = new TicketReducer(policies);
    return { state: reducer.create(event), effects: reducer.effects };
  }
  if (event.kind === 'ticket.observed' && !state) {
    const reducer = new TicketReducer(policies);
    return { state: reducer.firstSight(event), effects: reducer.effects };
  }
  if (!state) return ignored(undefined, 'unknownTicket');
  if (!isNewer(state, event)) return ignored(state, 'stale');
  const reducer = new TicketReducer(policies);
  const at = Math.max(event.occurredAt, state.createdAt);
  let applied: TicketState;
  if (event.kind === 'ticket.observed') {
    applied = reducer.reconcile(state, event, at);
    if (applied === state) return ignored(state, 'unchanged');
  } else {
    applied = reducer.update(state, event, at);
  }
  return {
    state: { ...applied, lastApplied: { occurredAt: event.occurredAt, sequence: event.sequence } },
    effects: reducer.effects,
  };
}

function ignored(state: TicketState | undefined, reason: IgnoreReason): TicketReduction {
  return { state, effects: [{ type: 'eventIgnored', reason }] };
}

/** One reduction's worth of work; collects the effects as the clocks stop. */
class TicketReducer {
  readonly effects: SlaEffect[] = [];

  constructor(private readonly policies: SlaPolicies) {}

  /** A ticket whose creation the board never saw: born new at its creation, in the observed status from the observation on. */
  firstSight(event: ObservedEvent): TicketState {
    const born = this.create({ ...event, kind: 'ticket.created', status: 'new' });
    const at = Math.max(event.occurredAt, event.createdAt);
    return event.status === 'new' ? born : this.setStatus(born, event.status, at);
  }

  /** A known ticket brought to the observed fields; the same state when nothing differs. */
  reconcile(state: TicketState, event: ObservedEvent, at: number): TicketState {
    let next = state;
    if (event.requester && !state.requester) next = { ...next, requester: event.requester };
    if (event.priority !== next.priority) next = this.reprioritise(next, event.priority);
    if (event.line !== next.line) next = this.escalate(next, event.line, at);
    if (event.assignee !== next.assignee) next = { ...next, assignee: event.assignee };
    return event.status === next.status ? next : this.setStatus(next, event.status, at);
  }

  create(event: CreatedEvent): TicketState {
    const at = event.createdAt;
    const targets = this.policies.channels[event.channel].targets[event.priority];
    const born: TicketState = {
      ticketId: event.ticketId,
      source: event.source,
      subject: event.subject,
      createdAt: at,
      status: 'new',
      priority: event.priority,
      channel: event.channel,
      line: event.line,
      assignee: event.assignee,
      requester: event.requester ?? null,
      firstResponseAt: null,
      solvedAt: null,
      reopenCount: 0,
      rating: null,
      clocks: {
        firstResponse: this.start('firstResponse', targets.firstResponse, at, true),
        resolution: this.start('resolution', targets.resolution, at, true),
        nextReply: null,
      },
      olas: [],
      lastApplied: { occurredAt: event.occurredAt, sequence: event.sequence },
    };
    // The status the ticket was created in may pause or stop what just started.
    return this.setStatus(this.enterLine(born, event.line, at), event.status, at);
  }

  update(state: TicketState, event: UpdateEvent, at: number): TicketState {
    switch (event.kind) {
      case 'ticket.statusChanged':
        return this.setStatus(state, event.status, at);
      case 'ticket.solved':
        return isOpen(state.status) ? this.setStatus(state, 'solved', at) : state;
      case 'ticket.reopened':
        return isOpen(state.status) ? state : this.setStatus(state, 'open', at);
      case 'ticket.priorityChanged':
        return this.reprioritise(state, event.priority);
      case 'ticket.assigned':
        return { ...state, assignee: event.assignee };
      case 'ticket.escalated':
        return this.escalate(state, event.line, at);
      case 'ticket.agentReplied':
        return event.author && event.author === state.requester ? this.customerReplied(state, at) : this.agentReplied(state, at);
      case 'ticket.customerReplied':
        return this.customerReplied(state, at);
      case 'ticket.rated':
        return { ...state, rating: event.rating };
      case 'ticket.removed':
        return isOpen(state.status) ? this.remove(state, at) : state;
    }
  }

  private start(kind: SlaClockKind, target: ClockTarget, at: number, running: boolean): SlaClock {
    return startClock(kind, target, at, running, calendarOf(this.policies, target.calendarId));
  }

  private stop(clock: SlaClock, agreement: SlaAgreement, at: number, reason: ClockStopReason): SlaClock {
    const stopped = stopClock(clock, at, reason);
    if (stopped.stop && !clock.stop) {
      this.effects.push({ type: 'clockStopped', agreement, clock: clock.kind, at, reason, met: stopped.stop.met });
    }
    return stopped;
  }

  /** whether clocks run in a status: open, and not waiting on someone the policy pauses for */
  private runsIn(state: TicketState, status: TicketStatus): boolean {
    return isOpen(status) && !this.policies.channels[state.channel].pauseStatuses.includes(status);
  }

  private mapClocks(state: TicketState, change: (clock: SlaClock, agreement: SlaAgreement) => SlaClock): TicketState {
    const { firstResponse, resolution, nextReply } = state.clocks;
    return {
      ...state,
      clocks: {
        firstResponse: change(firstResponse, 'sla'),
        resolution: change(resolution, 'sla'),
        nextReply: nextReply && change(nextReply, 'sla'),
      },
      olas: state.olas.map((ola) => ({
        ...ola,
        firstResponse: change(ola.firstResponse, ola.line),
        resolution: ola.resolution && change(ola.resolution, ola.line),
      })),
    };
  }

  /** the OLA record of the line the ticket is in, if that line has one */
  private mapCurrentOla(state: TicketState, change: (ola: OlaRecord) => OlaRecord): TicketState {
    return { ...state, olas: state.olas.map((ola) => (ola.leftAt === null ? change(ola) : ola)) };
  }

  private setStatus(state: TicketState, status: TicketStatus, at: number): TicketState {
    const wasOpen = isOpen(state.status);
    const next: TicketState = { ...state, status };
    if (wasOpen && !isOpen(status)) {
      return this.mapClocks({ ...next, solvedAt: at }, (clock, agreement) => this.stop(clock, agreement, at, 'solved'));
    }
    const running = this.runsIn(state, status);
    if (!wasOpen && isOpen(status)) {
      const reopen = (clock: SlaClock): SlaClock =>
        reopenClock(clock, at, running, calendarOf(this.policies, clock.calendarId));
      const reopened: TicketState = {
        ...next,
        solvedAt: null,
        reopenCount: state.reopenCount + 1,
        clocks: { ...next.clocks, resolution: reopen(next.clocks.resolution) },
      };
      return this.mapCurrentOla(reopened, (ola) => ({ ...ola, resolution: ola.resolution && reopen(ola.resolution) }));
    }
    if (!isOpen(status)) return next;
    return this.mapClocks(next, (clock) => {
      const calendar = calendarOf(this.policies, clock.calendarId);
      return running ? resumeClock(clock, at, calendar) : pauseClock(clock, at, calendar);
    });
  }

  private remove(state: TicketState, at: number): TicketState {
    return this.mapClocks({ ...state, status: 'closed' }, (clock, agreement) => this.stop(clock, agreement, at, 'removed'));
  }

  private reprioritise(state: TicketState, priority: TicketState['priority']): TicketState {
    if (priority === state.priority) return state;
    const targets = this.policies.channels[state.channel].targets[priority];
    const retarget = (clock: SlaClock, target: ClockTarget): SlaClock =>
      retargetClock(clock, target, calendarOf(this.policies, target.calendarId));
    const { firstResponse, resolution, nextReply } = state.clocks;
    const cycleInProgress = nextReply !== null && clockPhase(nextReply) !== 'stopped';
    return {
      ...state,
      priority,
      clocks: {
        firstResponse: retarget(firstResponse, targets.firstResponse),
        resolution: retarget(resolution, targets.resolution),
        nextReply: cycleInProgress ? targets.nextReply && retarget(nextReply, targets.nextReply) : nextReply,
      },
    };
  }

  private enterLine(state: TicketState, line: TicketState['line'], at: number): TicketState {
    const ola = this.policies.olas[line];
    if (!ola || !isOpen(state.status)) return state;
    const running = this.runsIn(state, state.status);
    const record: OlaRecord = {
      line,
      enteredAt: at,
      leftAt: null,
      firstResponse: this.start('firstResponse', ola.firstResponse, at, running),
      resolution: ola.resolution && this.start('resolution', ola.resolution, at, running),
    };
    return { ...state, olas: [...state.olas, record] };
  }

  private escalate(state: TicketState, line: TicketState['line'], at: number): TicketState {
    if (line === state.line) return state;
    const left = this.mapCurrentOla(state, (ola) => ({
      ...ola,
      leftAt: at,
      firstResponse: this.stop(ola.firstResponse, ola.line, at, 'leftLine'),
      resolution: ola.resolution && this.stop(ola.resolution, ola.line, at, 'leftLine'),
    }));
    return this.enterLine({ ...left, line }, line, at);
  }

  private agentReplied(state: TicketState, at: number): TicketState {
    const { firstResponse, nextReply } = state.clocks;
    const replied: TicketState = {
      ...state,
      firstResponseAt: state.firstResponseAt ?? at,
      clocks: {
        ...state.clocks,
        firstResponse: this.stop(firstResponse, 'sla', at, 'replied'),
        nextReply: nextReply && this.stop(nextReply, 'sla', at, 'replied'),
      },
    };
    return this.mapCurrentOla(replied, (ola) => ({
      ...ola,
      firstResponse: this.stop(ola.firstResponse, ola.line, at, 'replied'),
    }));
  }

  private customerReplied(state: TicketState, at: number): TicketState {
    const target = this.policies.channels[state.channel].targets[state.priority].nextReply;
    const cycleRunning = state.clocks.nextReply !== null && clockPhase(state.clocks.nextReply) !== 'stopped';
    if (!target || state.firstResponseAt === null || !isOpen(state.status) || cycleRunning) return state;
    const nextReply = this.start('nextReply', target, at, this.runsIn(state, state.status));
    return { ...state, clocks: { ...state.clocks, nextReply } };
  }
}
