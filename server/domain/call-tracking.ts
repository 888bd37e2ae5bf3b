import { counterChange, type CallProgress } from '../../shared/call-counters';
import type { CallRecord, LiveOp, TrackedCall } from './live-state';
import { normaliseCallerNumber } from '../../shared/caller-number';
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

/**
 * A call that entered the queue at `joinedAt`, tracked from now on, and the ops that start counting it.
 * The caller's number is normalised here, once, for every source (AMI, queue_log, CSV).
 */
export function startTracking(
  queueId: string,
  callId: string,
  joinedAt: number,
  timeZone: string,
  callerId: string | null = null,
): { call: TrackedCall; ops: LiveOp[] } {
  const number = normaliseCallerNumber(callerId);
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
    ...(number === null ? {} : { callerId: number }),
  };
  return { call, ops: [{ op: 'call.put', call }, countStep(call, null, progressOfTracked(call))] };
}

/** What a finished call's history row says beyond what tracking knew. */
export type CallStory = Omit<CallRecord, 'queueId' | 'callId' | 'enteredAt' | 'day' | 'intervalStart' | 'callerId'>;

/** Stops tracking the call, counts its last step and records its history row: the row counts as the steps did. */
export function finishTracking(call: TrackedCall, story: CallStory): LiveOp[] {
  const record: CallRecord = {
    queueId: call.queueId,
    callId: call.callId,
    enteredAt: call.joinedAt,
    day: call.day,
    intervalStart: call.intervalStart,
    callerId: call.callerId ?? null,
    ...story,
  };
  return [
    { op: 'call.delete', queueId: call.queueId, callId: call.callId },
    countStep(call, progressOfTracked(call), progressOfRecord(record)),
    { op: 'history.call', call: record },
  ];
}

/**
 * A call the board never tracked, counted whole where it entered, from the
 * evidence of its end (an AgentComplete for a call answered while the board
 * was not listening), with its history row.
 */
export function countWhole(record: CallRecord): LiveOp[] {
  return [countStep(record, null, progressOfRecord(record)), { op: 'history.call', call: record }];
}

/**
 * A connected call whose AgentComplete never came, closed at `at` (a resync
 * no longer shows its agent on a call, or it outlived the age cap). It was
 * answered (counted at connect), so it is handled; the talk ran until `at`
 * at most, and that is what it counts; no wrap-up is known (docs/ARCHITECTURE.md).
 */
export function closeConnected(call: TrackedCall, at: number): LiveOp[] {
  const answeredAt = call.connectedAt ?? at;
  return finishTracking(call, {
    outcome: 'answered',
    answeredAt,
    endedAt: Math.max(at, answeredAt),
    waitSec: call.holdSec ?? 0,
    talkSec: Math.max(0, Math.floor((at - answeredAt) / 1000)),
    wrapSec: 0,
    agentId: call.agentId,
    answeredWithinSl: call.answeredWithinSl ?? false,
    shortAbandon: false,
  });
}
