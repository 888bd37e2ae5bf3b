import { refreshState } from './agent-status';
import { memberCall } from './ami-output';
import * as ami from './ami-events';
import type { Channel } from './channel';
import type { ModelContext } from './model-context';
import { leaveQueue } from './queue-callers';
import type { QueueEntry, Ring, SimAgent, SimQueue } from './sim-entities';
import { elapsedSec, secondsOf } from './whole-seconds';

const MIN_TALK_MS = 5_000;
const MAX_TALK_MS = 4 * 3_600_000;

/** What a conversation needs from the rest of the model when it ends. */
export interface ConversationHooks {
  /** offer waiting callers to agents free to take them */
  dispatch(): void;
  /** a blind transfer: the caller's channel runs into another queue */
  enterQueue(queue: SimQueue, caller: Channel): void;
  /** the agent's phone is free again: a pause or log-out wished for during the call happens now */
  agentFree(agent: SimAgent): void;
}

/**
 * An answered call: the bridge (the caller leaves the queue), the talk, its
 * end (caller or agent hangs up, or a blind transfer to another queue) and the
 * wrap-up that keeps the agent from calls of every queue after it.
 */
export class Conversations {
  constructor(
    private readonly ctx: ModelContext,
    private readonly hooks: ConversationHooks,
  ) {}

  connect(entry: QueueEntry, ring: Ring): void {
    const { ctx } = this;
    const at = ctx.now();
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
    ctx.ami.announceDevice(agent);
    // setqueueentryvar=yes: app_queue sets these on both channels before the caller leaves the queue
    for (const channel of [caller, ring.channel]) {
      ctx.ami.emit(ami.varSet(at, channel, 'QEHOLDTIME', String(holdSec)));
      ctx.ami.emit(ami.varSet(at, channel, 'QEORIGINALPOS', String(entry.originalPosition)));
    }
    leaveQueue(ctx, entry);
    ctx.ami.emit(ami.agentConnect(at, memberCall(entry, agent, caller, ring.channel), holdSec, secondsOf(at - ring.startedAt)));
    ctx.queueLog?.connect(at, entry, agent, holdSec, ring.channel.uniqueid, secondsOf(at - ring.startedAt));
    ctx.ami.emit(ami.varSet(at, caller, 'BRIDGEPEER', ring.channel.name));
    ctx.ami.emit(ami.varSet(at, ring.channel, 'BRIDGEPEER', caller.name));
    ctx.books.answered(entry, agent.id, at, holdSec);
    refreshState(agent, at, this.ctx.books);
    const talk = ctx.random.lognormal(queue.config.talkSec.median * 1000, queue.config.talkSec.sigma);
    ctx.schedule(at + Math.min(MAX_TALK_MS, Math.max(MIN_TALK_MS, talk)), () => this.talkEnds(agent, entry));
  }

  private talkEnds(agent: SimAgent, entry: QueueEntry): void {
    const talk = agent.talk;
    if (!talk || talk.entry !== entry) return;
    const { ctx } = this;
    const at = ctx.now();
    const queue = entry.queue;
    const caller = entry.caller;
    const chances = ctx.config.chances;
    const otherQueues = ctx.queues.filter((q) => q !== queue);
    const reason: ami.CompleteReason =
      otherQueues.length > 0 && ctx.random.chance(chances.transfer)
        ? 'transfer'
        : ctx.random.chance(chances.agentHangsUp)
          ? 'agent'
          : 'caller';
    const talkSec = elapsedSec(talk.connectedAt, at);
    // When the caller hung up, their snapshot (and sometimes the member's) may be gone by the time the event is built.
    const callerGone = reason === 'caller' && ctx.random.chance(chances.completeWithoutCaller);
    const destGone = reason === 'caller' && ctx.random.chance(chances.completeWithoutDest);
    const complete = ami.agentComplete(
      at,
      memberCall(entry, agent, callerGone ? null : caller, destGone ? null : talk.channel),
      talk.holdSec,
      talkSec,
      reason,
    );
    if (callerGone) ctx.ami.emit(ami.hangup(at, caller));
    ctx.ami.emit(complete);
    if (reason !== 'transfer') ctx.queueLog?.complete(at, entry, agent, reason, talk.holdSec, talkSec);
    ctx.ami.emit(ami.hangup(at, talk.channel));
    if (reason === 'agent' || (reason === 'caller' && !callerGone)) ctx.ami.emit(ami.hangup(at, caller));

    agent.talk = null;
    agent.callsTaken.set(queue.name, (agent.callsTaken.get(queue.name) ?? 0) + 1);
    agent.lastCallSec = secondsOf(at);
    agent.lastCallEndAt = at;
    agent.wrapUntil = at + queue.config.wrapupSec * 1000;
    if (queue.config.wrapupSec > 0) ctx.schedule(agent.wrapUntil, () => this.wrapEnds(agent));
    entry.phase = 'gone';
    ctx.books.handled(entry, agent.id, talk.holdSec, talkSec);
    ctx.ami.announceDevice(agent);
    refreshState(agent, at, this.ctx.books);

    if (reason === 'transfer') {
      // A blind transfer: the same channel (same Uniqueid) runs into another queue's extension.
      caller.context = 'from-internal-xfer';
      const target = ctx.random.pick(otherQueues);
      ctx.queueLog?.blindTransfer(at, entry, agent, target.config.extension, caller.context, talk.holdSec, talkSec);
      this.hooks.enterQueue(target, caller);
    }
    this.hooks.agentFree(agent);
    this.hooks.dispatch();
  }

  private wrapEnds(agent: SimAgent): void {
    refreshState(agent, this.ctx.now(), this.ctx.books);
    this.hooks.dispatch();
  }
}
