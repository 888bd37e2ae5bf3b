import { normaliseCallerNumber } from '../../shared/caller-number';
import { intervalStart, siteDay } from '../../shared/site-time';
import { answeredWithinSl, isShortAbandon, wrapUpSec } from '../domain/call-verdicts';
import type { CallRecord } from '../domain/live-state';
import type { QueueRules } from '../domain/queue-reducer';
import type { CsvCall } from './calls-csv-row';

/**
 * The history row of a call from another system, decided by the verdicts the
 * live reducer uses (call-verdicts.ts): service level, short abandon, wrap-up,
 * and the day and interval of the entry. Each call stands alone: rows of
 * another system come in any order and say nothing about agents, so the
 * queue's own threshold and wrap-up apply, as they would to a member the
 * board first meets on this call. Built directly rather than by running the
 * reducer on the events Asterisk would have sent: that cost half of a CSV
 * import, and a test holds the two equal (call-record-from-csv.test.ts).
 */
export function callRecordFromCsv(call: CsvCall, rules: QueueRules): CallRecord {
  const { queueId, callId, enteredAt, endedAt, agentId } = call;
  const leftAt = call.answeredAt ?? endedAt;
  const waitSec = call.waitSec ?? Math.floor((leftAt - enteredAt) / 1000);
  const day = siteDay(rules.timeZone, enteredAt);
  const entryInterval = intervalStart(rules.timeZone, enteredAt);
  const callerId = normaliseCallerNumber(call.callerId);
  if (call.outcome === 'answered') {
    return {
      queueId,
      callId,
      enteredAt,
      answeredAt: leftAt,
      endedAt,
      outcome: 'answered',
      waitSec,
      talkSec: call.talkSec ?? Math.floor((endedAt - leftAt) / 1000),
      wrapSec: call.wrapSec ?? wrapUpSec(rules, queueId, 0),
      agentId,
      answeredWithinSl: answeredWithinSl(rules, queueId, 0, waitSec),
      shortAbandon: false,
      callerId,
      day,
      intervalStart: entryInterval,
    };
  }
  return {
    queueId,
    callId,
    enteredAt,
    answeredAt: null,
    endedAt,
    outcome: call.outcome,
    waitSec,
    talkSec: 0,
    wrapSec: 0,
    agentId,
    answeredWithinSl: false,
    shortAbandon: call.outcome === 'abandoned' && isShortAbandon(rules, waitSec),
    callerId,
    day,
    intervalStart: entryInterval,
  };
}
