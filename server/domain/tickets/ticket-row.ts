import { clockElapsedAt, clockPhase, retargetClock, type SlaClock } from '../sla/sla-clock';
import { calendarOf, type SlaPolicies } from '../sla/sla-policy';
import type { SlaAgreement, TicketState } from '../sla/ticket-state';
import type { SupportLine, TicketChannel, TicketPriority, TicketSource, TicketStatus } from '../ticket-events';

/**
 * An open ticket as the board needs it: the fields it counts by and the clocks
 * that can still breach, each with the instants its status changes at.
 *
 * The snapshot is rebuilt several times a second over thousands of open
 * tickets, and business-time arithmetic per ticket per build would dominate.
 * But between two events of a ticket its clocks' status changes only at fixed
 * instants: a clock not stopped is breached from its `dueAt` on, and a running
 * clock is at risk from `atRiskFrom` on. Both are computed here, once per event,
 * with the same rules as slaStatusAt (sla-status.ts; the unit tests hold the two
 * to the same answers), so a build only compares numbers with `now`.
 */

export interface WatchedClock {
  agreement: SlaAgreement;
  clock: SlaClock;
  /**
   * From this instant on, slaStatusAt calls the clock at risk (due within the
   * policies' at-risk window, or that share of its target used). null while the
   * clock is paused: it does not count down, and the board's list of tickets at
   * risk is a countdown; a paused clock past due still counts as breached.
   */
  atRiskFrom: number | null;
}

export interface TicketRow {
  source: TicketSource;
  ticketId: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  channel: TicketChannel;
  line: SupportLine;
  createdAt: number;
  /** the clocks not stopped, customer SLA first, then the OLAs in the order the ticket entered the lines */
  clocks: WatchedClock[];
}

export function ticketRowOf(state: TicketState, policies: SlaPolicies): TicketRow {
  const { firstResponse, resolution, nextReply } = state.clocks;
  const all: [SlaAgreement, SlaClock | null][] = [
    ['sla', firstResponse],
    ['sla', resolution],
    ['sla', nextReply],
    ...state.olas.flatMap((ola): [SlaAgreement, SlaClock | null][] => [
      [ola.line, ola.firstResponse],
      [ola.line, ola.resolution],
    ]),
  ];
  return {
    source: state.source,
    ticketId: state.ticketId,
    subject: state.subject,
    status: state.status,
    priority: state.priority,
    channel: state.channel,
    line: state.line,
    createdAt: state.createdAt,
    clocks: all.flatMap(([agreement, clock]) =>
      clock && clockPhase(clock) !== 'stopped' ? [{ agreement, clock, atRiskFrom: atRiskFrom(clock, policies) }] : [],
    ),
  };
}

function atRiskFrom(clock: SlaClock, policies: SlaPolicies): number | null {
  if (clockPhase(clock) !== 'running' || clock.dueAt === null) return null;
  const { withinMs, fractionUsed } = policies.atRisk;
  const calendar = calendarOf(policies, clock.calendarId);
  // When the clock has used that share of its target: the due time of the same
  // spans for a smaller target.
  const shareUsedAt = retargetClock(
    clock,
    { calendarId: clock.calendarId, targetMs: elapsedReachingShare(clock.targetMs, fractionUsed) },
    calendar,
  ).dueAt;
  return Math.min(clock.dueAt - withinMs, shareUsedAt ?? Number.POSITIVE_INFINITY);
}

/**
 * The least whole number of ms `e` with `e / targetMs >= share`: slaStatusAt
 * divides, and elapsed business time is whole ms, so this is the exact
 * threshold, with no rounding difference from `share * targetMs`.
 */
function elapsedReachingShare(targetMs: number, share: number): number {
  let elapsed = Math.ceil(share * targetMs);
  while (elapsed > 0 && (elapsed - 1) / targetMs >= share) elapsed -= 1;
  while (elapsed / targetMs < share) elapsed += 1;
  return elapsed;
}

/** Where one watched clock stands at `now`. */
export interface WatchedClockStatus {
  breached: boolean;
  atRisk: boolean;
}

export function watchedClockStatus(watched: WatchedClock, now: number): WatchedClockStatus {
  const breached = watched.clock.dueAt !== null && now >= watched.clock.dueAt;
  return { breached, atRisk: !breached && watched.atRiskFrom !== null && now >= watched.atRiskFrom };
}

/** Share of the clock's target used by `now` (the board's bar); business time, as slaStatusAt measures it. */
export function fractionUsedAt(clock: SlaClock, now: number, policies: SlaPolicies): number {
  return clockElapsedAt(clock, now, calendarOf(policies, clock.calendarId)) / clock.targetMs;
}
