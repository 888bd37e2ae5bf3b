import { clockElapsedAt, clockPhase, type ClockPhase, type SlaClock, type SlaClockKind } from './sla-clock';
import { calendarOf, type AtRiskThresholds, type SlaPolicies } from './sla-policy';
import type { SlaAgreement, TicketState } from './ticket-state';

/** Where each of a ticket's clocks stands at an instant: what the board shows. */
export interface SlaClockStatus {
  agreement: SlaAgreement;
  clock: SlaClockKind;
  phase: ClockPhase;
  targetMs: number;
  /** null while paused with time left, or stopped before the target was used */
  dueAt: number | null;
  /** business time used (up to the stop, for a stopped clock) */
  elapsedMs: number;
  /** business time left: targetMs - elapsedMs, negative once over */
  leftMs: number;
  /** elapsedMs / targetMs */
  fractionUsed: number;
  /** past due without the event that stops the clock (now >= dueAt counts), or stopped late */
  breached: boolean;
  /** not stopped, not breached, and near the due time or most of the target used */
  atRisk: boolean;
  /** stopped clocks only: stopped at or before the due time */
  met: boolean | null;
}

export interface SlaStatusOptions {
  /** calendars by id; the default at-risk thresholds */
  policies: SlaPolicies;
  /** overrides the policies' thresholds */
  atRisk?: Partial<AtRiskThresholds>;
}

/**
 * Every clock of the ticket: the customer SLA's, then each OLA record's in the
 * order the ticket entered the lines.
 */
export function slaStatusAt(state: TicketState, nowMs: number, options: SlaStatusOptions): SlaClockStatus[] {
  const thresholds: AtRiskThresholds = {
    withinMs: options.atRisk?.withinMs ?? options.policies.atRisk.withinMs,
    fractionUsed: options.atRisk?.fractionUsed ?? options.policies.atRisk.fractionUsed,
  };
  const status = (clock: SlaClock, agreement: SlaAgreement): SlaClockStatus =>
    clockStatus(clock, agreement, nowMs, options.policies, thresholds);
  const { firstResponse, resolution, nextReply } = state.clocks;
  return [
    status(firstResponse, 'sla'),
    status(resolution, 'sla'),
    ...(nextReply ? [status(nextReply, 'sla')] : []),
    ...state.olas.flatMap((ola) => [
      status(ola.firstResponse, ola.line),
      ...(ola.resolution ? [status(ola.resolution, ola.line)] : []),
    ]),
  ];
}

function clockStatus(
  clock: SlaClock,
  agreement: SlaAgreement,
  nowMs: number,
  policies: SlaPolicies,
  thresholds: AtRiskThresholds,
): SlaClockStatus {
  const phase = clockPhase(clock);
  const elapsedMs = clockElapsedAt(clock, nowMs, calendarOf(policies, clock.calendarId));
  const fractionUsed = elapsedMs / clock.targetMs;
  const met = clock.stop ? clock.stop.met : null;
  const breached = met === null ? clock.dueAt !== null && nowMs >= clock.dueAt : !met;
  const dueSoon = clock.dueAt !== null && clock.dueAt - nowMs <= thresholds.withinMs;
  const atRisk = phase !== 'stopped' && !breached && (dueSoon || fractionUsed >= thresholds.fractionUsed);
  return {
    agreement,
    clock: clock.kind,
    phase,
    targetMs: clock.targetMs,
    dueAt: clock.dueAt,
    elapsedMs,
    leftMs: clock.targetMs - elapsedMs,
    fractionUsed,
    breached,
    atRisk,
    met,
  };
}
