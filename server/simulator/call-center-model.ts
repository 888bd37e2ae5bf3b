import { SiteCalendar } from '../../shared/site-time';
import { AgentWishes } from './agent-wishes';
import type { AmiEvent } from './ami-event';
import { AmiOutput, wireLossOf } from './ami-output';
import { CallBooks } from './call-books';
import { CallDispatcher } from './call-dispatch';
import { ChannelFactory } from './channel';
import { Conversations } from './conversations';
import { EventHeap } from './event-heap';
import { Ledger } from './ledger';
import type { ModelContext } from './model-context';
import { queueStatusView, truthView, type QueueStatusView, type SimTruth } from './model-views';
import { QueueCallers } from './queue-callers';
import type { QueueLogWriter } from './queue-log-writer';
import { Random } from './random';
import type { SimAgent, SimQueue } from './sim-entities';
import type { SimulatorConfig } from './simulator-config';

/**
 * A discrete-event model of a call center behind Asterisk's app_queue. Pure: no
 * I/O and no clock; simulated time (epoch ms) only moves in `advanceTo`. It
 * produces the AMI events a real Asterisk 22 would emit, in the order it would
 * emit them, and books every outcome in a ledger with the metric definitions of
 * DOMAIN.md, so a consumer of the events can be checked number by number.
 *
 * This file runs the clock and wires the parts: callers (queue-callers.ts),
 * offering them to agents (call-dispatch.ts), answered calls
 * (conversations.ts), agents' own wishes (agent-wishes.ts), the AMI events
 * (ami-output.ts) and the books (call-books.ts).
 *
 * Asterisk behaviour modelled (apps/app_queue.c):
 * - HoldTime and TalkTime are differences of time(NULL), i.e. of whole epoch
 *   seconds: floor(end / 1000) - floor(start / 1000).
 * - QueueCallerAbandon is raised for hang-ups and for timeouts / empty-queue
 *   exits; the latter get `VarSet QUEUESTATUS` right after QueueCallerLeave.
 * - After an answer the caller leaves the queue (QueueCallerLeave) before AgentConnect.
 * - Wrap-up (queues.conf `wrapuptime`) starts at AgentComplete and, with
 *   shared_lastcall, keeps the agent from calls of every queue. Asterisk checks
 *   the offering queue's wrapuptime; this model uses the completing queue's, the
 *   rule the board applies (documented difference, visible only for agents in
 *   queues with different wrap-up times).
 * - An unpause keeps the last reason (`Paused: 0`, `PausedReason: <last>`).
 *
 * Booking rules beyond DOMAIN.md: an AgentDump (the agent answered and hung up
 * before the bridge; Asterisk raises no QueueCallerAbandon and sets no
 * QUEUESTATUS, the caller is hung up) is counted as timedOut: the caller left
 * unanswered without hanging up.
 */
export class CallCenterModel {
  readonly ledger: Ledger;
  readonly calendar: SiteCalendar;
  readonly startedAt: number;
  private nowMs: number;
  private readonly heap = new EventHeap<() => void>();
  private readonly queues: SimQueue[];
  private readonly agents: SimAgent[];
  private readonly ami: AmiOutput;
  private readonly callers: QueueCallers;
  private departed = 0;

  /** `queueLog`: also write the queue_log lines Asterisk would, for each thing the model does */
  constructor(config: SimulatorConfig, startAt: number, queueLog?: QueueLogWriter) {
    this.startedAt = Math.floor(startAt);
    this.nowMs = this.startedAt;
    this.calendar = new SiteCalendar(config.timeZone);
    this.ledger = new Ledger(config.queues.map((q) => q.name));
    this.queues = config.queues.map((queueConfig) => ({
      config: queueConfig,
      name: queueConfig.name,
      entries: [],
      members: [],
      rrNext: 0,
      stats: { completed: 0, completedInSl: 0, abandoned: 0, abandonedInSl: 0, holdtime: 0, talktime: 0 },
    }));
    this.ami = new AmiOutput(() => this.nowMs, wireLossOf(config.chances, config.seed));
    const ctx: ModelContext = {
      config,
      random: new Random(config.seed),
      calendar: this.calendar,
      channels: new ChannelFactory(),
      queues: this.queues,
      ami: this.ami,
      books: new CallBooks(this.ledger, this.calendar, config.shortAbandonSec),
      queueLog,
      now: () => this.nowMs,
      schedule: (at, happening) => this.heap.push(Math.max(Math.round(at), this.nowMs), happening),
    };
    // The parts call each other both ways; these hooks are only used once the model runs.
    const dispatcher: CallDispatcher = new CallDispatcher(ctx, {
      answer: (entry, ring) => conversations.connect(entry, ring),
      agentFree: (agent) => wishes.applyPendingWishes(agent),
    });
    const callers = new QueueCallers(ctx, {
      dispatch: () => dispatcher.dispatch(),
      endRing: (ring) => dispatcher.endRing(ring),
      ringTimedOut: (entry, ring) => dispatcher.ringTimedOut(entry, ring),
    });
    const conversations = new Conversations(ctx, {
      dispatch: () => dispatcher.dispatch(),
      enterQueue: (queue, caller) => callers.enterQueue(queue, caller),
      agentFree: (agent) => wishes.applyPendingWishes(agent),
    });
    const wishes = new AgentWishes(ctx, {
      dispatch: () => dispatcher.dispatch(),
      agentWithdrew: (agent) => callers.checkEmptyQueuesOf(agent),
      agentReplaced: (departed, newcomer) => {
        this.agents.splice(this.agents.indexOf(departed), 1, newcomer);
        this.departed++;
      },
    });
    this.callers = callers;
    const queueByName = new Map(this.queues.map((queue) => [queue.name, queue]));
    this.agents = config.agents.map((agentConfig) => wishes.createAgent(agentConfig, queueByName));
    queueLog?.boot(this.nowMs, this.agents);
    callers.start();
  }

  now(): number {
    return this.nowMs;
  }

  /** AMI events produced since the last call, in emission order. */
  takeEvents(): AmiEvent[] {
    return this.ami.take();
  }

  get eventsEmitted(): number {
    return this.ami.emittedTotal;
  }

  /** event name -> how many were emitted */
  eventCounts(): Record<string, number> {
    return this.ami.countsByName();
  }

  /** event name -> how many were lost on the wire (chances.lostAgentComplete, lostHangup) */
  lostEventCounts(): Record<string, number> {
    return this.ami.lostByName();
  }

  /** agents who left for good (behaviour.leaveForGood), each replaced by a newcomer */
  get departures(): number {
    return this.departed;
  }

  /**
   * Runs the model up to `target` (epoch ms), or until `maxSteps` scheduled
   * events were handled (so a driver can interleave I/O). Returns the steps taken.
   */
  advanceTo(target: number, maxSteps = Infinity): number {
    let steps = 0;
    while (this.heap.peekTime() <= target && steps < maxSteps) {
      const next = this.heap.pop()!;
      this.nowMs = Math.max(this.nowMs, next.at);
      next.item();
      steps++;
    }
    if (this.heap.peekTime() > target && target > this.nowMs) this.nowMs = Math.floor(target);
    return steps;
  }

  /** No new callers from now on; calls in progress run to their end. */
  stopArrivals(): void {
    this.callers.stopArrivals();
  }

  /** No caller in a queue, no call ringing or in talk, no wrap-up running, no caller hang-up pending. */
  isIdle(): boolean {
    return (
      this.queues.every((q) => q.entries.length === 0) &&
      this.agents.every((a) => a.ringing === null && a.talk === null && a.wrapUntil <= this.nowMs) &&
      this.callers.hangupsPending === 0
    );
  }

  truth(): SimTruth {
    return truthView(this.nowMs, this.calendar, this.ledger, this.queues, this.agents);
  }

  queueStatus(): QueueStatusView {
    return queueStatusView(this.nowMs, this.queues);
  }
}
