import { z } from 'zod';

/**
 * The call counters, each defined once: its name, whether it counts calls or
 * adds seconds (the zod type, the SQL type, HINCRBY or HINCRBYFLOAT follow),
 * its interval_stats column, and what one call adds to it at each stage.
 *
 * Both paths count through `countersOf`: the live reducer emits, at each step
 * of a call, countersOf(after) - countersOf(before) into the call's join day
 * and interval (so `answered` shows at AgentConnect, `handled` and talk at
 * AgentComplete); history stores countersOf(final) per call and the rollup
 * only sums those. Once every call is over the two agree by construction.
 * Everything else that lists the counters (the snapshot and history schemas,
 * `emptyCounters`, SQL column lists, Redis commands) is derived from here.
 */

/** Where a call stands, with the facts its counters need. */
export type CallProgress =
  /** joined and waiting, or left with the outcome not yet decided */
  | { stage: 'waiting' }
  | { stage: 'connected'; holdSec: number; answeredWithinSl: boolean }
  | { stage: 'completed'; holdSec: number; answeredWithinSl: boolean; talkSec: number; wrapSec: number }
  | { stage: 'abandoned'; shortAbandon: boolean }
  | { stage: 'timedOut' };

type CounterKind = 'count' | 'seconds';

interface CounterSpec {
  kind: CounterKind;
  /** the column in interval_stats (and, prefixed, in call_history) */
  column: string;
  /** what one call at this stage adds */
  of(call: CallProgress): number;
}

const answered = (call: CallProgress): call is Extract<CallProgress, { stage: 'connected' | 'completed' }> =>
  call.stage === 'connected' || call.stage === 'completed';
const flag = (yes: boolean): number => (yes ? 1 : 0);

export const CALL_COUNTERS = {
  offered: { kind: 'count', column: 'offered', of: () => 1 },
  answered: { kind: 'count', column: 'answered', of: (c) => flag(answered(c)) },
  answeredWithinSl: { kind: 'count', column: 'answered_within_sl', of: (c) => flag(answered(c) && c.answeredWithinSl) },
  abandoned: { kind: 'count', column: 'abandoned', of: (c) => flag(c.stage === 'abandoned') },
  shortAbandoned: { kind: 'count', column: 'short_abandoned', of: (c) => flag(c.stage === 'abandoned' && c.shortAbandon) },
  timedOut: { kind: 'count', column: 'timed_out', of: (c) => flag(c.stage === 'timedOut') },
  handled: { kind: 'count', column: 'handled', of: (c) => flag(c.stage === 'completed') },
  holdSec: { kind: 'seconds', column: 'hold_sec', of: (c) => (answered(c) ? c.holdSec : 0) },
  talkSec: { kind: 'seconds', column: 'talk_sec', of: (c) => (c.stage === 'completed' ? c.talkSec : 0) },
  wrapSec: { kind: 'seconds', column: 'wrap_sec', of: (c) => (c.stage === 'completed' ? c.wrapSec : 0) },
} as const satisfies Record<string, CounterSpec>;

export type CounterField = keyof typeof CALL_COUNTERS;
export type Counters = Record<CounterField, number>;

export const COUNTER_FIELDS = Object.keys(CALL_COUNTERS) as readonly CounterField[];

export function counterSpec(field: CounterField): CounterSpec {
  return CALL_COUNTERS[field];
}

// A plain loop, not Object.fromEntries: the live reducer calls this several times per event.
function mapCounters<T>(value: (field: CounterField) => T): Record<CounterField, T> {
  const counters = {} as Record<CounterField, T>;
  for (const field of COUNTER_FIELDS) counters[field] = value(field);
  return counters;
}

/** The zod fields of the counters (counts are whole numbers, seconds may have fractions). */
export const countersShape = mapCounters((field) =>
  counterSpec(field).kind === 'count' ? z.number().int().nonnegative() : z.number().nonnegative(),
);

export function emptyCounters(): Counters {
  return mapCounters(() => 0);
}

/** What a call adds to every counter at its current stage. */
export function countersOf(call: CallProgress): Counters {
  return mapCounters((field) => counterSpec(field).of(call));
}

/** What changes when a call moves from `before` (null: not counted yet) to `after`; fields that do not change are left out. */
export function counterChange(before: CallProgress | null, after: CallProgress): Partial<Counters> {
  const change: Partial<Counters> = {};
  for (const field of COUNTER_FIELDS) {
    const { of } = counterSpec(field);
    const from = before === null ? 0 : of(before);
    const to = of(after);
    if (to !== from) change[field] = to - from;
  }
  return change;
}

/** Adds counter deltas (the meaning of `counters.add` for any store). */
export function addCounters(target: Counters, delta: Partial<Counters>): void {
  for (const field of COUNTER_FIELDS) {
    const by = delta[field];
    if (by !== undefined) target[field] += by;
  }
}
