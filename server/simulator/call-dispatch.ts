import { refreshState } from './agent-status';
import { memberCall } from './ami-output';
import * as ami from './ami-events';
import { ChannelState } from './channel';
import type { ModelContext } from './model-context';
import { leaveQueue, positionOf } from './queue-callers';
import type { QueueEntry, Ring, SimAgent, SimQueue } from './sim-entities';
import { elapsedSec } from './whole-seconds';

/** What offering calls needs from the callers' and the agents' side. */
export interface DispatchHooks {
  /** the agent answered: the conversation starts */
  answer(entry: QueueEntry, ring: Ring): void;
  /** the agent's phone is free again: a pause or log-out wished for during the call happens now */
  agentFree(agent: SimAgent): void;
}

/**
 * Offering waiting callers to agents (oldest caller first, the queue's
 * strategy picks the agent) and the ring: answered, not answered (the caller
 * is offered again after the queue's retry), or dumped (AgentDump).
 */
export class CallDispatcher {
  constructor(
    private readonly ctx: ModelContext,
    private readonly hooks: DispatchHooks,
  ) {}

  /** Offers waiting callers, oldest first across queues, to agents free to take them. */
  dispatch(): void {
    const now = this.ctx.now();
    const waiting: QueueEntry[] = [];
    for (const queue of this.ctx.queues) {
      for (const entry of queue.entries) {
        if (entry.phase === 'waiting' && entry.eligibleAt <= now) waiting.push(entry);
      }
    }
    if (waiting.length === 0) return;
    waiting.sort((a, b) => a.joinedAt - b.joinedAt || a.id - b.id);
    for (const entry of waiting) {
      const agent = this.chooseAgent(entry.queue);
      if (agent) this.ring(entry, agent);
    }
  }

  /** The agent's phone stops ringing without a conversation (no answer, caller gone, dumped). */
  endRing(ring: Ring): void {
    const agent = ring.agent;
    this.ctx.ami.emit(ami.hangup(this.ctx.now(), ring.channel));
    agent.ringing = null;
    this.ctx.ami.announceDevice(agent);
    refreshState(agent, this.ctx.now(), this.ctx.books);
    this.hooks.agentFree(agent);
  }

  /** The queue's timeout cut the ring short: rna() reports the member first. */
  ringTimedOut(entry: QueueEntry, ring: Ring): void {
    this.reportNoAnswer(entry, ring);
    this.endRing(ring);
  }

  private canTakeCall(agent: SimAgent): boolean {
    return (
      agent.loggedIn &&
      !agent.offline &&
      !agent.paused &&
      agent.ringing === null &&
      agent.talk === null &&
      agent.wrapUntil <= this.ctx.now()
    );
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
    const { ctx } = this;
    const at = ctx.now();
    const queue = entry.queue;
    const chances = ctx.config.chances;
    const channel = ctx.channels.create(
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
    const roll = ctx.random.next();
    const outcome: Ring['outcome'] =
      roll < chances.ringNoAnswer ? 'noAnswer' : roll < chances.ringNoAnswer + chances.agentDump ? 'dump' : 'answer';
    const ringTimeoutMs = queue.config.ringTimeoutSec * 1000;
    const ringMs =
      outcome === 'noAnswer'
        ? ringTimeoutMs
        : Math.min(ringTimeoutMs - 500, Math.max(800, ctx.random.lognormal(4_000, 0.45)));
    entry.ringAttempts++;
    const attempt = entry.ringAttempts;
    entry.ring = { agent, channel, startedAt: at, outcome, attempt };
    entry.phase = 'ringing';
    agent.ringing = entry;
    ctx.ami.emit(ami.agentCalled(at, memberCall(entry, agent, entry.caller, channel)));
    channel.state = ChannelState.ringing;
    ctx.ami.announceDevice(agent);
    refreshState(agent, at, this.ctx.books);
    ctx.schedule(at + ringMs, () => this.ringEnds(entry, attempt));
  }

  private reportNoAnswer(entry: QueueEntry, ring: Ring): void {
    const at = this.ctx.now();
    this.ctx.ami.emit(ami.agentRingNoAnswer(at, memberCall(entry, ring.agent, entry.caller, ring.channel), at - ring.startedAt));
    this.ctx.queueLog?.ringEnded(at, 'RINGNOANSWER', entry, ring.agent, at - ring.startedAt);
    this.ctx.books.ringNotAnswered(entry, ring.agent.id, at);
    entry.ring = null;
  }

  private ringEnds(entry: QueueEntry, attempt: number): void {
    const ring = entry.ring;
    if (entry.phase !== 'ringing' || !ring || ring.attempt !== attempt) return;
    if (ring.outcome === 'noAnswer') {
      this.reportNoAnswer(entry, ring);
      entry.phase = 'waiting';
      entry.eligibleAt = this.ctx.now() + entry.queue.config.retrySec * 1000;
      this.ctx.schedule(entry.eligibleAt, () => this.dispatch());
      this.endRing(ring);
      this.dispatch();
      return;
    }
    ring.channel.state = ChannelState.up;
    if (ring.outcome === 'dump') {
      this.dumpCall(entry, ring);
      return;
    }
    this.hooks.answer(entry, ring);
  }

  /**
   * AgentDump: the member's channel hung up before the bridge. app_queue raises
   * AgentDump and hangs the caller up; no QueueCallerAbandon, no QUEUESTATUS.
   */
  private dumpCall(entry: QueueEntry, ring: Ring): void {
    const { ctx } = this;
    const at = ctx.now();
    const agent = ring.agent;
    agent.ringing = null;
    entry.ring = null;
    entry.phase = 'gone';
    ctx.ami.emit(ami.agentDump(at, memberCall(entry, agent, entry.caller, ring.channel)));
    ctx.queueLog?.agentDump(at, entry, agent);
    // queue_exec logs a caller whose Queue() ends unhandled as ABANDON (its `stop:` path).
    ctx.queueLog?.callerExit(at, 'ABANDON', entry, positionOf(entry), elapsedSec(entry.joinedAt, at));
    leaveQueue(ctx, entry);
    ctx.ami.emit(ami.hangup(at, ring.channel));
    ctx.ami.announceDevice(agent);
    refreshState(agent, at, this.ctx.books);
    ctx.ami.emit(ami.hangup(at, entry.caller));
    ctx.books.dumped(entry);
    this.hooks.agentFree(agent);
    this.dispatch();
  }
}
