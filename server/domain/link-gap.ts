import type { Counters } from '../../shared/call-counters';

/**
 * The PBX's own counters of a queue (QueueParams `Completed` and `Abandoned`:
 * calls since the PBX's start or a `queue reset stats`), as of the last event
 * the board applied. `at`: when they were last known to be so (PBX clock).
 */
export interface PbxQueueCounts {
  completed: number;
  abandoned: number;
  at: number;
  /** the call of the last exit counted (its queue_log line anchors the gap), null when not known */
  lastCallId?: string | null;
}

/** What a QueueStatus answer says of a queue beyond its configuration. */
export interface PbxQueueParams {
  completed: number;
  abandoned: number;
  /** ServicelevelPerf: percent of completed calls answered within ServiceLevel */
  serviceLevelPerfPct: number;
  /** Holdtime and TalkTime: app_queue's running averages, seconds */
  holdtimeSec: number;
  talktimeSec: number;
}

/**
 * A stretch of PBX time the board did not hear, from the last moment it knew
 * the queue's counters to the resync after it. `estimated`: the calls that
 * finished in it are counted from the PBX's counters, not one by one;
 * `unknown`: the counters went back (the PBX restarted), so they are missing.
 */
export interface LinkGap {
  from: number;
  to: number;
  calls: 'estimated' | 'unknown';
}

/** What the board itself decided, at the resync, of the calls it was tracking in the queue. */
export interface TrackedAtResync {
  /** connected calls closed as handled: their AgentComplete fell in the gap */
  closed: number;
  /** callers it had as waiting that the PBX no longer has: they left in the gap, outcome not known one by one */
  goneWaiting: number;
}

export type GapReckoning =
  /** nothing happened in the gap that the board did not see */
  | { kind: 'none' }
  | { kind: 'unknown' }
  | { kind: 'estimated'; delta: Partial<Counters> };

/**
 * The gap's calls in counters, from the PBX's evidence: Completed and
 * Abandoned before and after say how many calls ended in the gap. Of those
 * that completed, the board closed `closed` itself; the rest were answered and
 * handled, with the PBX's averages for hold and talk, `wrapSec` each, and
 * ServicelevelPerf's share within the service level. Every abandon Asterisk
 * counted is an abandon here (its counter holds timeouts too: the PBX does not
 * tell them apart). Each call that ended so was offered. The callers the board
 * had as waiting when the gap began are among them, or still talking at the
 * resync: the resync takes back their offer where they joined, and a caller
 * still talking is counted whole when his AgentComplete comes
 * (queue-reducer's agentCompleted), so none counts twice.
 */
export function reckonGap(before: PbxQueueCounts, after: PbxQueueParams, tracked: TrackedAtResync, wrapSec: number): GapReckoning {
  const completed = after.completed - before.completed;
  const abandoned = after.abandoned - before.abandoned;
  if (completed < 0 || abandoned < 0) return { kind: 'unknown' };
  const handled = Math.max(0, completed - tracked.closed);
  if (handled === 0 && abandoned === 0 && tracked.goneWaiting === 0) return { kind: 'none' };
  return {
    kind: 'estimated',
    delta: {
      offered: handled + abandoned,
      answered: handled,
      answeredWithinSl: Math.round((handled * after.serviceLevelPerfPct) / 100),
      abandoned,
      handled,
      holdSec: handled * after.holdtimeSec,
      talkSec: handled * after.talktimeSec,
      wrapSec: handled * wrapSec,
    },
  };
}
