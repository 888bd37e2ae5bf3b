import type { AgentState } from '../../shared/snapshot';
import type { Channel } from './channel';
import type { QueueConfig } from './simulator-config';

/**
 * The mutable state of the simulated PBX: queues with their callers, and queue
 * members (agents). Only the model changes it; everything else reads views.
 */

export interface QueueStats {
  /** Asterisk's own counters since "restart" (QueueParams), deliberately not per day */
  completed: number;
  completedInSl: number;
  abandoned: number;
  abandonedInSl: number;
  /** running averages as app_queue's recalc_holdtime keeps them: (old * 3 + new) / 4 */
  holdtime: number;
  talktime: number;
}

export interface SimQueue {
  readonly config: QueueConfig;
  readonly name: string;
  /** callers in the queue (waiting or being rung), in join order: index + 1 is the position */
  readonly entries: QueueEntry[];
  /** members in configuration order, for rrmemory */
  readonly members: SimAgent[];
  /** index in `members` after the last member rung (rrmemory) */
  rrNext: number;
  readonly stats: QueueStats;
}

export interface Ring {
  readonly agent: SimAgent;
  readonly channel: Channel;
  readonly startedAt: number;
  /** what happens when the ring ends */
  readonly outcome: 'answer' | 'noAnswer' | 'dump';
  readonly attempt: number;
}

/** One stay of a caller in one queue (a blind transfer starts another stay with the same channel). */
export interface QueueEntry {
  readonly id: number;
  readonly queue: SimQueue;
  readonly caller: Channel;
  readonly joinedAt: number;
  /** site day and interval start of the join: where this stay is counted */
  readonly day: string;
  readonly intervalStart: number;
  readonly originalPosition: number;
  phase: 'waiting' | 'ringing' | 'talking' | 'gone';
  ring: Ring | null;
  /** not offered again before this time (queues.conf `retry` after nobody answered) */
  eligibleAt: number;
  ringAttempts: number;
}

export interface Talk {
  readonly entry: QueueEntry;
  readonly channel: Channel;
  readonly connectedAt: number;
  readonly holdSec: number;
}

export interface SimAgent {
  readonly id: string;
  readonly name: string;
  /** the endpoint's number, `1001` for `PJSIP/1001` */
  readonly extension: string;
  readonly queues: SimQueue[];
  loggedIn: boolean;
  /** epoch seconds of the login (QueueMember LoginTime) */
  loginTimeSec: number;
  paused: boolean;
  /** the last reason given; Asterisk keeps it after an unpause */
  pausedReason: string;
  lastPauseSec: number;
  /** calls completed per queue since the login (CallsTaken) */
  callsTaken: Map<string, number>;
  /** epoch seconds of the last completed call, shared by all queues (shared_lastcall) */
  lastCallSec: number;
  lastCallEndAt: number;
  /** the phone is unreachable: device state 5 */
  offline: boolean;
  ringing: QueueEntry | null;
  talk: Talk | null;
  /** no queue offers a call before this time (wrap-up) */
  wrapUntil: number;
  /** the device state last announced with QueueMemberStatus */
  announcedDevice: number;
  /** a pause or log-out asked for during a call, done when it ends */
  pendingPause: string | null;
  pendingLogout: boolean;
  /** invalidates scheduled unpause / back-online events after a log-out */
  generation: number;
  state: AgentState;
  stateSince: number;
}
