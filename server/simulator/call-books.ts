import { addDays, dayStartMs, type SiteCalendar } from '../../shared/site-time';
import type { AgentState } from '../../shared/snapshot';
import type { Ledger } from './ledger';
import { WITHHELD_NUMBER } from './channel';
import type { QueueEntry } from './sim-entities';

/** Who called, as the simulation knows it: one person whatever form the trunk presents (+7... or 7...). */
function numberOf(entry: QueueEntry): string | null {
  const presented = entry.caller.callerNum;
  return presented === WITHHELD_NUMBER ? null : presented.replace(/^\+/, '');
}

/**
 * Books each outcome of a queue stay twice: in the ledger, by DOMAIN.md's
 * definitions on the day and interval of the join, and in the queue's own
 * counters that Asterisk reports in QueueParams (since "restart", running
 * averages as app_queue's recalc_holdtime keeps them: (old * 3 + new) / 4).
 */
export class CallBooks {
  constructor(
    readonly ledger: Ledger,
    private readonly calendar: SiteCalendar,
    /** a caller who hangs up within this many seconds is a short abandon */
    private readonly shortAbandonSec: number,
  ) {}

  offered(entry: QueueEntry): void {
    this.add(entry, { offered: 1 });
  }

  /** An agent answered at `at`: counted for the agent on the site day of the answer. */
  answered(entry: QueueEntry, agentId: string, at: number, holdSec: number): void {
    const queue = entry.queue;
    const withinSl = holdSec <= queue.config.serviceLevelSec;
    this.add(entry, { answered: 1, answeredWithinSl: withinSl ? 1 : 0, holdSec });
    this.ledger.countAnswer(agentId, this.calendar.day(at));
    this.ledger.noteAnswer(entry.day, numberOf(entry));
    this.ledger.addAgentCalls(agentId, entry.day, { queueId: queue.name, holdSec });
    queue.stats.holdtime = Math.floor((queue.stats.holdtime * 3 + holdSec) / 4);
  }

  /** The conversation ended (AgentComplete); the queue's wrap-up follows it. */
  handled(entry: QueueEntry, agentId: string, holdSec: number, talkSec: number): void {
    const queue = entry.queue;
    this.add(entry, { handled: 1, talkSec, wrapSec: queue.config.wrapupSec });
    this.ledger.addAgentCalls(agentId, entry.day, { talkSec, wrapSec: queue.config.wrapupSec });
    queue.stats.completed++;
    if (holdSec <= queue.config.serviceLevelSec) queue.stats.completedInSl++;
    queue.stats.talktime = Math.floor((queue.stats.talktime * 3 + talkSec) / 4);
  }

  /** The caller hung up at `at`, while waiting or being rung. */
  abandoned(entry: QueueEntry, holdSec: number, at: number): void {
    this.countAsteriskAbandon(entry, holdSec);
    const short = holdSec < this.shortAbandonSec;
    this.add(entry, { abandoned: 1, shortAbandoned: short ? 1 : 0 });
    this.ledger.noteAbandon(entry.day, { number: numberOf(entry), queueId: entry.queue.name, abandonedAt: at, waitSec: holdSec, short });
  }

  /** The queue let the caller go unanswered (timeout, empty queue). */
  sentOn(entry: QueueEntry, holdSec: number): void {
    this.countAsteriskAbandon(entry, holdSec);
    this.add(entry, { timedOut: 1 });
  }

  /** AgentDump: the caller left unanswered without hanging up, so timed out (the model's booking rule). */
  dumped(entry: QueueEntry): void {
    this.add(entry, { timedOut: 1 });
  }

  /**
   * The agent was in `state` over [from, to), paused with `pauseReason` ('' =
   * none): booked on each site day it covers (logged out is not booked).
   */
  agentTime(agentId: string, state: AgentState, from: number, to: number, pauseReason: string): void {
    if (state === 'loggedOut') return;
    for (let start = from; start < to; ) {
      const day = this.calendar.day(start);
      const end = Math.min(to, dayStartMs(this.calendar.timeZone, addDays(day, 1)));
      this.ledger.addAgentTime(agentId, day, state, (end - start) / 1000);
      if (state === 'paused') this.ledger.addPauseTime(agentId, day, pauseReason, (end - start) / 1000);
      start = end;
    }
  }

  /** The agent did not answer a ring for a caller of this queue (AgentRingNoAnswer at `at`). */
  ringNotAnswered(entry: QueueEntry, agentId: string, at: number): void {
    this.ledger.countRingNotAnswered(agentId, this.calendar.day(at), entry.queue.name);
  }

  /** Asterisk counts every QueueCallerAbandon as abandoned, whatever the reason. */
  private countAsteriskAbandon(entry: QueueEntry, holdSec: number): void {
    entry.queue.stats.abandoned++;
    if (holdSec <= entry.queue.config.serviceLevelSec) entry.queue.stats.abandonedInSl++;
  }

  private add(entry: QueueEntry, delta: Parameters<Ledger['add']>[3]): void {
    this.ledger.add(entry.queue.name, entry.day, entry.intervalStart, delta);
  }
}
