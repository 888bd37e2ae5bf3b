import type { GapExit } from './gap-exits';
import type { PbxQueueParams } from './link-gap';
/**
 * Normalized telephony events: what the AMI mapper (and the queue_log importer)
 * turn Asterisk's output into. Times are epoch milliseconds taken from the
 * source (AMI `Timestamp:` header, queue_log epoch), else the receive time.
 *
 * Agents are identified by their queue-member interface (`PJSIP/1001`,
 * `Local/1001@agents`), which is what every queue event carries; `name` is the
 * MemberName shown on the board.
 */

export interface QueueParamsInfo {
  queueId: string;
  /** the queue's configured service level threshold in seconds (QueueParams `ServiceLevel`); 0 = unset */
  serviceLevelSec: number;
  strategy?: string;
  /** the PBX's own counters since its restart: a link gap's evidence (link-gap.ts), never today's figures */
  pbx?: PbxQueueParams;
}

export interface MemberInfo {
  queueId: string;
  agentId: string;
  name: string;
  /** Asterisk device state, 0..8 (AST_DEVICE_*) */
  deviceStatus: number;
  paused: boolean;
  pausedReason: string | null;
  inCall: boolean;
  /** member-level wrap-up seconds (Asterisk 16.? and later send `Wrapuptime`); 0 = use the queue's */
  wrapupSec: number;
  /** QueueStatus only: when the member's last call ended (`LastCall`, epoch seconds; 0 = none since the PBX started) */
  lastCallSec?: number;
}

export interface WaitingEntry {
  queueId: string;
  callId: string;
  position: number;
  callerId: string | null;
  /** epoch ms; from QueueEntry `Wait` during a resync */
  joinedAt: number;
}

/** Device states, from Asterisk's include/asterisk/devicestate.h */
export const DeviceStatus = {
  unknown: 0,
  notInUse: 1,
  inUse: 2,
  busy: 3,
  invalid: 4,
  unavailable: 5,
  ringing: 6,
  ringInUse: 7,
  onHold: 8,
} as const;

/** QUEUESTATUS values app_queue sets when a caller leaves without being answered */
export type QueueExitStatus =
  | 'TIMEOUT'
  | 'FULL'
  | 'JOINEMPTY'
  | 'LEAVEEMPTY'
  | 'JOINUNAVAIL'
  | 'LEAVEUNAVAIL'
  | 'CONTINUE'
  | 'WITHDRAW';

export type QueueEvent =
  | { kind: 'caller.joined'; at: number; queueId: string; callId: string; position: number; callerId: string | null }
  /** Asterisk's QueueCallerAbandon: raised for hang-ups, but also for timeouts and empty-queue exits */
  | { kind: 'caller.abandonRaised'; at: number; queueId: string; callId: string; holdSec: number }
  | { kind: 'caller.left'; at: number; queueId: string; callId: string }
  /** VarSet QUEUESTATUS on the caller's channel, right after it left the queue */
  | { kind: 'caller.exitStatus'; at: number; callId: string; status: string }
  /** Hangup of a channel: only meaningful for callers we track */
  | { kind: 'channel.hungUp'; at: number; callId: string }
  | { kind: 'agent.called'; at: number; queueId: string; callId: string; agentId: string; name: string }
  | { kind: 'agent.ringNoAnswer'; at: number; queueId: string; callId: string; agentId: string; ringMs: number }
  | {
      kind: 'agent.connected';
      at: number;
      queueId: string;
      callId: string;
      agentId: string;
      name: string;
      holdSec: number;
      ringSec: number;
    }
  | {
      kind: 'agent.completed';
      at: number;
      queueId: string;
      /** missing when the caller hung up and Asterisk left out the caller's channel fields */
      callId: string | null;
      agentId: string;
      holdSec: number;
      talkSec: number;
      reason: string;
    }
  | { kind: 'agent.dumped'; at: number; queueId: string; callId: string | null; agentId: string }
  | { kind: 'member.added'; at: number; member: MemberInfo }
  | { kind: 'member.removed'; at: number; queueId: string; agentId: string }
  | { kind: 'member.paused'; at: number; queueId: string; agentId: string; paused: boolean; reason: string | null }
  | { kind: 'member.status'; at: number; member: MemberInfo }
  /** The answer to Action: QueueStatus: replaces the live queue state. */
  | {
      kind: 'queue.resync';
      at: number;
      queues: QueueParamsInfo[];
      members: MemberInfo[];
      entries: WaitingEntry[];
      /** the PBX's queue_log exits since the oldest counts the board knew; absent without a queue_log */
      exits?: GapExit[];
    };

export type QueueEventKind = QueueEvent['kind'];
