import { INTERVAL_MS } from '../../shared/site-time';
import * as ami from './ami-events';
import { ChannelState, WITHHELD_NUMBER, type Channel } from './channel';
import type { ModelContext } from './model-context';
import type { QueueEntry, Ring, SimAgent, SimQueue } from './sim-entities';
import { elapsedSec } from './whole-seconds';

const CALLER_ENDPOINT = 'PJSIP/provider';
const CALLER_CONTEXT = 'from-pstn';
/** app_queue looks at an empty queue once per wait-loop pass, about a second */
const EMPTY_CHECK_DELAY_MS = 1_000;
/** a caller sent on by the queue plays a goodbye message before hanging up */
const EXIT_HANGUP_MIN_MS = 3_000;
const EXIT_HANGUP_MAX_MS = 8_000;
const COMPANY_NAMES = ['ООО Ромашка', 'Acme Corp', 'Globex', 'Initech', 'Umbrella'];

/** What the callers' side needs from offering calls to agents. */
export interface CallerHooks {
  /** offer waiting callers to agents free to take them */
  dispatch(): void;
  /** the phone rung for a caller who is gone stops ringing */
  endRing(ring: Ring): void;
  /** the queue's timeout cut a ring short */
  ringTimedOut(entry: QueueEntry, ring: Ring): void;
}

/**
 * Callers: Poisson arrivals shaped by the intraday profile, the stay in a
 * queue, and the ways out unanswered: hanging up when patience ends
 * (abandoned), or sent on by the queue (timeout, leave-when-empty).
 */
export class QueueCallers {
  private nextEntryId = 1;
  private arrivalsStopped = false;
  /** callers sent on by the queue whose Hangup is still to come */
  private exitHangupsPending = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly hooks: CallerHooks,
  ) {}

  /** Schedules the first arrival of every queue. */
  start(): void {
    for (const queue of this.ctx.queues) this.scheduleArrival(queue, this.ctx.now());
  }

  /** No new callers from now on; callers already in a queue stay. */
  stopArrivals(): void {
    this.arrivalsStopped = true;
  }

  get hangupsPending(): number {
    return this.exitHangupsPending;
  }

  /** The caller's channel runs into the queue's Queue() (on arrival, or after a blind transfer). */
  enterQueue(queue: SimQueue, caller: Channel): void {
    const { ctx } = this;
    const at = ctx.now();
    caller.exten = queue.config.extension;
    caller.priority = 4;
    caller.connectedNum = '';
    caller.connectedName = '';
    ctx.ami.emit(ami.newexten(at, caller, 'Queue', `${queue.name},t,,,${queue.config.maxWaitSec}`));
    const position = queue.entries.length + 1;
    const entry: QueueEntry = {
      id: this.nextEntryId++,
      queue,
      caller,
      joinedAt: at,
      day: ctx.calendar.day(at),
      intervalStart: ctx.calendar.intervalStart(at),
      originalPosition: position,
      phase: 'waiting',
      ring: null,
      eligibleAt: at,
      ringAttempts: 0,
    };
    queue.entries.push(entry);
    ctx.ami.emit(ami.queueCallerJoin(at, caller, queue.name, position, queue.entries.length));
    ctx.queueLog?.enterQueue(at, entry);
    ctx.books.offered(entry);
    ctx.schedule(at + ctx.random.exponential(queue.config.patienceMeanSec) * 1000, () => this.callerHangsUp(entry));
    ctx.schedule(at + queue.config.maxWaitSec * 1000, () => this.callerTimesOut(entry));
    if (queue.config.leaveWhenEmpty && isEmpty(queue)) {
      ctx.schedule(at + EMPTY_CHECK_DELAY_MS, () => this.exitIfEmpty(queue));
    }
    this.hooks.dispatch();
  }

  /** The agent left or can no longer take calls: a leave-when-empty queue may now send its callers on. */
  checkEmptyQueuesOf(agent: SimAgent): void {
    for (const queue of agent.queues) {
      if (queue.config.leaveWhenEmpty && queue.entries.length > 0 && isEmpty(queue)) {
        this.ctx.schedule(this.ctx.now() + EMPTY_CHECK_DELAY_MS, () => this.exitIfEmpty(queue));
      }
    }
  }

  /** Arrivals per ms at an instant: the queue's peak rate shaped by the intraday profile. */
  private arrivalRate(queue: SimQueue, at: number): number {
    const { config, calendar } = this.ctx;
    const weight = config.intradayProfile[calendar.slotOfDay(at)] ?? 0;
    return (queue.config.peakCallsPerHour * config.scale * weight) / 3_600_000;
  }

  /**
   * Next arrival of a Poisson process whose rate is constant within each local
   * 15-minute slot: one unit-exponential amount of "rate x time" is spent slot
   * by slot (exact for piecewise-constant rates).
   */
  private scheduleArrival(queue: SimQueue, from: number): void {
    let remaining = this.ctx.random.exponential(1);
    let at = from;
    for (let slots = 0; slots < 8 * 96; slots++) {
      const slotEnd = this.ctx.calendar.intervalStart(at) + INTERVAL_MS;
      const rate = this.arrivalRate(queue, at);
      if (rate > 0) {
        const needed = remaining / rate;
        if (at + needed < slotEnd) {
          this.ctx.schedule(at + needed, () => this.arrive(queue));
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
    const { ctx } = this;
    this.scheduleArrival(queue, ctx.now());
    const number = `79${ctx.random.int(10_000_000, 99_999_999)}${ctx.random.int(0, 9)}`;
    this.call(queue, ctx.random.chance(ctx.config.chances.withheldNumber) ? WITHHELD_NUMBER : number);
  }

  /**
   * Some who gave up call again (callbacks' "reached later" and repeat abandons need them), mostly into
   * the same queue, now and then from a trunk that presents the number as +7...
   */
  private maybeCallAgain(entry: QueueEntry): void {
    const { ctx } = this;
    const { chances, behaviour } = ctx.config;
    const number = entry.caller.callerNum.replace(/^\+/, '');
    if (number === WITHHELD_NUMBER || !ctx.random.chance(chances.callAgain)) return;
    const others = ctx.queues.filter((q) => q !== entry.queue);
    const queue = others.length > 0 && ctx.random.chance(chances.callAgainElsewhere) ? ctx.random.pick(others) : entry.queue;
    const presented = ctx.random.chance(chances.callAgainPlusForm) ? `+${number}` : number;
    const delayMs = ctx.random.between(behaviour.callAgainMinSec, behaviour.callAgainMaxSec) * 1000;
    ctx.schedule(ctx.now() + delayMs, () => {
      if (!this.arrivalsStopped) this.call(queue, presented);
    });
  }

  /** A call from `callerNum` rings in and runs into the queue. */
  private call(queue: SimQueue, callerNum: string): void {
    const { ctx } = this;
    const at = ctx.now();
    const caller = ctx.channels.create(CALLER_ENDPOINT, at, {
      state: ChannelState.ring,
      callerNum,
      callerName: ctx.random.chance(0.2) ? ctx.random.pick(COMPANY_NAMES) : '',
      connectedNum: '',
      connectedName: '',
      language: 'en',
      accountCode: '',
      context: CALLER_CONTEXT,
      exten: queue.config.extension,
      priority: 1,
    });
    ctx.ami.emit(ami.newexten(at, caller, 'NoOp', `Inbound call for ${queue.name}`));
    caller.priority = 2;
    ctx.ami.emit(ami.newexten(at, caller, 'Set', 'CALLTYPE=inbound'));
    ctx.ami.emit(ami.varSet(at, caller, 'CALLTYPE', 'inbound'));
    caller.priority = 3;
    ctx.ami.emit(ami.newexten(at, caller, 'Answer', ''));
    caller.state = ChannelState.up;
    caller.priority = 4;
    this.enterQueue(queue, caller);
  }

  private callerHangsUp(entry: QueueEntry): void {
    if (entry.phase !== 'waiting' && entry.phase !== 'ringing') return;
    const { ctx } = this;
    const at = ctx.now();
    const ring = entry.ring;
    const holdSec = elapsedSec(entry.joinedAt, at);
    ctx.ami.emit(ami.queueCallerAbandon(at, entry.caller, entry.queue.name, positionOf(entry), entry.originalPosition, holdSec));
    if (ring) ctx.queueLog?.ringEnded(at, 'RINGCANCELED', entry, ring.agent, at - ring.startedAt);
    ctx.queueLog?.callerExit(at, 'ABANDON', entry, positionOf(entry), holdSec);
    leaveQueue(ctx, entry);
    ctx.ami.emit(ami.hangup(at, entry.caller));
    entry.phase = 'gone';
    entry.ring = null;
    if (ring) this.hooks.endRing(ring);
    ctx.books.abandoned(entry, holdSec, at);
    this.maybeCallAgain(entry);
    this.hooks.dispatch();
  }

  private callerTimesOut(entry: QueueEntry): void {
    if (entry.phase !== 'waiting' && entry.phase !== 'ringing') return;
    if (entry.ring) this.hooks.ringTimedOut(entry, entry.ring);
    this.sendOn(entry, 'TIMEOUT');
    this.hooks.dispatch();
  }

  private exitIfEmpty(queue: SimQueue): void {
    if (!queue.config.leaveWhenEmpty || !isEmpty(queue)) return;
    for (const entry of [...queue.entries]) {
      if (entry.phase === 'waiting') this.sendOn(entry, 'LEAVEEMPTY');
    }
  }

  /** The queue lets the caller go unanswered: QueueCallerAbandon, QueueCallerLeave, then QUEUESTATUS. */
  private sendOn(entry: QueueEntry, status: 'TIMEOUT' | 'LEAVEEMPTY'): void {
    const { ctx } = this;
    const at = ctx.now();
    const caller = entry.caller;
    const holdSec = elapsedSec(entry.joinedAt, at);
    ctx.ami.emit(ami.queueCallerAbandon(at, caller, entry.queue.name, positionOf(entry), entry.originalPosition, holdSec));
    ctx.queueLog?.callerExit(at, status === 'TIMEOUT' ? 'EXITWITHTIMEOUT' : 'EXITEMPTY', entry, positionOf(entry), holdSec);
    leaveQueue(ctx, entry);
    ctx.ami.emit(ami.varSet(at, caller, 'QUEUESTATUS', status));
    caller.priority = 5;
    ctx.ami.emit(ami.newexten(at, caller, 'Playback', 'vm-goodbye'));
    entry.phase = 'gone';
    ctx.books.sentOn(entry, holdSec);
    this.exitHangupsPending++;
    ctx.schedule(at + ctx.random.between(EXIT_HANGUP_MIN_MS, EXIT_HANGUP_MAX_MS), () => {
      this.exitHangupsPending--;
      ctx.ami.emit(ami.hangup(ctx.now(), caller));
    });
  }
}

/** 1 = next to be served */
export function positionOf(entry: QueueEntry): number {
  return entry.queue.entries.indexOf(entry) + 1;
}

/** The caller leaves the queue (answered or not): QueueCallerLeave with the position it had. */
export function leaveQueue(ctx: ModelContext, entry: QueueEntry): void {
  const queue = entry.queue;
  const index = queue.entries.indexOf(entry);
  if (index < 0) throw new Error(`caller ${entry.caller.uniqueid} is not in queue ${queue.name}`);
  queue.entries.splice(index, 1);
  ctx.ami.emit(ami.queueCallerLeave(ctx.now(), entry.caller, queue.name, queue.entries.length, index + 1));
}

/** leavewhenempty=strict: no member that is logged in, reachable and not paused */
function isEmpty(queue: SimQueue): boolean {
  return !queue.members.some((m) => m.loggedIn && !m.offline && !m.paused);
}
