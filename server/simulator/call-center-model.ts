import type { AgentState } from '../../shared/snapshot';
import type { AmiEvent } from './ami-event';
import * as ami from './ami-events';
import { ChannelFactory, ChannelState, type Channel } from './channel';
import { EventHeap } from './event-heap';
import { Ledger } from './ledger';
import type { QueueLogWriter } from './queue-log-writer';
import { Random } from './random';
import { INTERVAL_MS, SiteCalendar } from '../../shared/site-time';
import type { QueueEntry, Ring, SimAgent, SimQueue } from './sim-entities';
import type { SimulatorConfig } from './simulator-config';

/**
 * A discrete-event model of a call center behind Asterisk's app_queue. Pure: no
 * I/O and no clock; simulated time (epoch ms) only moves in `advanceTo`. It
 * produces the AMI events a real Asterisk 22 would emit, in the order it would
 * emit them, and books every outcome in a ledger with the metric definitions of
 * DOMAIN.md, so a consumer of the events can be checked number by number.
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

export interface TruthCaller {
  callId: string;
  joinedAt: number;
  /** 1 = next to be served */
  position: number;
  callerId: string | null;
  /** the agent being rung for this caller, if any */
  ringing: string | null;
}

export interface TruthAgent {
  id: string;
  name: string;
  state: AgentState;
  since: number;
  /** the reason while paused, else null */
  pausedReason: string | null;
  /** queues the agent is logged in to (empty when logged out) */
  queues: string[];
  /** AST_DEVICE_* as QueueMemberStatus last announced it (0 while logged out) */
  deviceStatus: number;
  /** calls answered on the site day of `at` */
  answeredToday: number;
}

export interface SimTruth {
  at: number;
  day: string;
  /** queue name -> callers waiting (or being rung), in position order */
  waiting: Record<string, TruthCaller[]>;
  agents: Record<string, TruthAgent>;
}

/** What QueueStatus reports, taken at one instant. */
export interface QueueStatusView {
  at: number;
  queues: {
    name: string;
    strategy: string;
    serviceLevelSec: number;
    stats: SimQueue['stats'];
    waitingCount: number;
    members: ami.QueueMemberView[];
    entries: { channel: Channel; joinedAt: number }[];
  }[];
}

type Scheduled =
  | { kind: 'arrival'; queue: SimQueue }
  | { kind: 'patienceEnd'; entry: QueueEntry }
  | { kind: 'maxWait'; entry: QueueEntry }
  | { kind: 'ringEnd'; entry: QueueEntry; attempt: number }
  | { kind: 'offerAgain' }
  | { kind: 'talkEnd'; agent: SimAgent; entry: QueueEntry }
  | { kind: 'wrapEnd'; agent: SimAgent }
  | { kind: 'exitHangup'; channel: Channel }
  | { kind: 'emptyCheck'; queue: SimQueue }
  | { kind: 'pauseWish'; agent: SimAgent; generation: number }
  | { kind: 'unpause'; agent: SimAgent; generation: number }
  | { kind: 'logoutWish'; agent: SimAgent; generation: number }
  | { kind: 'login'; agent: SimAgent }
  | { kind: 'offlineWish'; agent: SimAgent; generation: number }
  | { kind: 'online'; agent: SimAgent; generation: number };

const DEVICE = { notInUse: 1, inUse: 2, unavailable: 5, ringing: 6 } as const;
const CALLER_ENDPOINT = 'PJSIP/provider';
const CALLER_CONTEXT = 'from-pstn';
const MIN_TALK_MS = 5_000;
const MAX_TALK_MS = 4 * 3_600_000;
/** app_queue looks at an empty queue once per wait-loop pass, about a second */
const EMPTY_CHECK_DELAY_MS = 1_000;
/** a caller sent on by the queue plays a goodbye message before hanging up */
const EXIT_HANGUP_MIN_MS = 3_000;
const EXIT_HANGUP_MAX_MS = 8_000;
const BUSY_RETRY_MS = 60_000;
const COMPANY_NAMES = ['ООО Ромашка', 'Acme Corp', 'Globex', 'Initech', 'Umbrella'];

const secondsOf = (ms: number): number => Math.floor(ms / 1000);
/** time(NULL) differences, as app_queue computes HoldTime and TalkTime */
const elapsedSec = (from: number, to: number): number => secondsOf(to) - secondsOf(from);

export class CallCenterModel {
  readonly ledger: Ledger;
  readonly calendar: SiteCalendar;
  readonly startedAt: number;
  private nowMs: number;
  private readonly random: Random;
  private readonly heap = new EventHeap<Scheduled>();
  private readonly channels = new ChannelFactory();
  private readonly queues: SimQueue[];
  private readonly queueByName = new Map<string, SimQueue>();
  private readonly agents: SimAgent[];
  private outbox: AmiEvent[] = [];
  private nextEntryId = 1;
  private arrivalsStopped = false;
  /** callers sent on by the queue whose Hangup is still to come */
  private pendingExitHangups = 0;
  private readonly emitted = new Map<string, number>();
  private emittedTotal = 0;

  /** `queueLog`: also write the queue_log lines Asterisk would, for each thing the model does */
  constructor(
    private readonly config: SimulatorConfig,
    startAt: number,
    private readonly queueLog?: QueueLogWriter,
  ) {
    this.startedAt = Math.floor(startAt);
    this.nowMs = this.startedAt;
    this.random = new Random(config.seed);
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
    for (const queue of this.queues) this.queueByName.set(queue.name, queue);
    this.agents = config.agents.map((agentConfig) => this.createAgent(agentConfig));
    queueLog?.boot(this.nowMs, this.agents);
    for (const queue of this.queues) this.scheduleArrival(queue, this.nowMs);
  }

  now(): number {
    return this.nowMs;
  }

  /** AMI events produced since the last call, in emission order. */
  takeEvents(): AmiEvent[] {
    const events = this.outbox;
    this.outbox = [];
    return events;
  }

  get eventsEmitted(): number {
    return this.emittedTotal;
  }

  /** event name -> how many were emitted */
  eventCounts(): Record<string, number> {
    return Object.fromEntries(this.emitted);
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
      this.handle(next.item);
      steps++;
    }
    if (this.heap.peekTime() > target && target > this.nowMs) this.nowMs = Math.floor(target);
    return steps;
  }

  /** No new callers from now on; calls in progress run to their end. */
  stopArrivals(): void {
    this.arrivalsStopped = true;
  }

  /** No caller in a queue, no call ringing or in talk, no wrap-up running, no caller hang-up pending. */
  isIdle(): boolean {
    return (
      this.queues.every((q) => q.entries.length === 0) &&
      this.agents.every((a) => a.ringing === null && a.talk === null && a.wrapUntil <= this.nowMs) &&
      this.pendingExitHangups === 0
    );
  }

  truth(): SimTruth {
    const at = this.nowMs;
    const day = this.calendar.day(at);
    const answered = this.ledger.answeredByAgentOn(day);
    const waiting: Record<string, TruthCaller[]> = {};
    for (const queue of this.queues) {
      waiting[queue.name] = queue.entries.map((entry, index) => ({
        callId: entry.caller.uniqueid,
        joinedAt: entry.joinedAt,
        position: index + 1,
        callerId: entry.caller.callerNum || null,
        ringing: entry.ring?.agent.id ?? null,
      }));
    }
    const agents: Record<string, TruthAgent> = {};
    for (const agent of this.agents) {
      agents[agent.id] = {
        id: agent.id,
        name: agent.name,
        state: agent.state,
        since: agent.stateSince,
        pausedReason: agent.state === 'paused' ? agent.pausedReason : null,
        queues: agent.loggedIn ? agent.queues.map((q) => q.name) : [],
        deviceStatus: agent.loggedIn ? agent.announcedDevice : 0,
        answeredToday: answered[agent.id] ?? 0,
      };
    }
    return { at, day, waiting, agents };
  }

  queueStatus(): QueueStatusView {
    return {
      at: this.nowMs,
      queues: this.queues.map((queue) => ({
        name: queue.name,
        strategy: queue.config.strategy,
        serviceLevelSec: queue.config.serviceLevelSec,
        stats: { ...queue.stats },
        waitingCount: queue.entries.length,
        members: queue.members.filter((m) => m.loggedIn).map((m) => this.memberView(m, queue)),
        entries: queue.entries.map((entry) => ({ channel: entry.caller, joinedAt: entry.joinedAt })),
      })),
    };
  }

  // ---- scheduling -------------------------------------------------------

  private schedule(at: number, item: Scheduled): void {
    this.heap.push(Math.max(Math.round(at), this.nowMs), item);
  }

  private handle(item: Scheduled): void {
    switch (item.kind) {
      case 'arrival':
        return this.arrive(item.queue);
      case 'patienceEnd':
        return this.callerHangsUp(item.entry);
      case 'maxWait':
        return this.callerTimesOut(item.entry);
      case 'ringEnd':
        return this.ringEnds(item.entry, item.attempt);
      case 'offerAgain':
        return this.dispatch();
      case 'talkEnd':
        return this.talkEnds(item.agent, item.entry);
      case 'wrapEnd':
        this.refreshState(item.agent);
        return this.dispatch();
      case 'exitHangup':
        this.pendingExitHangups--;
        return this.emit(ami.hangup(this.nowMs, item.channel));
      case 'emptyCheck':
        return this.exitIfEmpty(item.queue);
      case 'pauseWish':
        return this.pauseWish(item.agent, item.generation);
      case 'unpause':
        return this.unpause(item.agent, item.generation);
      case 'logoutWish':
        return this.logoutWish(item.agent, item.generation);
      case 'login':
        return this.login(item.agent);
      case 'offlineWish':
        return this.offlineWish(item.agent, item.generation);
      case 'online':
        return this.backOnline(item.agent, item.generation);
    }
  }

  private emit(event: AmiEvent): void {
    this.outbox.push(event);
    this.emittedTotal++;
    this.emitted.set(event.name, (this.emitted.get(event.name) ?? 0) + 1);
  }

  // ---- arrivals ------------------------------------------------------------

  /** Arrivals per ms at an instant: the queue's peak rate shaped by the intraday profile. */
  private arrivalRate(queue: SimQueue, at: number): number {
    const weight = this.config.intradayProfile[this.calendar.slotOfDay(at)] ?? 0;
    return (queue.config.peakCallsPerHour * this.config.scale * weight) / 3_600_000;
  }

  /**
   * Next arrival of a Poisson process whose rate is constant within each local
   * 15-minute slot: one unit-exponential amount of "rate x time" is spent slot
   * by slot (exact for piecewise-constant rates).
   */
  private scheduleArrival(queue: SimQueue, from: number): void {
    let remaining = this.random.exponential(1);
    let at = from;
    for (let slots = 0; slots < 8 * 96; slots++) {
      const slotEnd = this.calendar.intervalStart(at) + INTERVAL_MS;
      const rate = this.arrivalRate(queue, at);
      if (rate > 0) {
        const needed = remaining / rate;
        if (at + needed < slotEnd) {
          this.schedule(at + needed, { kind: 'arrival', queue });
          return;
        }
        remaining -= rate * (slotEnd - at);
      }
      at = slotEnd;
    }
    // A week without load in this queue: no arrivals are scheduled for it.
  }

  private arrive(queue: SimQueue): void {
    if (this.arrivalsStopped) return;
    this.scheduleArrival(queue, this.nowMs);
    const at = this.nowMs;
    const caller = this.channels.create(CALLER_ENDPOINT, at, {
      state: ChannelState.ring,
      callerNum: `79${this.random.int(10_000_000, 99_999_999)}${this.random.int(0, 9)}`,
      callerName: this.random.chance(0.2) ? this.random.pick(COMPANY_NAMES) : '',
      connectedNum: '',
      connectedName: '',
      language: 'en',
      accountCode: '',
      context: CALLER_CONTEXT,
      exten: queue.config.extension,
      priority: 1,
    });
    this.emit(ami.newexten(at, caller, 'NoOp', `Inbound call for ${queue.name}`));
    caller.priority = 2;
    this.emit(ami.newexten(at, caller, 'Set', 'CALLTYPE=inbound'));
    this.emit(ami.varSet(at, caller, 'CALLTYPE', 'inbound'));
    caller.priority = 3;
    this.emit(ami.newexten(at, caller, 'Answer', ''));
    caller.state = ChannelState.up;
    caller.priority = 4;
    this.enterQueue(queue, caller);
  }

  private enterQueue(queue: SimQueue, caller: Channel): void {
    const at = this.nowMs;
    caller.exten = queue.config.extension;
    caller.priority = 4;
    caller.connectedNum = '';
    caller.connectedName = '';
    this.emit(ami.newexten(at, caller, 'Queue', `${queue.name},t,,,${queue.config.maxWaitSec}`));
    const position = queue.entries.length + 1;
    const entry: QueueEntry = {
      id: this.nextEntryId++,
      queue,
      caller,
      joinedAt: at,
      day: this.calendar.day(at),
      intervalStart: this.calendar.intervalStart(at),
      originalPosition: position,
      phase: 'waiting',
      ring: null,
      eligibleAt: at,
      ringAttempts: 0,
    };
    queue.entries.push(entry);
    this.emit(ami.queueCallerJoin(at, caller, queue.name, position, queue.entries.length));
    this.queueLog?.enterQueue(at, entry);
    this.book(entry, { offered: 1 });
    this.schedule(at + this.random.exponential(queue.config.patienceMeanSec) * 1000, { kind: 'patienceEnd', entry });
    this.schedule(at + queue.config.maxWaitSec * 1000, { kind: 'maxWait', entry });
    if (queue.config.leaveWhenEmpty && this.isEmpty(queue)) {
      this.schedule(at + EMPTY_CHECK_DELAY_MS, { kind: 'emptyCheck', queue });
    }
    this.dispatch();
  }

  private book(entry: QueueEntry, delta: Parameters<Ledger['add']>[3]): void {
    this.ledger.add(entry.queue.name, entry.day, entry.intervalStart, delta);
  }

  // ---- offering calls to agents ----------------------------------------------

  private canTakeCall(agent: SimAgent): boolean {
    return (
      agent.loggedIn &&
      !agent.offline &&
      !agent.paused &&
      agent.ringing === null &&
      agent.talk === null &&
      agent.wrapUntil <= this.nowMs
    );
  }

  /** leavewhenempty=strict: no member that is logged in, reachable and not paused */
  private isEmpty(queue: SimQueue): boolean {
    return !queue.members.some((m) => m.loggedIn && !m.offline && !m.paused);
  }

  /** Offers waiting callers, oldest first across queues, to agents free to take them. */
  private dispatch(): void {
    const waiting: QueueEntry[] = [];
    for (const queue of this.queues) {
      for (const entry of queue.entries) {
        if (entry.phase === 'waiting' && entry.eligibleAt <= this.nowMs) waiting.push(entry);
      }
    }
    if (waiting.length === 0) return;
    waiting.sort((a, b) => a.joinedAt - b.joinedAt || a.id - b.id);
    for (const entry of waiting) {
      const agent = this.chooseAgent(entry.queue);
      if (agent) this.ring(entry, agent);
    }
  }

  private chooseAgent(queue: SimQueue): SimAgent | null {
    const members = queue.members;
    if (queue.config.strategy === 'leastrecent') {
      let best: SimAgent | null = null;
      for (const member of members) {
        if (this.canTakeCall(member) && (best === null || member.lastCallEndAt < best.lastCallEndAt)) best = member;
      }
      return best;
    }
    for (let i = 0; i < members.length; i++) {
      const index = (queue.rrNext + i) % members.length;
      const member = members[index]!;
      if (this.canTakeCall(member)) {
        queue.rrNext = (index + 1) % members.length;
        return member;
      }
    }
    return null;
  }

  private ring(entry: QueueEntry, agent: SimAgent): void {
    const at = this.nowMs;
    const queue = entry.queue;
    const chances = this.config.chances;
    const channel = this.channels.create(
      agent.id,
      at,
      {
        state: ChannelState.down,
        callerNum: agent.extension,
        callerName: agent.name,
        connectedNum: entry.caller.callerNum,
        connectedName: entry.caller.callerName,
        language: 'en',
        accountCode: '',
        context: 'from-internal',
        exten: agent.extension,
        priority: 1,
      },
      entry.caller.linkedid,
    );
    const roll = this.random.next();
    const outcome: Ring['outcome'] =
      roll < chances.ringNoAnswer ? 'noAnswer' : roll < chances.ringNoAnswer + chances.agentDump ? 'dump' : 'answer';
    const ringTimeoutMs = queue.config.ringTimeoutSec * 1000;
    const ringMs =
      outcome === 'noAnswer'
        ? ringTimeoutMs
        : Math.min(ringTimeoutMs - 500, Math.max(800, this.random.lognormal(4_000, 0.45)));
    entry.ringAttempts++;
    entry.ring = { agent, channel, startedAt: at, outcome, attempt: entry.ringAttempts };
    entry.phase = 'ringing';
    agent.ringing = entry;
    this.emit(ami.agentCalled(at, this.memberCall(entry, agent, entry.caller, channel)));
    channel.state = ChannelState.ringing;
    this.announceDevice(agent);
    this.refreshState(agent);
    this.schedule(at + ringMs, { kind: 'ringEnd', entry, attempt: entry.ringAttempts });
  }

  private memberCall(entry: QueueEntry, agent: SimAgent, caller: Channel | null, channel: Channel | null): ami.MemberCall {
    return { caller, agentChannel: channel, queue: entry.queue.name, interface: agent.id, memberName: agent.name };
  }

  /** The agent's phone stops ringing without a conversation (no answer, caller gone, dumped). */
  private endRing(ring: Ring): void {
    const agent = ring.agent;
    this.emit(ami.hangup(this.nowMs, ring.channel));
    agent.ringing = null;
    this.announceDevice(agent);
    this.refreshState(agent);
    this.applyPendingWishes(agent);
  }

  private ringEnds(entry: QueueEntry, attempt: number): void {
    const ring = entry.ring;
    if (entry.phase !== 'ringing' || !ring || ring.attempt !== attempt) return;
    const at = this.nowMs;
    const agent = ring.agent;
    if (ring.outcome === 'noAnswer') {
      this.emit(ami.agentRingNoAnswer(at, this.memberCall(entry, agent, entry.caller, ring.channel), at - ring.startedAt));
      this.queueLog?.ringEnded(at, 'RINGNOANSWER', entry, agent, at - ring.startedAt);
      entry.ring = null;
      entry.phase = 'waiting';
      entry.eligibleAt = at + entry.queue.config.retrySec * 1000;
      this.schedule(entry.eligibleAt, { kind: 'offerAgain' });
      this.endRing(ring);
      this.dispatch();
      return;
    }
    ring.channel.state = ChannelState.up;
    if (ring.outcome === 'dump') {
      this.dumpCall(entry, ring);
      return;
    }
    this.connect(entry, ring);
  }

  private connect(entry: QueueEntry, ring: Ring): void {
    const at = this.nowMs;
    const agent = ring.agent;
    const queue = entry.queue;
    const caller = entry.caller;
    const holdSec = elapsedSec(entry.joinedAt, at);
    caller.connectedNum = agent.extension;
    caller.connectedName = agent.name;
    agent.ringing = null;
    agent.talk = { entry, channel: ring.channel, connectedAt: at, holdSec };
    entry.ring = null;
    entry.phase = 'talking';
    this.announceDevice(agent);
    // setqueueentryvar=yes: app_queue sets these on both channels before the caller leaves the queue
    for (const channel of [caller, ring.channel]) {
      this.emit(ami.varSet(at, channel, 'QEHOLDTIME', String(holdSec)));
      this.emit(ami.varSet(at, channel, 'QEORIGINALPOS', String(entry.originalPosition)));
    }
    this.leaveQueue(entry);
    this.emit(
      ami.agentConnect(at, this.memberCall(entry, agent, caller, ring.channel), holdSec, secondsOf(at - ring.startedAt)),
    );
    this.queueLog?.connect(at, entry, agent, holdSec, ring.channel.uniqueid, secondsOf(at - ring.startedAt));
    this.emit(ami.varSet(at, caller, 'BRIDGEPEER', ring.channel.name));
    this.emit(ami.varSet(at, ring.channel, 'BRIDGEPEER', caller.name));
    const withinSl = holdSec <= queue.config.serviceLevelSec;
    this.book(entry, { answered: 1, answeredWithinSl: withinSl ? 1 : 0, holdSec });
    this.ledger.countAnswer(agent.id, this.calendar.day(at));
    queue.stats.holdtime = Math.floor((queue.stats.holdtime * 3 + holdSec) / 4);
    this.refreshState(agent);
    const talk = this.random.lognormal(queue.config.talkSec.median * 1000, queue.config.talkSec.sigma);
    this.schedule(at + Math.min(MAX_TALK_MS, Math.max(MIN_TALK_MS, talk)), { kind: 'talkEnd', agent, entry });
  }

  /**
   * AgentDump: the member's channel hung up before the bridge. app_queue raises
   * AgentDump and hangs the caller up; no QueueCallerAbandon, no QUEUESTATUS.
   */
  private dumpCall(entry: QueueEntry, ring: Ring): void {
    const at = this.nowMs;
    const agent = ring.agent;
    agent.ringing = null;
    entry.ring = null;
    entry.phase = 'gone';
    this.emit(ami.agentDump(at, this.memberCall(entry, agent, entry.caller, ring.channel)));
    this.queueLog?.agentDump(at, entry, agent);
    // queue_exec logs a caller whose Queue() ends unhandled as ABANDON (its `stop:` path).
    this.queueLog?.callerExit(at, 'ABANDON', entry, this.positionOf(entry), elapsedSec(entry.joinedAt, at));
    this.leaveQueue(entry);
    this.emit(ami.hangup(at, ring.channel));
    this.announceDevice(agent);
    this.refreshState(agent);
    this.emit(ami.hangup(at, entry.caller));
    this.book(entry, { timedOut: 1 });
    this.applyPendingWishes(agent);
    this.dispatch();
  }

  private talkEnds(agent: SimAgent, entry: QueueEntry): void {
    const talk = agent.talk;
    if (!talk || talk.entry !== entry) return;
    const at = this.nowMs;
    const queue = entry.queue;
    const caller = entry.caller;
    const chances = this.config.chances;
    const otherQueues = this.queues.filter((q) => q !== queue);
    const reason: ami.CompleteReason =
      otherQueues.length > 0 && this.random.chance(chances.transfer)
        ? 'transfer'
        : this.random.chance(chances.agentHangsUp)
          ? 'agent'
          : 'caller';
    const talkSec = elapsedSec(talk.connectedAt, at);
    // When the caller hung up, their snapshot (and sometimes the member's) may be gone by the time the event is built.
    const callerGone = reason === 'caller' && this.random.chance(chances.completeWithoutCaller);
    const destGone = reason === 'caller' && this.random.chance(chances.completeWithoutDest);
    const complete = ami.agentComplete(
      at,
      this.memberCall(entry, agent, callerGone ? null : caller, destGone ? null : talk.channel),
      talk.holdSec,
      talkSec,
      reason,
    );
    if (callerGone) this.emit(ami.hangup(at, caller));
    this.emit(complete);
    if (reason !== 'transfer') this.queueLog?.complete(at, entry, agent, reason, talk.holdSec, talkSec);
    this.emit(ami.hangup(at, talk.channel));
    if (reason === 'agent' || (reason === 'caller' && !callerGone)) this.emit(ami.hangup(at, caller));

    agent.talk = null;
    agent.callsTaken.set(queue.name, (agent.callsTaken.get(queue.name) ?? 0) + 1);
    agent.lastCallSec = secondsOf(at);
    agent.lastCallEndAt = at;
    agent.wrapUntil = at + queue.config.wrapupSec * 1000;
    if (queue.config.wrapupSec > 0) this.schedule(agent.wrapUntil, { kind: 'wrapEnd', agent });
    entry.phase = 'gone';
    this.book(entry, { handled: 1, talkSec, wrapSec: queue.config.wrapupSec });
    queue.stats.completed++;
    if (talk.holdSec <= queue.config.serviceLevelSec) queue.stats.completedInSl++;
    queue.stats.talktime = Math.floor((queue.stats.talktime * 3 + talkSec) / 4);
    this.announceDevice(agent);
    this.refreshState(agent);

    if (reason === 'transfer') {
      // A blind transfer: the same channel (same Uniqueid) runs into another queue's extension.
      caller.context = 'from-internal-xfer';
      const target = this.random.pick(otherQueues);
      this.queueLog?.blindTransfer(at, entry, agent, target.config.extension, caller.context, talk.holdSec, talkSec);
      this.enterQueue(target, caller);
    }
    this.applyPendingWishes(agent);
    this.dispatch();
  }

  // ---- callers leaving unanswered ----------------------------------------------

  private leaveQueue(entry: QueueEntry): number {
    const queue = entry.queue;
    const index = queue.entries.indexOf(entry);
    if (index < 0) throw new Error(`caller ${entry.caller.uniqueid} is not in queue ${queue.name}`);
    queue.entries.splice(index, 1);
    this.emit(ami.queueCallerLeave(this.nowMs, entry.caller, queue.name, queue.entries.length, index + 1));
    return index + 1;
  }

  private positionOf(entry: QueueEntry): number {
    return entry.queue.entries.indexOf(entry) + 1;
  }

  private recordAbandoned(entry: QueueEntry, holdSec: number): void {
    entry.queue.stats.abandoned++;
    if (holdSec <= entry.queue.config.serviceLevelSec) entry.queue.stats.abandonedInSl++;
  }

  private callerHangsUp(entry: QueueEntry): void {
    if (entry.phase !== 'waiting' && entry.phase !== 'ringing') return;
    const at = this.nowMs;
    const ring = entry.ring;
    const holdSec = elapsedSec(entry.joinedAt, at);
    this.emit(ami.queueCallerAbandon(at, entry.caller, entry.queue.name, this.positionOf(entry), entry.originalPosition, holdSec));
    if (ring) this.queueLog?.ringEnded(at, 'RINGCANCELED', entry, ring.agent, at - ring.startedAt);
    this.queueLog?.callerExit(at, 'ABANDON', entry, this.positionOf(entry), holdSec);
    this.leaveQueue(entry);
    this.emit(ami.hangup(at, entry.caller));
    entry.phase = 'gone';
    entry.ring = null;
    if (ring) this.endRing(ring);
    this.recordAbandoned(entry, holdSec);
    this.book(entry, { abandoned: 1, shortAbandoned: holdSec < this.config.shortAbandonSec ? 1 : 0 });
    this.dispatch();
  }

  private callerTimesOut(entry: QueueEntry): void {
    if (entry.phase !== 'waiting' && entry.phase !== 'ringing') return;
    const ring = entry.ring;
    if (ring) {
      // The queue's timeout cut the ring short: rna() reports the member first.
      this.emit(
        ami.agentRingNoAnswer(this.nowMs, this.memberCall(entry, ring.agent, entry.caller, ring.channel), this.nowMs - ring.startedAt),
      );
      this.queueLog?.ringEnded(this.nowMs, 'RINGNOANSWER', entry, ring.agent, this.nowMs - ring.startedAt);
      entry.ring = null;
      this.endRing(ring);
    }
    this.sendOn(entry, 'TIMEOUT');
    this.dispatch();
  }

  private exitIfEmpty(queue: SimQueue): void {
    if (!queue.config.leaveWhenEmpty || !this.isEmpty(queue)) return;
    for (const entry of [...queue.entries]) {
      if (entry.phase === 'waiting') this.sendOn(entry, 'LEAVEEMPTY');
    }
  }

  /** The queue lets the caller go unanswered: QueueCallerAbandon, QueueCallerLeave, then QUEUESTATUS. */
  private sendOn(entry: QueueEntry, status: 'TIMEOUT' | 'LEAVEEMPTY'): void {
    const at = this.nowMs;
    const caller = entry.caller;
    const holdSec = elapsedSec(entry.joinedAt, at);
    this.emit(ami.queueCallerAbandon(at, caller, entry.queue.name, this.positionOf(entry), entry.originalPosition, holdSec));
    this.queueLog?.callerExit(at, status === 'TIMEOUT' ? 'EXITWITHTIMEOUT' : 'EXITEMPTY', entry, this.positionOf(entry), holdSec);
    this.leaveQueue(entry);
    this.emit(ami.varSet(at, caller, 'QUEUESTATUS', status));
    caller.priority = 5;
    this.emit(ami.newexten(at, caller, 'Playback', 'vm-goodbye'));
    entry.phase = 'gone';
    this.recordAbandoned(entry, holdSec);
    this.book(entry, { timedOut: 1 });
    this.pendingExitHangups++;
    this.schedule(at + this.random.between(EXIT_HANGUP_MIN_MS, EXIT_HANGUP_MAX_MS), { kind: 'exitHangup', channel: caller });
  }

  private checkEmptyQueuesOf(agent: SimAgent): void {
    for (const queue of agent.queues) {
      if (queue.config.leaveWhenEmpty && queue.entries.length > 0 && this.isEmpty(queue)) {
        this.schedule(this.nowMs + EMPTY_CHECK_DELAY_MS, { kind: 'emptyCheck', queue });
      }
    }
  }

  // ---- agents ------------------------------------------------------------------

  private createAgent(config: SimulatorConfig['agents'][number]): SimAgent {
    const at = this.nowMs;
    const agent: SimAgent = {
      id: config.interface,
      name: config.name,
      extension: config.interface.slice(config.interface.indexOf('/') + 1),
      queues: config.queues.map((name) => this.queueByName.get(name)!),
      loggedIn: config.loggedIn,
      loginTimeSec: secondsOf(at),
      paused: config.loggedIn && config.pausedReason !== null,
      pausedReason: config.pausedReason ?? '',
      lastPauseSec: config.pausedReason !== null ? secondsOf(at) : 0,
      callsTaken: new Map(),
      lastCallSec: 0,
      lastCallEndAt: 0,
      offline: false,
      ringing: null,
      talk: null,
      wrapUntil: 0,
      announcedDevice: DEVICE.notInUse,
      pendingPause: null,
      pendingLogout: false,
      generation: 0,
      state: 'loggedOut',
      stateSince: at,
    };
    for (const queue of agent.queues) queue.members.push(agent);
    agent.state = this.stateOf(agent);
    if (agent.loggedIn) {
      this.scheduleWishes(agent);
      if (agent.paused) this.schedule(at + this.pauseLengthMs(agent.pausedReason), { kind: 'unpause', agent, generation: 0 });
    } else {
      this.schedule(at + this.logoutLengthMs(), { kind: 'login', agent });
    }
    return agent;
  }

  private stateOf(agent: SimAgent): AgentState {
    if (!agent.loggedIn || agent.offline) return 'loggedOut';
    if (agent.talk) return 'busy';
    if (agent.ringing) return 'ringing';
    if (agent.paused) return 'paused';
    if (this.nowMs < agent.wrapUntil) return 'wrapup';
    return 'available';
  }

  private refreshState(agent: SimAgent): void {
    const state = this.stateOf(agent);
    if (state !== agent.state) {
      agent.state = state;
      agent.stateSince = this.nowMs;
    }
  }

  private deviceOf(agent: SimAgent): number {
    if (agent.offline) return DEVICE.unavailable;
    if (agent.talk) return DEVICE.inUse;
    if (agent.ringing) return DEVICE.ringing;
    return DEVICE.notInUse;
  }

  /** A device state change reaches every queue the member is in: one QueueMemberStatus each. */
  private announceDevice(agent: SimAgent): void {
    const device = this.deviceOf(agent);
    if (device === agent.announcedDevice) return;
    agent.announcedDevice = device;
    if (!agent.loggedIn) return;
    for (const queue of agent.queues) {
      this.emit(ami.queueMemberEvent('QueueMemberStatus', this.nowMs, this.memberView(agent, queue)));
    }
  }

  private memberView(agent: SimAgent, queue: SimQueue): ami.QueueMemberView {
    return {
      queue: queue.name,
      memberName: agent.name,
      interface: agent.id,
      callsTaken: agent.callsTaken.get(queue.name) ?? 0,
      lastCall: agent.lastCallSec,
      lastPause: agent.lastPauseSec,
      loginTime: agent.loginTimeSec,
      inCall: agent.talk !== null,
      status: this.deviceOf(agent),
      paused: agent.paused,
      pausedReason: agent.pausedReason,
    };
  }

  private emitForEachQueue(name: ami.QueueMemberEventName, agent: SimAgent): void {
    for (const queue of agent.queues) this.emit(ami.queueMemberEvent(name, this.nowMs, this.memberView(agent, queue)));
  }

  private isOnCall(agent: SimAgent): boolean {
    return agent.ringing !== null || agent.talk !== null;
  }

  private scheduleWishes(agent: SimAgent): void {
    const behaviour = this.config.behaviour;
    const at = this.nowMs;
    const generation = agent.generation;
    if (behaviour.pausesPerHour > 0 && !agent.paused) {
      this.schedule(at + this.random.exponential(3_600_000 / behaviour.pausesPerHour), { kind: 'pauseWish', agent, generation });
    }
    if (behaviour.logoutsPerDay > 0) {
      this.schedule(at + this.random.exponential(86_400_000 / behaviour.logoutsPerDay), { kind: 'logoutWish', agent, generation });
    }
    this.scheduleOffline(agent);
  }

  private scheduleOffline(agent: SimAgent): void {
    const perDay = this.config.behaviour.deviceOfflinePerDay;
    if (perDay <= 0) return;
    this.schedule(this.nowMs + this.random.exponential(86_400_000 / perDay), {
      kind: 'offlineWish',
      agent,
      generation: agent.generation,
    });
  }

  private pauseLengthMs(reason: string): number {
    const reasons = this.config.behaviour.pauseReasons;
    const known = reasons.find((r) => r.reason === reason) ?? reasons[0]!;
    return this.random.between(known.minSec, known.maxSec) * 1000;
  }

  private logoutLengthMs(): number {
    const behaviour = this.config.behaviour;
    return this.random.between(behaviour.logoutMinSec, behaviour.logoutMaxSec) * 1000;
  }

  private pauseWish(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.loggedIn || agent.paused) return;
    const reason = this.random.weighted(this.config.behaviour.pauseReasons, (r) => r.weight).reason;
    if (agent.offline) {
      this.schedule(this.nowMs + BUSY_RETRY_MS, { kind: 'pauseWish', agent, generation });
    } else if (this.isOnCall(agent)) {
      agent.pendingPause = reason;
    } else {
      this.pause(agent, reason);
    }
  }

  /** A pause without a queue name: one QueueMemberPause per queue. */
  private pause(agent: SimAgent, reason: string): void {
    agent.paused = true;
    agent.pausedReason = reason;
    agent.lastPauseSec = secondsOf(this.nowMs);
    this.emitForEachQueue('QueueMemberPause', agent);
    this.queueLog?.pauseEverywhere(this.nowMs, agent, true, reason);
    this.refreshState(agent);
    this.schedule(this.nowMs + this.pauseLengthMs(reason), { kind: 'unpause', agent, generation: agent.generation });
    this.checkEmptyQueuesOf(agent);
  }

  private unpause(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.loggedIn || !agent.paused) return;
    agent.paused = false;
    this.emitForEachQueue('QueueMemberPause', agent);
    this.queueLog?.pauseEverywhere(this.nowMs, agent, false, '');
    this.refreshState(agent);
    const perHour = this.config.behaviour.pausesPerHour;
    if (perHour > 0) {
      this.schedule(this.nowMs + this.random.exponential(3_600_000 / perHour), { kind: 'pauseWish', agent, generation });
    }
    this.dispatch();
  }

  private logoutWish(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.loggedIn) return;
    if (agent.offline) {
      this.schedule(this.nowMs + BUSY_RETRY_MS, { kind: 'logoutWish', agent, generation });
    } else if (this.isOnCall(agent)) {
      agent.pendingLogout = true;
    } else {
      this.logout(agent);
    }
  }

  /** QueueMemberRemoved for each queue; a later login creates fresh members (counters reset, not paused). */
  private logout(agent: SimAgent): void {
    this.emitForEachQueue('QueueMemberRemoved', agent);
    this.queueLog?.membership(this.nowMs, agent, 'REMOVEMEMBER');
    agent.loggedIn = false;
    agent.generation++;
    agent.pendingPause = null;
    agent.pendingLogout = false;
    this.refreshState(agent);
    this.schedule(this.nowMs + this.logoutLengthMs(), { kind: 'login', agent });
    this.checkEmptyQueuesOf(agent);
  }

  private login(agent: SimAgent): void {
    if (agent.loggedIn) return;
    agent.loggedIn = true;
    agent.loginTimeSec = secondsOf(this.nowMs);
    agent.paused = false;
    agent.pausedReason = '';
    agent.lastPauseSec = 0;
    agent.callsTaken.clear();
    agent.lastCallSec = 0;
    agent.announcedDevice = this.deviceOf(agent);
    this.emitForEachQueue('QueueMemberAdded', agent);
    this.queueLog?.membership(this.nowMs, agent, 'ADDMEMBER');
    this.refreshState(agent);
    this.scheduleWishes(agent);
    this.dispatch();
  }

  private applyPendingWishes(agent: SimAgent): void {
    if (this.isOnCall(agent) || !agent.loggedIn) return;
    if (agent.pendingLogout) {
      this.logout(agent);
      return;
    }
    if (agent.pendingPause !== null && !agent.paused) {
      const reason = agent.pendingPause;
      agent.pendingPause = null;
      this.pause(agent, reason);
    }
  }

  private offlineWish(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.loggedIn || agent.offline) return;
    if (this.isOnCall(agent)) {
      this.schedule(this.nowMs + BUSY_RETRY_MS, { kind: 'offlineWish', agent, generation });
      return;
    }
    agent.offline = true;
    this.announceDevice(agent);
    this.refreshState(agent);
    const behaviour = this.config.behaviour;
    this.schedule(this.nowMs + this.random.between(behaviour.deviceOfflineMinSec, behaviour.deviceOfflineMaxSec) * 1000, {
      kind: 'online',
      agent,
      generation,
    });
    this.checkEmptyQueuesOf(agent);
  }

  private backOnline(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.offline) return;
    agent.offline = false;
    this.announceDevice(agent);
    this.refreshState(agent);
    this.scheduleOffline(agent);
    this.dispatch();
  }
}
