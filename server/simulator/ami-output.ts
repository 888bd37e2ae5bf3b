import { deviceOf } from './agent-status';
import type { AmiEvent } from './ami-event';
import * as ami from './ami-events';
import type { Channel } from './channel';
import { Random } from './random';
import type { QueueEntry, SimAgent, SimQueue } from './sim-entities';
import type { SimulatorConfig } from './simulator-config';

/** Tells whether an event is lost on the wire: the model did it, the listener never hears of it. */
export type WireLoss = (event: AmiEvent) => boolean;

/** The losses the site's chances ask for, on dice of their own: the same calls happen with or without them. */
export function wireLossOf(chances: SimulatorConfig['chances'], seed: number): WireLoss {
  const { lostAgentComplete, lostHangup } = chances;
  if (lostAgentComplete === 0 && lostHangup === 0) return () => false;
  const dice = new Random(seed ^ 0x1055);
  return (event) =>
    (event.name === 'AgentComplete' && dice.chance(lostAgentComplete)) || (event.name === 'Hangup' && dice.chance(lostHangup));
}

/**
 * The AMI events the model produced, in emission order and counted by name,
 * and the events that follow from an agent's status: the member as QueueMember*
 * events print it, one event per queue of the member.
 */
export class AmiOutput {
  private outbox: AmiEvent[] = [];
  private readonly counts = new Map<string, number>();
  private readonly lostCounts = new Map<string, number>();
  private total = 0;

  constructor(
    private readonly now: () => number,
    private readonly lost: WireLoss = () => false,
  ) {}

  emit(event: AmiEvent): void {
    if (this.lost(event)) {
      this.lostCounts.set(event.name, (this.lostCounts.get(event.name) ?? 0) + 1);
      return;
    }
    this.outbox.push(event);
    this.total++;
    this.counts.set(event.name, (this.counts.get(event.name) ?? 0) + 1);
  }

  /** Events produced since the last call, in emission order. */
  take(): AmiEvent[] {
    const events = this.outbox;
    this.outbox = [];
    return events;
  }

  get emittedTotal(): number {
    return this.total;
  }

  /** event name -> how many were emitted */
  countsByName(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** event name -> how many were lost on the wire instead */
  lostByName(): Record<string, number> {
    return Object.fromEntries(this.lostCounts);
  }

  /** One QueueMember* event for each queue the agent is a member of. */
  memberEventEachQueue(name: ami.QueueMemberEventName, agent: SimAgent): void {
    for (const queue of agent.queues) this.emit(ami.queueMemberEvent(name, this.now(), memberView(agent, queue)));
  }

  /** A device state change reaches every queue the member is in: one QueueMemberStatus each. */
  announceDevice(agent: SimAgent): void {
    const device = deviceOf(agent);
    if (device === agent.announcedDevice) return;
    agent.announcedDevice = device;
    if (!agent.loggedIn) return;
    this.memberEventEachQueue('QueueMemberStatus', agent);
  }
}

/** The caller and member of a queue call as the Agent* events print them (a side may be gone: null). */
export function memberCall(entry: QueueEntry, agent: SimAgent, caller: Channel | null, channel: Channel | null): ami.MemberCall {
  return { caller, agentChannel: channel, queue: entry.queue.name, interface: agent.id, memberName: agent.name };
}

/** The agent as a member of one queue, as QueueMember* events and the QueueStatus answer print it. */
export function memberView(agent: SimAgent, queue: SimQueue): ami.QueueMemberView {
  return {
    queue: queue.name,
    memberName: agent.name,
    interface: agent.id,
    callsTaken: agent.callsTaken.get(queue.name) ?? 0,
    lastCall: agent.lastCallSec,
    lastPause: agent.lastPauseSec,
    loginTime: agent.loginTimeSec,
    inCall: agent.talk !== null,
    status: deviceOf(agent),
    paused: agent.paused,
    pausedReason: agent.pausedReason,
  };
}
