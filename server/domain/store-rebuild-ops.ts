import { addCounters, COUNTER_FIELDS, countersOf, emptyCounters, type Counters } from '../../shared/call-counters';
import { progressOfTracked } from './call-tracking';
import type { LiveOp, LiveState } from './live-state';

/** One queue's counters in one 15-minute interval. */
export interface IntervalCounters {
  queueId: string;
  intervalStart: number;
  counters: Counters;
}

/** What the live store must hold for one site day after a rebuild, and what it holds now. */
export interface DayRebuild {
  /** the site day being rebuilt (YYYY-MM-DD) */
  day: string;
  /** the rollup of the calls that finished (history), per queue and interval of the day */
  finished: readonly IntervalCounters[];
  /** the state to put back: the reader's mirror, or an empty state when it had none to trust */
  mirror: LiveState;
  /** the counters the store holds for the day now, per queue and interval (whatever landed since it was emptied) */
  stored: readonly IntervalCounters[];
}

/**
 * The ops that put an emptied live store back: the state of the mirror (the
 * QueueStatus resync that follows corrects queues, callers and agents), and
 * per queue and interval of the day the counters of the finished calls plus
 * what each call still tracked adds at its stage, less what the store already
 * holds. The day's counters are the sum of its intervals, as for every
 * counters.add.
 */
export function storeRebuildOps({ day, finished, mirror, stored }: DayRebuild): LiveOp[] {
  const target = new Map<string, IntervalCounters>();
  const at = (queueId: string, intervalStart: number): Counters => {
    const key = `${queueId}|${intervalStart}`;
    let entry = target.get(key);
    if (!entry) {
      entry = { queueId, intervalStart, counters: emptyCounters() };
      target.set(key, entry);
    }
    return entry.counters;
  };
  for (const row of finished) addCounters(at(row.queueId, row.intervalStart), row.counters);
  for (const call of Object.values(mirror.calls)) {
    if (call.day === day) addCounters(at(call.queueId, call.intervalStart), countersOf(progressOfTracked(call)));
  }
  for (const row of stored) addCounters(at(row.queueId, row.intervalStart), negated(row.counters));

  const ops: LiveOp[] = [
    ...Object.values(mirror.queues).map((queue): LiveOp => ({ op: 'queue.put', queue })),
    ...Object.values(mirror.waiting).map((caller): LiveOp => ({ op: 'waiting.put', caller })),
    ...Object.values(mirror.agents).map((agent): LiveOp => ({ op: 'agent.put', agent })),
    ...Object.values(mirror.calls).map((call): LiveOp => ({ op: 'call.put', call })),
  ];
  for (const { queueId, intervalStart, counters } of target.values()) {
    const delta = Object.fromEntries(COUNTER_FIELDS.filter((field) => counters[field] !== 0).map((field) => [field, counters[field]]));
    if (Object.keys(delta).length > 0) ops.push({ op: 'counters.add', queueId, day, intervalStart, delta });
  }
  return ops;
}

function negated(counters: Counters): Counters {
  const minus = emptyCounters();
  for (const field of COUNTER_FIELDS) minus[field] = -counters[field];
  return minus;
}
