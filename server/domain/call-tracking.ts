import { counterChange, type CallProgress } from '../../shared/call-counters';
import type { CallRecord, LiveOp, TrackedCall } from './live-state';
import { intervalStart, siteDay } from '../../shared/site-time';

/**
 * A queue call's stages as shared/call-counters.ts counts them: the live path
 * counts a tracked call's steps, history counts the finished call's row, and
 * both read the stage from here.
 */

/** A tracked call is waiting (or left, outcome undecided) until an agent connects. */
export function progressOfTracked(call: TrackedCall): CallProgress {
  if (!call.connected) return { stage: 'waiting' };
  return { stage: 'connected', holdSec: call.holdSec ?? 0, answeredWithinSl: call.answeredWithinSl ?? false };
}

/** A finished call, as its history row tells it. */
export function progressOfRecord(call: CallRecord): CallProgress {
  switch (call.outcome) {
    case 'answered':
      return {
        stage: 'completed',
        holdSec: call.waitSec,
        answeredWithinSl: call.answeredWithinSl,
        talkSec: call.talkSec,
        wrapSec: call.wrapSec,
      };
    case 'abandoned':
      return { stage: 'abandoned', shortAbandon: call.shortAbandon };
    case 'timedOut':
      return { stage: 'timedOut' };
  }
}

/**
 * The counters.add of a call's step from `before` (null: not counted yet) to
 * `after`, into the day and interval the call entered, whenever the step happens.
 */
export function countStep(call: Pick<TrackedCall, 'queueId' | 'day' | 'intervalStart'>, before: CallProgress | null, after: CallProgress): LiveOp {
  return { op: 'counters.add', queueId: call.queueId, day: call.day, intervalStart: call.intervalStart, delta: counterChange(before, after) };
}

/** A call that entered the queue at `joinedAt`, tracked from now on, and the ops that start counting it. */
export function startTracking(queueId: string, callId: string, joinedAt: number, timeZone: string): { call: TrackedCall; ops: LiveOp[] } {
  const call: TrackedCall = {
    queueId,
    callId,
    joinedAt,
    day: siteDay(timeZone, joinedAt),
    intervalStart: intervalStart(timeZone, joinedAt),
    connected: false,
    connectedAt: null,
    holdSec: null,
    answeredWithinSl: null,
    agentId: null,
    abandonHoldSec: null,
    leftAt: null,
  };
  return { call, ops: [{ op: 'call.put', call }, countStep(call, null, progressOfTracked(call))] };
}
