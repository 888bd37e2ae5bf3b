import { DEVICE, deviceOf, refreshState, stateOf } from './agent-status';
import type { ModelContext } from './model-context';
import type { SimAgent, SimQueue } from './sim-entities';
import type { SimulatorConfig } from './simulator-config';
import { secondsOf } from './whole-seconds';

/** a wish that cannot be done now (device offline, or on a call for going offline) is tried again this much later */
const BUSY_RETRY_MS = 60_000;

/** What the agents' wishes need from the rest of the model. */
export interface WishHooks {
  /** offer waiting callers to agents free to take them */
  dispatch(): void;
  /** the agent stopped taking calls: its leave-when-empty queues may have to send callers on */
  agentWithdrew(agent: SimAgent): void;
  /** the agent left for good; the newcomer takes the place (logged out until its first login) */
  agentReplaced(departed: SimAgent, newcomer: SimAgent): void;
}

/**
 * What agents do of their own accord, at random times by the site's
 * behaviour: pause and unpause (with a reason), log out and back in, and their
 * phone going offline. A wish that comes during a call waits for its end.
 * A log-out may be for good (behaviour.leaveForGood): a newcomer with a new
 * interface is hired into the same queues, so the board sees an agent who never
 * comes back and one it never saw.
 */
export class AgentWishes {
  /** the highest numeric extension handed out, for newcomers' interfaces */
  private lastExtension = 0;

  constructor(
    private readonly ctx: ModelContext,
    private readonly hooks: WishHooks,
  ) {}

  /** The agent at the model's start, as configured, with the first wishes scheduled. */
  createAgent(config: SimulatorConfig['agents'][number], queueByName: ReadonlyMap<string, SimQueue>): SimAgent {
    const at = this.ctx.now();
    const agent: SimAgent = {
      id: config.interface,
      name: config.name,
      extension: config.interface.slice(config.interface.indexOf('/') + 1),
      queues: config.queues.map((name) => queueByName.get(name)!),
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
    this.lastExtension = Math.max(this.lastExtension, Number(agent.extension) || 0);
    agent.state = stateOf(agent, at);
    if (agent.loggedIn) {
      this.scheduleWishes(agent);
      if (agent.paused) this.ctx.schedule(at + this.pauseLengthMs(agent.pausedReason), () => this.unpause(agent, 0));
    } else {
      this.ctx.schedule(at + this.logoutLengthMs(), () => this.login(agent));
    }
    return agent;
  }

  /** The agent's call ended or its ring stopped: a pause or log-out wished for meanwhile happens now. */
  applyPendingWishes(agent: SimAgent): void {
    if (isOnCall(agent) || !agent.loggedIn) return;
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

  private scheduleWishes(agent: SimAgent): void {
    const { ctx } = this;
    const behaviour = ctx.config.behaviour;
    const at = ctx.now();
    const generation = agent.generation;
    if (behaviour.pausesPerHour > 0 && !agent.paused) {
      ctx.schedule(at + ctx.random.exponential(3_600_000 / behaviour.pausesPerHour), () => this.pauseWish(agent, generation));
    }
    if (behaviour.logoutsPerDay > 0) {
      ctx.schedule(at + ctx.random.exponential(86_400_000 / behaviour.logoutsPerDay), () => this.logoutWish(agent, generation));
    }
    this.scheduleOffline(agent);
  }

  private scheduleOffline(agent: SimAgent): void {
    const perDay = this.ctx.config.behaviour.deviceOfflinePerDay;
    if (perDay <= 0) return;
    const generation = agent.generation;
    this.ctx.schedule(this.ctx.now() + this.ctx.random.exponential(86_400_000 / perDay), () => this.offlineWish(agent, generation));
  }

  private pauseLengthMs(reason: string): number {
    const reasons = this.ctx.config.behaviour.pauseReasons;
    const known = reasons.find((r) => r.reason === reason) ?? reasons[0]!;
    return this.ctx.random.between(known.minSec, known.maxSec) * 1000;
  }

  private logoutLengthMs(): number {
    const behaviour = this.ctx.config.behaviour;
    return this.ctx.random.between(behaviour.logoutMinSec, behaviour.logoutMaxSec) * 1000;
  }

  private pauseWish(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.loggedIn || agent.paused) return;
    const reason = this.ctx.random.weighted(this.ctx.config.behaviour.pauseReasons, (r) => r.weight).reason;
    if (agent.offline) {
      this.ctx.schedule(this.ctx.now() + BUSY_RETRY_MS, () => this.pauseWish(agent, generation));
    } else if (isOnCall(agent)) {
      agent.pendingPause = reason;
    } else {
      this.pause(agent, reason);
    }
  }

  /** A pause without a queue name: one QueueMemberPause per queue. */
  private pause(agent: SimAgent, reason: string): void {
    const { ctx } = this;
    const now = ctx.now();
    agent.paused = true;
    agent.pausedReason = reason;
    agent.lastPauseSec = secondsOf(now);
    ctx.ami.memberEventEachQueue('QueueMemberPause', agent);
    ctx.queueLog?.pauseEverywhere(now, agent, true, reason);
    refreshState(agent, now, this.ctx.books);
    const generation = agent.generation;
    ctx.schedule(now + this.pauseLengthMs(reason), () => this.unpause(agent, generation));
    this.hooks.agentWithdrew(agent);
  }

  private unpause(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.loggedIn || !agent.paused) return;
    const { ctx } = this;
    const now = ctx.now();
    agent.paused = false;
    ctx.ami.memberEventEachQueue('QueueMemberPause', agent);
    ctx.queueLog?.pauseEverywhere(now, agent, false, '');
    refreshState(agent, now, this.ctx.books);
    const perHour = ctx.config.behaviour.pausesPerHour;
    if (perHour > 0) {
      ctx.schedule(now + ctx.random.exponential(3_600_000 / perHour), () => this.pauseWish(agent, generation));
    }
    this.hooks.dispatch();
  }

  private logoutWish(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.loggedIn) return;
    if (agent.offline) {
      this.ctx.schedule(this.ctx.now() + BUSY_RETRY_MS, () => this.logoutWish(agent, generation));
    } else if (isOnCall(agent)) {
      agent.pendingLogout = true;
    } else {
      this.logout(agent);
    }
  }

  /** QueueMemberRemoved for each queue; a later login creates fresh members (counters reset, not paused). */
  private logout(agent: SimAgent): void {
    const { ctx } = this;
    ctx.ami.memberEventEachQueue('QueueMemberRemoved', agent);
    ctx.queueLog?.membership(ctx.now(), agent, 'REMOVEMEMBER');
    agent.loggedIn = false;
    agent.generation++;
    agent.pendingPause = null;
    agent.pendingLogout = false;
    refreshState(agent, ctx.now(), this.ctx.books);
    const leaves = ctx.config.behaviour.leaveForGood > 0 && ctx.random.chance(ctx.config.behaviour.leaveForGood);
    if (leaves) this.replace(agent);
    else ctx.schedule(ctx.now() + this.logoutLengthMs(), () => this.login(agent));
    this.hooks.agentWithdrew(agent);
  }

  /** The agent is gone for good; a newcomer in the same queues logs in after a usual log-out's time. */
  private replace(departed: SimAgent): void {
    for (const queue of departed.queues) queue.members.splice(queue.members.indexOf(departed), 1);
    const extension = this.lastExtension + 1;
    const newcomer = this.createAgent(
      {
        interface: `${departed.id.slice(0, departed.id.indexOf('/'))}/${extension}`,
        name: `Newcomer ${extension}`,
        queues: departed.queues.map((queue) => queue.name),
        loggedIn: false,
        pausedReason: null,
      },
      new Map(departed.queues.map((queue) => [queue.name, queue])),
    );
    this.hooks.agentReplaced(departed, newcomer);
  }

  private login(agent: SimAgent): void {
    if (agent.loggedIn) return;
    const { ctx } = this;
    agent.loggedIn = true;
    agent.loginTimeSec = secondsOf(ctx.now());
    agent.paused = false;
    agent.pausedReason = '';
    agent.lastPauseSec = 0;
    agent.callsTaken.clear();
    agent.lastCallSec = 0;
    agent.announcedDevice = deviceOf(agent);
    ctx.ami.memberEventEachQueue('QueueMemberAdded', agent);
    ctx.queueLog?.membership(ctx.now(), agent, 'ADDMEMBER');
    refreshState(agent, ctx.now(), this.ctx.books);
    this.scheduleWishes(agent);
    this.hooks.dispatch();
  }

  private offlineWish(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.loggedIn || agent.offline) return;
    const { ctx } = this;
    if (isOnCall(agent)) {
      ctx.schedule(ctx.now() + BUSY_RETRY_MS, () => this.offlineWish(agent, generation));
      return;
    }
    agent.offline = true;
    ctx.ami.announceDevice(agent);
    refreshState(agent, ctx.now(), this.ctx.books);
    const behaviour = ctx.config.behaviour;
    const offlineMs = ctx.random.between(behaviour.deviceOfflineMinSec, behaviour.deviceOfflineMaxSec) * 1000;
    ctx.schedule(ctx.now() + offlineMs, () => this.backOnline(agent, generation));
    this.hooks.agentWithdrew(agent);
  }

  private backOnline(agent: SimAgent, generation: number): void {
    if (generation !== agent.generation || !agent.offline) return;
    agent.offline = false;
    this.ctx.ami.announceDevice(agent);
    refreshState(agent, this.ctx.now(), this.ctx.books);
    this.scheduleOffline(agent);
    this.hooks.dispatch();
  }
}

function isOnCall(agent: SimAgent): boolean {
  return agent.ringing !== null || agent.talk !== null;
}
