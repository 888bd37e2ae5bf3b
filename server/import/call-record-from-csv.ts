import { applyLiveOps, emptyLiveState, type CallRecord } from '../domain/live-state';
import type { QueueEvent } from '../domain/queue-events';
import { reduceQueueEvent, type QueueRules } from '../domain/queue-reducer';
import type { CsvCall } from './calls-csv-row';

/**
 * The history row of a call from another system, made by the live path's
 * reducer from the events Asterisk would have sent for it, so the service
 * level verdict, short abandons, wrap-up and the entry interval follow the one
 * definition the board and queue_log imports use. Each call is reduced alone
 * (rows of another system come in any order and say nothing about agents).
 */
export function callRecordFromCsv(call: CsvCall, rules: QueueRules): CallRecord {
  const { queueId, callId, enteredAt, endedAt, callerId } = call;
  const leftAt = call.answeredAt ?? endedAt;
  const waitSec = call.waitSec ?? Math.floor((leftAt - enteredAt) / 1000);
  // The reducer needs an agent for the connect; a source without one gets the row's agent cleared afterwards.
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
  for (let i = 0; i < events.length; i++) {
    const ops = reduceQueueEvent(state, events[i] as QueueEvent, rules);
    for (const op of ops) if (op.op === 'history.call') record = op.call;
    // The state is dropped after the last event: applying its ops (deletes that turn the maps into dictionaries) was a quarter of the import.
    if (i < events.length - 1) applyLiveOps(state, ops);
  }
  if (record === null) throw new Error(`the reducer made no row for call ${callId}`);
  return {
    ...record,
    agentId: call.agentId,
    ...(call.wrapSec !== null && call.outcome === 'answered' ? { wrapSec: call.wrapSec } : {}),
  };
}
