import type { QueueEntry, SimAgent } from './sim-entities';

/**
 * The queue_log lines Asterisk's app_queue writes for what the model does, at
 * the same instants and with the same call ids (the caller's Uniqueid) as the
 * AMI events, so a queue_log import can be checked against the AMI path.
 *
 * Format (main/logger.c ast_queue_log): `time(NULL)|callid|queue|agent|EVENT|data`,
 * whole epoch seconds, the data fields joined with `|`; an event without data
 * still ends in one `|`. Data fields follow app_queue.c's ast_queue_log calls.
 *
 * The agent field, with queues.conf's default `log_membername_as_agent = no`:
 * - the member name (MemberName) on call lines (CONNECT, COMPLETE*, TRANSFER,
 *   RINGNOANSWER, RINGCANCELED, AGENTDUMP) and on the per-queue PAUSE / UNPAUSE;
 * - the interface on ADDMEMBER / REMOVEMEMBER and on PAUSEALL / UNPAUSEALL.
 * A pause without a queue name (what the model does) writes PAUSEALL with the
 * interface, then one PAUSE per queue with the member name.
 */
export class QueueLogWriter {
  private lines: string[] = [];

  /** Lines written since the last call, in order, each without its newline. */
  takeLines(): string[] {
    const lines = this.lines;
    this.lines = [];
    return lines;
  }

  /** Asterisk started (QUEUESTART) with these members already logged in (persistent members re-added). */
  boot(at: number, agents: readonly SimAgent[]): void {
    this.write(at, 'NONE', 'NONE', 'NONE', 'QUEUESTART');
    for (const agent of agents) {
      if (!agent.loggedIn) continue;
      for (const queue of agent.queues) this.write(at, 'NONE', queue.name, agent.id, 'ADDMEMBER', agent.paused ? 'PAUSED' : '');
    }
  }

  /** url|callerid|position (the URL argument of Queue() is empty) */
  enterQueue(at: number, entry: QueueEntry): void {
    this.write(at, entry.caller.uniqueid, entry.queue.name, 'NONE', 'ENTERQUEUE', '', entry.caller.callerNum, String(entry.originalPosition));
  }

  /** holdtime|member channel's uniqueid|ringtime (seconds) */
  connect(at: number, entry: QueueEntry, agent: SimAgent, holdSec: number, memberUniqueId: string, ringSec: number): void {
    this.write(at, entry.caller.uniqueid, entry.queue.name, agent.name, 'CONNECT', String(holdSec), memberUniqueId, String(ringSec));
  }

  /** holdtime|calltime|origposition */
  complete(at: number, entry: QueueEntry, agent: SimAgent, by: 'caller' | 'agent', holdSec: number, talkSec: number): void {
    const verb = by === 'caller' ? 'COMPLETECALLER' : 'COMPLETEAGENT';
    this.write(at, entry.caller.uniqueid, entry.queue.name, agent.name, verb, String(holdSec), String(talkSec), String(entry.originalPosition));
  }

  /** extension|context|holdtime|calltime|origposition */
  blindTransfer(at: number, entry: QueueEntry, agent: SimAgent, extension: string, context: string, holdSec: number, talkSec: number): void {
    this.write(
      at,
      entry.caller.uniqueid,
      entry.queue.name,
      agent.name,
      'BLINDTRANSFER',
      extension,
      context,
      String(holdSec),
      String(talkSec),
      String(entry.originalPosition),
    );
  }

  /** position|origposition|waittime, for ABANDON, EXITWITHTIMEOUT and EXITEMPTY alike */
  callerExit(at: number, verb: 'ABANDON' | 'EXITWITHTIMEOUT' | 'EXITEMPTY', entry: QueueEntry, position: number, waitSec: number): void {
    this.write(at, entry.caller.uniqueid, entry.queue.name, 'NONE', verb, String(position), String(entry.originalPosition), String(waitSec));
  }

  /** the ring time in milliseconds (rna() logs the elapsed ms) */
  ringEnded(at: number, verb: 'RINGNOANSWER' | 'RINGCANCELED', entry: QueueEntry, agent: SimAgent, ringMs: number): void {
    this.write(at, entry.caller.uniqueid, entry.queue.name, agent.name, verb, String(Math.round(ringMs)));
  }

  agentDump(at: number, entry: QueueEntry, agent: SimAgent): void {
    this.write(at, entry.caller.uniqueid, entry.queue.name, agent.name, 'AGENTDUMP', '');
  }

  /** One line per queue; members added over AMI (QueueAdd) are logged with callid MANAGER. */
  membership(at: number, agent: SimAgent, verb: 'ADDMEMBER' | 'REMOVEMEMBER'): void {
    for (const queue of agent.queues) this.write(at, 'MANAGER', queue.name, agent.id, verb, '');
  }

  /** PAUSEALL / UNPAUSEALL with the interface, then PAUSE / UNPAUSE per queue with the name and the reason given. */
  pauseEverywhere(at: number, agent: SimAgent, paused: boolean, reason: string): void {
    this.write(at, 'NONE', 'NONE', agent.id, paused ? 'PAUSEALL' : 'UNPAUSEALL', '');
    for (const queue of agent.queues) this.write(at, 'NONE', queue.name, agent.name, paused ? 'PAUSE' : 'UNPAUSE', reason);
  }

  private write(at: number, callId: string, queue: string, agent: string, verb: string, ...data: string[]): void {
    this.lines.push(`${Math.floor(at / 1000)}|${callId}|${queue}|${agent}|${verb}|${data.join('|')}`);
  }
}
