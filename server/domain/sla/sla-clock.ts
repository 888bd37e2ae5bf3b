import { addBusinessTime, businessTimeBetween, type BusinessCalendar } from './business-calendar';
import type { ClockTarget } from './sla-policy';

/**
 * One SLA clock: a business-time budget consumed while the clock runs.
 *
 * The clock keeps the spans it ran rather than a running total, so its due time
 * is always "start + target in business time + the time it stood paused",
 * recomputable from the spans. That is what lets a re-prioritisation apply the
 * new target to the same start (in either direction, even into the past), and
 * lets a due time that passed during a span stay exact after the clock pauses.
 *
 * Clocks are plain data (JSON-safe): the live store keeps them as they are.
 */

export type SlaClockKind = 'firstResponse' | 'nextReply' | 'resolution';
export type ClockStopReason = 'replied' | 'solved' | 'leftLine' | 'removed';
export type ClockPhase = 'running' | 'paused' | 'stopped';

export interface RunningSpan {
  from: number;
  /** null while the clock runs */
  to: number | null;
}

export interface SlaClock {
  kind: SlaClockKind;
  calendarId: string;
  targetMs: number;
  startedAt: number;
  /** non-empty spans the clock ran, in order; only the last may be open */
  spans: RunningSpan[];
  /**
   * When the target is (or was) used up. null while paused with time left, and
   * for a clock stopped before that.
   */
  dueAt: number | null;
  /** `met`: stopped at or before `dueAt` */
  stop: { at: number; reason: ClockStopReason; met: boolean } | null;
}

export function clockPhase(clock: SlaClock): ClockPhase {
  if (clock.stop) return 'stopped';
  return clock.spans.at(-1)?.to === null ? 'running' : 'paused';
}

function dueAtOf(spans: readonly RunningSpan[], targetMs: number, calendar: BusinessCalendar): number | null {
  let left = targetMs;
  for (const span of spans) {
    const worked = span.to === null ? Infinity : businessTimeBetween(calendar, span.from, span.to);
    if (worked >= left) return addBusinessTime(calendar, span.from, left);
    left -= worked;
  }
  return null;
}

function withSpans(clock: SlaClock, spans: RunningSpan[], calendar: BusinessCalendar): SlaClock {
  return { ...clock, spans, dueAt: dueAtOf(spans, clock.targetMs, calendar) };
}

/** closes the open span at `at`; an empty span is dropped */
function closedSpans(spans: readonly RunningSpan[], at: number): RunningSpan[] {
  const last = spans.at(-1);
  if (!last || last.to !== null) return [...spans];
  const before = spans.slice(0, -1);
  return at > last.from ? [...before, { from: last.from, to: at }] : before;
}

export function startClock(
  kind: SlaClockKind,
  target: ClockTarget,
  at: number,
  running: boolean,
  calendar: BusinessCalendar,
): SlaClock {
  const clock: SlaClock = { kind, ...target, startedAt: at, spans: [], dueAt: null, stop: null };
  return running ? withSpans(clock, [{ from: at, to: null }], calendar) : clock;
}

export function pauseClock(clock: SlaClock, at: number, calendar: BusinessCalendar): SlaClock {
  if (clockPhase(clock) !== 'running') return clock;
  return withSpans(clock, closedSpans(clock.spans, at), calendar);
}

export function resumeClock(clock: SlaClock, at: number, calendar: BusinessCalendar): SlaClock {
  if (clockPhase(clock) !== 'paused') return clock;
  return withSpans(clock, [...clock.spans, { from: at, to: null }], calendar);
}

/** The due time stays as it was: a clock stopped in time keeps showing what it met. */
export function stopClock(clock: SlaClock, at: number, reason: ClockStopReason): SlaClock {
  if (clock.stop) return clock;
  const met = clock.dueAt === null || at <= clock.dueAt;
  return { ...clock, spans: closedSpans(clock.spans, at), stop: { at, reason, met } };
}

/** A stopped clock runs on (or waits, paused) from `at`, keeping the time it used. */
export function reopenClock(clock: SlaClock, at: number, running: boolean, calendar: BusinessCalendar): SlaClock {
  if (!clock.stop) return clock;
  const reopened: SlaClock = { ...clock, stop: null };
  return withSpans(reopened, running ? [...clock.spans, { from: at, to: null }] : clock.spans, calendar);
}

/**
 * A new target (and maybe calendar) for a clock that has not stopped, measured
 * from the same start: the due time moves earlier or later, possibly into the
 * past. A stopped clock keeps the target it was judged by.
 */
export function retargetClock(clock: SlaClock, target: ClockTarget, calendar: BusinessCalendar): SlaClock {
  if (clock.stop) return clock;
  return withSpans({ ...clock, ...target }, clock.spans, calendar);
}

/** Business time the clock has used by `nowMs` (up to its stop, if stopped). */
export function clockElapsedAt(clock: SlaClock, nowMs: number, calendar: BusinessCalendar): number {
  return clock.spans.reduce(
    (sum, span) => sum + businessTimeBetween(calendar, span.from, Math.min(span.to ?? nowMs, nowMs)),
    0,
  );
}
