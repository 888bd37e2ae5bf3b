import { addCounters, emptyCounters, type Counters } from '../domain/live-state';
import { NO_PAUSE_REASON } from '../../shared/history-api';

/**
 * What truly happened, counted the way DOMAIN.md defines each metric: per queue,
 * per site day and per 15-minute interval, always in the day and interval in
 * which the call entered that queue (a call answered after midnight still counts
 * on the day it joined). Plus calls answered per agent per day, counted on the
 * day of the answer (AgentConnect) as the live board counts them, and each
 * agent's calls by the day they entered the queue, as history's agents' day
 * counts them, and each agent's seconds in each logged-in state per site day,
 * paused seconds by reason, and rings not answered per queue (on the day of the ring).
 */
export class Ledger {
  private readonly byDay = new Map<string, Map<string, Counters>>();
  private readonly byInterval = new Map<string, Map<number, Counters>>();
  private readonly answeredByAgent = new Map<string, Map<string, number>>();
  private readonly agentCallsByDay = new Map<string, Map<string, AgentCalls>>();
  private readonly agentTimeByDay = new Map<string, Map<string, Record<string, number>>>();
  private readonly lostByDay = new Map<string, LostCallsOfDay>();
  private readonly pauseByDay = new Map<string, Map<string, Record<string, number>>>();
  private readonly ringsNotAnsweredByDay = new Map<string, Map<string, Record<string, number>>>();

  constructor(readonly queueIds: readonly string[]) {}

  /** Adds to the counters of the queue's day and interval (both from the join time). */
  add(queueId: string, day: string, intervalStart: number, delta: Partial<Counters>): void {
    addCounters(bucket(this.byDay, queueId, day), delta);
    addCounters(bucket(this.byInterval, queueId, intervalStart), delta);
  }

  countAnswer(agentId: string, day: string): void {
    let days = this.answeredByAgent.get(day);
    if (!days) {
      days = new Map();
      this.answeredByAgent.set(day, days);
    }
    days.set(agentId, (days.get(agentId) ?? 0) + 1);
  }

  /** Adds to an agent's calls of the site day the call entered the queue. */
  addAgentCalls(agentId: string, day: string, delta: { queueId?: string; holdSec?: number; talkSec?: number; wrapSec?: number }): void {
    let agents = this.agentCallsByDay.get(day);
    if (!agents) {
      agents = new Map();
      this.agentCallsByDay.set(day, agents);
    }
    let calls = agents.get(agentId);
    if (!calls) {
      calls = { answeredByQueue: {}, holdSec: 0, talkSec: 0, wrapSec: 0 };
      agents.set(agentId, calls);
    }
    if (delta.queueId !== undefined) calls.answeredByQueue[delta.queueId] = (calls.answeredByQueue[delta.queueId] ?? 0) + 1;
    calls.holdSec += delta.holdSec ?? 0;
    calls.talkSec += delta.talkSec ?? 0;
    calls.wrapSec += delta.wrapSec ?? 0;
  }

  /** agent interface -> the calls it answered that entered on that site day */
  agentCallsOn(day: string): Record<string, AgentCalls> {
    return Object.fromEntries([...(this.agentCallsByDay.get(day) ?? [])].map(([id, c]) => [id, { ...c, answeredByQueue: { ...c.answeredByQueue } }]));
  }

  /** Adds seconds an agent spent in a state (logged in) on a site day. */
  addAgentTime(agentId: string, day: string, state: string, sec: number): void {
    addTo(this.agentTimeByDay, day, agentId, state, sec);
  }

  /** agent interface -> seconds by state (available, ringing, busy, wrapup, paused) on that site day */
  agentTimeOn(day: string): Record<string, Record<string, number>> {
    return tallyOn(this.agentTimeByDay, day);
  }

  /** Adds seconds an agent spent paused with `reason` ('' = none given) on a site day. */
  addPauseTime(agentId: string, day: string, reason: string, sec: number): void {
    addTo(this.pauseByDay, day, agentId, reason === '' ? NO_PAUSE_REASON : reason, sec);
  }

  /** agent interface -> paused seconds by reason (NO_PAUSE_REASON: none given) on that site day */
  pauseByReasonOn(day: string): Record<string, Record<string, number>> {
    return tallyOn(this.pauseByDay, day);
  }

  /** An agent let a ring for a caller of `queueId` go unanswered (AgentRingNoAnswer) on a site day. */
  countRingNotAnswered(agentId: string, day: string, queueId: string): void {
    addTo(this.ringsNotAnsweredByDay, day, agentId, queueId, 1);
  }

  /** agent interface -> rings not answered by queue on that site day */
  ringsNotAnsweredOn(day: string): Record<string, Record<string, number>> {
    return tallyOn(this.ringsNotAnsweredByDay, day);
  }

  /**
   * A caller hung up waiting, on the site day the call entered. Until a call of the same number that
   * entered that day is answered, the caller is lost: what the callback list must show.
   */
  noteAbandon(day: string, abandon: { number: string | null; queueId: string; abandonedAt: number; waitSec: number; short: boolean }): void {
    const lost = this.lostOf(day);
    if (abandon.short) lost.shortAbandons++;
    else if (abandon.number === null) lost.withheld++;
    else lost.pending.set(abandon.number, [...(lost.pending.get(abandon.number) ?? []), { ...abandon, number: abandon.number }]);
  }

  /** A call of `number` that entered on `day` was answered: its earlier abandons of that day are reached. */
  noteAnswer(day: string, number: string | null): void {
    if (number !== null) this.lostByDay.get(day)?.pending.delete(number);
  }

  /** The callers of a site day still lost, one per number (the latest abandon, and how many), oldest first. */
  lostCallersOn(day: string): { callers: LostCaller[]; withheld: number; shortAbandons: number } {
    const lost = this.lostByDay.get(day);
    const callers = [...(lost?.pending.values() ?? [])].map((abandons): LostCaller => {
      const latest = abandons[abandons.length - 1]!;
      return { number: latest.number, queueId: latest.queueId, abandonedAt: latest.abandonedAt, waitSec: latest.waitSec, attempts: abandons.length };
    });
    callers.sort((a, b) => a.abandonedAt - b.abandonedAt || a.number.localeCompare(b.number));
    return { callers, withheld: lost?.withheld ?? 0, shortAbandons: lost?.shortAbandons ?? 0 };
  }

  private lostOf(day: string): LostCallsOfDay {
    let lost = this.lostByDay.get(day);
    if (!lost) {
      lost = { pending: new Map(), withheld: 0, shortAbandons: 0 };
      this.lostByDay.set(day, lost);
    }
    return lost;
  }

  /** The counters of a queue for a site day (zeros when nothing happened). */
  day(queueId: string, day: string): Counters {
    return { ...(this.byDay.get(queueId)?.get(day) ?? emptyCounters()) };
  }

  /** The counters of a queue for the interval starting at `intervalStart` (epoch ms). */
  interval(queueId: string, intervalStart: number): Counters {
    return { ...(this.byInterval.get(queueId)?.get(intervalStart) ?? emptyCounters()) };
  }

  /** Days with any activity in the queue, ascending. */
  days(queueId: string): string[] {
    return [...(this.byDay.get(queueId)?.keys() ?? [])].sort();
  }

  /** Interval starts with any activity in the queue, ascending. */
  intervals(queueId: string): number[] {
    return [...(this.byInterval.get(queueId)?.keys() ?? [])].sort((a, b) => a - b);
  }

  /** Sum over every day. */
  total(queueId: string): Counters {
    const sum = emptyCounters();
    for (const counters of this.byDay.get(queueId)?.values() ?? []) addCounters(sum, counters);
    return sum;
  }

  /** agent interface -> calls answered on that site day */
  answeredByAgentOn(day: string): Record<string, number> {
    return Object.fromEntries(this.answeredByAgent.get(day) ?? []);
  }
}

/** A caller who abandoned and has not been answered since: the latest abandon, and how many there were. */
export interface LostCaller {
  number: string;
  queueId: string;
  abandonedAt: number;
  waitSec: number;
  attempts: number;
}

interface LostCallsOfDay {
  /** number -> its abandons since it was last answered, in time order */
  pending: Map<string, { number: string; queueId: string; abandonedAt: number; waitSec: number }[]>;
  withheld: number;
  shortAbandons: number;
}

/** One agent's answered calls of a day: how many from each queue, and their seconds. */
export interface AgentCalls {
  answeredByQueue: Record<string, number>;
  holdSec: number;
  talkSec: number;
  wrapSec: number;
}

/** day -> agent -> key -> amount: adds to one amount. */
function addTo(index: Map<string, Map<string, Record<string, number>>>, day: string, agentId: string, key: string, amount: number): void {
  let agents = index.get(day);
  if (!agents) {
    agents = new Map();
    index.set(day, agents);
  }
  const tally = agents.get(agentId) ?? {};
  tally[key] = (tally[key] ?? 0) + amount;
  agents.set(agentId, tally);
}

/** A copy of one day's tallies by agent. */
function tallyOn(index: Map<string, Map<string, Record<string, number>>>, day: string): Record<string, Record<string, number>> {
  return Object.fromEntries([...(index.get(day) ?? [])].map(([id, tally]) => [id, { ...tally }]));
}

function bucket<K>(index: Map<string, Map<K, Counters>>, queueId: string, key: K): Counters {
  let perQueue = index.get(queueId);
  if (!perQueue) {
    perQueue = new Map();
    index.set(queueId, perQueue);
  }
  let counters = perQueue.get(key);
  if (!counters) {
    counters = emptyCounters();
    perQueue.set(key, counters);
  }
  return counters;
}
