import { counterSpec } from '../../shared/call-counters';
import { COUNTER_FIELDS, type CounterField, type Counters, type LiveOp } from '../domain/live-state';

/**
 * What both live stores refuse before touching anything, so that they reject the
 * same input and an apply stays all-or-nothing. Redis does not roll a MULTI back:
 * a non-integer HINCRBY inside it would fail alone while the other commands
 * still apply, so a bad delta must be caught before the transaction is sent.
 */

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MAX_SITE_LENGTH = 100;

/** Site ids become part of Redis keys inside a `{...}` hash tag, so braces are refused. */
export function assertSiteId(site: string): void {
  if (site.length === 0 || site.length > MAX_SITE_LENGTH || /[{}]/.test(site)) {
    throw new RangeError(`invalid site id ${JSON.stringify(site)}: 1..${MAX_SITE_LENGTH} characters, no braces`);
  }
}

export function assertDay(day: string): void {
  if (!DAY_PATTERN.test(day)) throw new RangeError(`invalid day ${JSON.stringify(day)}: expected YYYY-MM-DD`);
}

export function assertIntervalStart(intervalStart: number): void {
  if (!Number.isSafeInteger(intervalStart)) {
    throw new RangeError(`invalid interval start ${intervalStart}: expected epoch milliseconds`);
  }
}

/** Counts must be whole numbers; seconds may be fractional. */
export function isFractionalCounter(field: CounterField): boolean {
  return counterSpec(field).kind === 'seconds';
}

export function assertCounterDelta(delta: Partial<Counters>): void {
  for (const field of COUNTER_FIELDS) {
    const by = delta[field];
    if (by === undefined) continue;
    const valid = isFractionalCounter(field) ? Number.isFinite(by) : Number.isSafeInteger(by);
    if (!valid) throw new RangeError(`invalid counter delta ${field}=${by}`);
  }
}

/** Checks every counters.add of a batch; the other ops are typed data from the reducer. */
export function assertLiveOps(ops: readonly LiveOp[]): void {
  for (const op of ops) {
    if (op.op !== 'counters.add') continue;
    assertDay(op.day);
    assertIntervalStart(op.intervalStart);
    assertCounterDelta(op.delta);
  }
}

export function assertLeaseTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`invalid lease ttl ${ttlMs}: expected a positive whole number of milliseconds`);
  }
}
