import { describe, expect, it } from 'vitest';
import { QueueSettingsBook } from '../../../server/config/queue-settings';
import { queueRulesFor } from '../../../server/config/queue-rules';
import { applyLiveOps, emptyLiveState, type CallRecord } from '../../../server/domain/live-state';
import type { QueueEvent } from '../../../server/domain/queue-events';
import { reduceQueueEvent, type QueueRules } from '../../../server/domain/queue-reducer';
import { callRecordFromCsv } from '../../../server/import/call-record-from-csv';
import type { CallOutcome } from '../../../server/import/calls-csv-mapping';
import type { CsvCall } from '../../../server/import/calls-csv-row';

/**
 * The reference: the row the live reducer makes from the events Asterisk
 * would send for the call, reduced alone in a fresh state (how the CSV import
 * made its rows before they were built directly).
 */
function byTheReducer(call: CsvCall, rules: QueueRules): CallRecord {
  const { queueId, callId, enteredAt, endedAt, callerId } = call;
  const leftAt = call.answeredAt ?? endedAt;
  const waitSec = call.waitSec ?? Math.floor((leftAt - enteredAt) / 1000);
  const agentId = call.agentId ?? '';
  const events: QueueEvent[] = [{ kind: 'caller.joined', at: enteredAt, queueId, callId, position: 1, callerId }];
  if (call.outcome === 'answered') {
    const talkSec = call.talkSec ?? Math.floor((endedAt - leftAt) / 1000);
    events.push(
      { kind: 'caller.left', at: leftAt, queueId, callId },
      { kind: 'agent.connected', at: leftAt, queueId, callId, agentId, name: agentId, holdSec: waitSec, ringSec: 0 },
      { kind: 'agent.completed', at: endedAt, queueId, callId, agentId, holdSec: waitSec, talkSec, reason: 'caller' },
    );
  } else {
    events.push(
      { kind: 'caller.abandonRaised', at: leftAt, queueId, callId, holdSec: waitSec },
      { kind: 'caller.left', at: leftAt, queueId, callId },
      call.outcome === 'abandoned' ? { kind: 'channel.hungUp', at: leftAt, callId } : { kind: 'caller.exitStatus', at: leftAt, callId, status: 'TIMEOUT' },
    );
  }
  const state = emptyLiveState();
  let record: CallRecord | null = null;
  for (const event of events) {
    const ops = reduceQueueEvent(state, event, rules);
    for (const op of ops) if (op.op === 'history.call') record = op.call;
    applyLiveOps(state, ops);
  }
  if (record === null) throw new Error(`the reducer made no row for ${callId}`);
  return { ...record, agentId: call.agentId, ...(call.wrapSec !== null && call.outcome === 'answered' ? { wrapSec: call.wrapSec } : {}) };
}

describe('a calls CSV row as a history call row', () => {
  it('is the row the live reducer makes of the same call, whatever its outcome, times and given seconds', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return Math.floor((seed / 2_147_483_648) * n);
    };
    const maybe = <T>(value: T): T | null => (random(3) === 0 ? null : value);
    const outcomes: CallOutcome[] = ['answered', 'abandoned', 'timedOut'];
    // Queues with their own SL threshold and wrap-up, one unknown to the settings (the site's defaults apply).
    const queues = ['support', 'sales', 'billing', 'not-configured'];
    const callers = ['+7 (495) 123-45-67', '84951234567', 'anonymous', '', ' 1001 ', 'Unknown'];
    // Around Moscow's and New York's clock changes and midnights, at millisecond resolution.
    const starts = [Date.parse('2026-03-08T06:40:00Z'), Date.parse('2026-11-01T05:20:00Z'), Date.parse('2026-03-01T20:55:00Z'), Date.parse('2011-03-26T22:50:00Z')];
    let answered = 0;
    let short = 0;
    let withinSl = 0;
    for (const timeZone of ['Europe/Moscow', 'America/New_York', 'Asia/Kathmandu']) {
      const rules = queueRulesFor({ timeZone, shortAbandonSec: 5 }, QueueSettingsBook.load('config/queues.json'));
      for (let i = 0; i < 1_500; i++) {
        const outcome = outcomes[random(3)] as CallOutcome;
        const enteredAt = (starts[random(starts.length)] as number) + random(3_600_000);
        const leftAt = enteredAt + random(random(2) ? 12_000 : 400_000);
        const endedAt = outcome === 'answered' ? leftAt + random(900_000) : leftAt;
        const call: CsvCall = {
          queueId: queues[random(queues.length)] as string,
          callId: `c${i}`,
          enteredAt,
          answeredAt: outcome === 'answered' ? leftAt : null,
          endedAt,
          outcome,
          agentId: maybe(`PJSIP/10${random(20)}`),
          callerId: maybe(callers[random(callers.length)] as string),
          waitSec: maybe(random(30)),
          talkSec: maybe(random(600)),
          wrapSec: maybe(random(60)),
        };
        const row = callRecordFromCsv(call, rules);
        expect(row, JSON.stringify({ timeZone, call })).toEqual(byTheReducer(call, rules));
        if (row.outcome === 'answered') answered++;
        if (row.shortAbandon) short++;
        if (row.answeredWithinSl) withinSl++;
      }
    }
    // The cases the verdicts tell apart all occur.
    expect(answered).toBeGreaterThan(1_000);
    expect(short).toBeGreaterThan(100);
    expect(withinSl).toBeGreaterThan(300);
    expect(withinSl).toBeLessThan(answered);
  });
});
