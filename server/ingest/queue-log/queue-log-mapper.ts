import { DeviceStatus, type QueueEvent } from '../../domain/queue-events';
import type { QueueLogLine } from './queue-log-line';

/**
 * Turns parsed queue_log lines into the normalized QueueEvents the live AMI
 * path produces, so a queue_log import feeds the same reducer and the same
 * metric definitions. One mapper per file, lines in file order: it remembers
 * which queues each agent was seen in and who is waiting, and nothing else.
 *
 * Identities: callId is the queue_log callid, the caller channel's Uniqueid,
 * the same id AMI events carry. agentId and name are both the agent field,
 * which app_queue fills with the member name (MemberName). The AMI path keys
 * agents by interface (PJSIP/1001), so a member whose name differs from its
 * interface gets another agentId from queue_log than from AMI.
 *
 * The events mirror what AMI shows for the same call:
 *  - CONNECT: QueueCallerLeave, then AgentConnect;
 *  - ABANDON: QueueCallerAbandon, QueueCallerLeave, then the caller's Hangup;
 *  - EXITWITHTIMEOUT / EXITEMPTY: Asterisk raises QueueCallerAbandon for these
 *    too, then QueueCallerLeave and QUEUESTATUS TIMEOUT / LEAVEEMPTY;
 *  - EXITWITHKEY: QueueCallerLeave without an abandon. Asterisk sets no
 *    QUEUESTATUS for a key exit; the exit status 'EXITWITHKEY' stands in for it,
 *    so the caller is counted as exited, as the DOMAIN metric asks.
 */

export const EXIT_WITH_KEY_STATUS = 'EXITWITHKEY';

export const QUEUE_LOG_SKIP_REASONS = [
  /** the verb has no counterpart in the live model (QUEUESTART, CONFIGRELOAD, DID, INFO, SYSCOMPAT, RINGCANCELED) */
  'no_live_equivalent',
  'no_call_id',
  'no_queue',
  'no_agent',
  /** PAUSEALL, or an agent login/logoff without a queue, for an agent not yet seen in any queue */
  'agent_in_no_known_queue',
] as const;
export type QueueLogSkipReason = (typeof QUEUE_LOG_SKIP_REASONS)[number];

export type QueueLogMapping =
  | { ok: true; events: QueueEvent[] }
  | { ok: false; skipped: QueueLogSkipReason; detail: string };

export class QueueLogMapper {
  /** agent -> queue -> still a member (false once removed or logged off) */
  private readonly agentQueues = new Map<string, Map<string, boolean>>();
  /** queue -> callId -> join time (ms), for callers who have not left yet */
  private readonly waiting = new Map<string, Map<string, number>>();

  map(line: QueueLogLine): QueueLogMapping {
    const { at, callId, queue, agent } = line;
    switch (line.verb) {
      case 'ENTERQUEUE': {
        if (!queue) return skip('no_queue', line);
        if (!callId) return skip('no_call_id', line);
        const callers = this.waitingIn(queue);
        // Before 1.8 the position is not written: the caller joined behind those still waiting.
        const position = line.position ?? callers.size + 1;
        callers.set(callId, at);
        return mapped({ kind: 'caller.joined', at, queueId: queue, callId, position, callerId: line.callerId });
      }
      case 'CONNECT': {
        if (!queue) return skip('no_queue', line);
        if (!callId) return skip('no_call_id', line);
        if (!agent) return skip('no_agent', line);
        this.callerLeft(queue, callId);
        this.seenIn(agent, queue);
        // app_queue takes an answered caller out of the queue (QueueCallerLeave)
        // before it logs CONNECT and raises AgentConnect; queue_log has no line for the leave.
        return mapped(
          { kind: 'caller.left', at, queueId: queue, callId },
          {
            kind: 'agent.connected',
            at,
            queueId: queue,
            callId,
            agentId: agent,
            name: agent,
            holdSec: line.holdSec,
            ringSec: line.ringSec ?? 0,
          },
        );
      }
      case 'COMPLETECALLER':
      case 'COMPLETEAGENT':
      case 'TRANSFER':
      case 'BLINDTRANSFER':
      case 'ATTENDEDTRANSFER': {
        if (!queue) return skip('no_queue', line);
        if (!agent) return skip('no_agent', line);
        this.seenIn(agent, queue);
        // AgentComplete's Reason values: caller, agent, transfer.
        const reason = line.verb === 'COMPLETECALLER' ? 'caller' : line.verb === 'COMPLETEAGENT' ? 'agent' : 'transfer';
        return mapped({
          kind: 'agent.completed',
          at,
          queueId: queue,
          callId,
          agentId: agent,
          holdSec: line.holdSec,
          talkSec: line.talkSec,
          reason,
        });
      }
      case 'ABANDON':
      case 'EXITWITHTIMEOUT':
      case 'EXITEMPTY': {
        if (!queue) return skip('no_queue', line);
        if (!callId) return skip('no_call_id', line);
        const holdSec = line.waitSec ?? this.waitedSec(queue, callId, at);
        this.callerLeft(queue, callId);
        const last: QueueEvent =
          line.verb === 'ABANDON'
            ? { kind: 'channel.hungUp', at, callId }
            : { kind: 'caller.exitStatus', at, callId, status: line.verb === 'EXITEMPTY' ? 'LEAVEEMPTY' : 'TIMEOUT' };
        return mapped(
          { kind: 'caller.abandonRaised', at, queueId: queue, callId, holdSec },
          { kind: 'caller.left', at, queueId: queue, callId },
          last,
        );
      }
      case 'EXITWITHKEY': {
        if (!queue) return skip('no_queue', line);
        if (!callId) return skip('no_call_id', line);
        this.callerLeft(queue, callId);
        return mapped(
          { kind: 'caller.left', at, queueId: queue, callId },
          { kind: 'caller.exitStatus', at, callId, status: EXIT_WITH_KEY_STATUS },
        );
      }
      case 'RINGNOANSWER': {
        if (!queue) return skip('no_queue', line);
        if (!callId) return skip('no_call_id', line);
        if (!agent) return skip('no_agent', line);
        this.seenIn(agent, queue);
        return mapped({ kind: 'agent.ringNoAnswer', at, queueId: queue, callId, agentId: agent, ringMs: line.ringMs });
      }
      case 'AGENTDUMP': {
        if (!queue) return skip('no_queue', line);
        if (!agent) return skip('no_agent', line);
        this.seenIn(agent, queue);
        return mapped({ kind: 'agent.dumped', at, queueId: queue, callId, agentId: agent });
      }
      case 'ADDMEMBER':
      case 'AGENTLOGIN':
      case 'AGENTCALLBACKLOGIN': {
        if (!agent) return skip('no_agent', line);
        // Agent logins are written with queue NONE: the agent rejoins the queues it was seen in.
        const queues = queue ? [queue] : this.queuesOf(agent, false);
        if (queues.length === 0) return skip('agent_in_no_known_queue', line);
        const paused = line.verb === 'ADDMEMBER' && line.paused;
        for (const q of queues) this.seenIn(agent, q);
        return mapped(...queues.map((q) => memberAdded(at, q, agent, paused)));
      }
      case 'REMOVEMEMBER':
      case 'AGENTLOGOFF':
      case 'AGENTCALLBACKLOGOFF': {
        if (!agent) return skip('no_agent', line);
        const queues = queue ? [queue] : this.queuesOf(agent, true);
        if (queues.length === 0) return skip('agent_in_no_known_queue', line);
        for (const q of queues) this.agentQueues.get(agent)?.set(q, false);
        return mapped(...queues.map((q): QueueEvent => ({ kind: 'member.removed', at, queueId: q, agentId: agent })));
      }
      case 'PAUSE':
      case 'UNPAUSE':
      case 'PAUSEALL':
      case 'UNPAUSEALL': {
        if (!agent) return skip('no_agent', line);
        const all = line.verb === 'PAUSEALL' || line.verb === 'UNPAUSEALL';
        if (!all && !queue) return skip('no_queue', line);
        // app_queue writes PAUSEALL (agent = the interface, no reason) and then a
        // PAUSE line with the reason for every queue; the fan-out covers logs
        // without the per-queue lines, and the later lines win where both exist.
        const queues = all ? this.queuesOf(agent, true) : [queue!];
        if (queues.length === 0) return skip('agent_in_no_known_queue', line);
        if (!all) this.seenIn(agent, queue!);
        const paused = line.verb === 'PAUSE' || line.verb === 'PAUSEALL';
        return mapped(
          ...queues.map((q): QueueEvent => ({ kind: 'member.paused', at, queueId: q, agentId: agent, paused, reason: line.reason })),
        );
      }
      case 'QUEUESTART':
        // Asterisk (re)started: nobody is waiting any more.
        this.waiting.clear();
        return skip('no_live_equivalent', line);
      case 'RINGCANCELED':
      case 'CONFIGRELOAD':
      case 'SYSCOMPAT':
      case 'DID':
      case 'INFO':
        return skip('no_live_equivalent', line);
    }
  }

  private waitingIn(queue: string): Map<string, number> {
    let callers = this.waiting.get(queue);
    if (!callers) {
      callers = new Map();
      this.waiting.set(queue, callers);
    }
    return callers;
  }

  private callerLeft(queue: string, callId: string): void {
    this.waiting.get(queue)?.delete(callId);
  }

  /** For versions that do not write the wait: from the join we saw, else 0. */
  private waitedSec(queue: string, callId: string, at: number): number {
    const joinedAt = this.waiting.get(queue)?.get(callId);
    return joinedAt === undefined ? 0 : Math.max(0, Math.floor((at - joinedAt) / 1000));
  }

  private seenIn(agent: string, queue: string): void {
    let queues = this.agentQueues.get(agent);
    if (!queues) {
      queues = new Map();
      this.agentQueues.set(agent, queues);
    }
    queues.set(queue, true);
  }

  /** The queues an agent was seen in; only those it is still a member of when `current`. */
  private queuesOf(agent: string, current: boolean): string[] {
    const queues = this.agentQueues.get(agent);
    if (!queues) return [];
    return [...queues].filter(([, member]) => member || !current).map(([queue]) => queue);
  }
}

function memberAdded(at: number, queueId: string, agent: string, paused: boolean): QueueEvent {
  return {
    kind: 'member.added',
    at,
    member: {
      queueId,
      agentId: agent,
      name: agent,
      // queue_log says nothing about devices, calls in progress or member wrap-up times.
      deviceStatus: DeviceStatus.unknown,
      paused,
      pausedReason: null,
      inCall: false,
      wrapupSec: 0,
    },
  };
}

function mapped(...events: QueueEvent[]): QueueLogMapping {
  return { ok: true, events };
}

function skip(reason: QueueLogSkipReason, line: QueueLogLine): QueueLogMapping {
  return { ok: false, skipped: reason, detail: `${line.verb} at ${line.at}` };
}
