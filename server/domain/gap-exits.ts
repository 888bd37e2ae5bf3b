import { intervalStart, siteDay } from '../../shared/site-time';
import type { CallRecord, TrackedCall } from './live-state';
import type { CallStory } from './call-tracking';
import type { PbxQueueCounts } from './link-gap';

/**
 * How a call left a queue, as the PBX's queue_log tells it on one line: the
 * evidence that makes a link gap's calls exact (docs/ARCHITECTURE.md, gap
 * reconciliation). `answered`: COMPLETEAGENT, COMPLETECALLER or a transfer
 * (what Asterisk counts as Completed); `abandoned`: ABANDON; `timedOut`:
 * EXITWITHTIMEOUT, EXITEMPTY (Asterisk counts those two as Abandoned as well).
 */
export interface GapExit {
  /** epoch ms, whole seconds */
  at: number;
  queueId: string;
  callId: string;
  /** the member name on the line, for answered calls */
  agent: string | null;
  outcome: 'answered' | 'abandoned' | 'timedOut';
  holdSec: number;
  talkSec: number;
  /** unanswered: the wait before leaving */
  waitSec: number;
}

/**
 * The exits of a gap, exactly: in the queue_log's order, after the exit of the
 * last call the board counted (`before.lastCallId`, in the second of
 * `before.at`), the next `completed` answered and `unanswered` other exits of
 * the queue. Null when the log does not hold that many (or the anchor is not
 * in it): the gap is then estimated.
 */
export function pickGapExits(
  exits: readonly GapExit[],
  queueId: string,
  before: PbxQueueCounts,
  counts: { completed: number; unanswered: number },
): GapExit[] | null {
  const own = exits.filter((exit) => exit.queueId === queueId);
  const anchorSecond = Math.floor(before.at / 1000) * 1000;
  let start = -1;
  if (before.lastCallId) {
    for (let i = own.length - 1; i >= 0; i--) {
      if (own[i]!.callId === before.lastCallId && own[i]!.at === anchorSecond) {
        start = i + 1;
        break;
      }
    }
  }
  // Without the anchor only the seconds after it are certain; what shares its second is not known.
  if (start < 0) start = own.findIndex((exit) => exit.at > anchorSecond);
  if (start < 0) start = own.length;
  const picked: GapExit[] = [];
  let completed = 0;
  let unanswered = 0;
  for (let i = start; i < own.length && (completed < counts.completed || unanswered < counts.unanswered); i++) {
    const exit = own[i]!;
    if (exit.outcome === 'answered' ? completed++ < counts.completed : unanswered++ < counts.unanswered) picked.push(exit);
  }
  return completed >= counts.completed && unanswered >= counts.unanswered ? picked : null;
}

export interface ExitRules {
  timeZone: string;
  shortAbandonSec: number;
  wrapSec: number;
  withinSl(holdSec: number): boolean;
  /** the member name's interface, when the board knows the member */
  agentId(name: string | null): string | null;
}

/** The end of a call the board tracked, as the exit tells it (a connected call keeps what was counted at connect). */
export function storyOfExit(exit: GapExit, call: TrackedCall | null, rules: ExitRules): CallStory {
  if (exit.outcome !== 'answered') {
    return {
      outcome: exit.outcome,
      answeredAt: null,
      endedAt: exit.at,
      waitSec: exit.waitSec,
      talkSec: 0,
      wrapSec: 0,
      agentId: null,
      answeredWithinSl: false,
      shortAbandon: exit.outcome === 'abandoned' && exit.waitSec < rules.shortAbandonSec,
    };
  }
  const connected = call?.connected ? call : null;
  const holdSec = connected?.holdSec ?? exit.holdSec;
  return {
    outcome: 'answered',
    answeredAt: connected?.connectedAt ?? exit.at - exit.talkSec * 1000,
    endedAt: exit.at,
    waitSec: holdSec,
    talkSec: exit.talkSec,
    wrapSec: rules.wrapSec,
    agentId: connected?.agentId ?? rules.agentId(exit.agent),
    answeredWithinSl: connected?.answeredWithinSl ?? rules.withinSl(holdSec),
    shortAbandon: false,
  };
}

/** A call the board never tracked, whole, from its exit: it entered hold + talk, or the wait, before. */
export function recordOfExit(exit: GapExit, rules: ExitRules): CallRecord {
  const enteredAt = exit.outcome === 'answered' ? exit.at - (exit.holdSec + exit.talkSec) * 1000 : exit.at - exit.waitSec * 1000;
  return {
    queueId: exit.queueId,
    callId: exit.callId,
    enteredAt,
    day: siteDay(rules.timeZone, enteredAt),
    intervalStart: intervalStart(rules.timeZone, enteredAt),
    // the PBX's counters and exit lines do not say who called
    callerId: null,
    ...storyOfExit(exit, null, rules),
  };
}
