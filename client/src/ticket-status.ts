import type { StatusLevel } from './tile-status';

/**
 * Colour levels of the ticket panel, with the same meaning as a queue tile's:
 * amber under target, red far under it. The ticket contract has no red margin
 * of its own, so the queues' default (10 points) applies.
 */
export const TICKET_SLA_RED_MARGIN_PCT = 10;

// Float noise from withinSla / firstResponses * 100 must not flip the panel to amber at exactly the target.
const EPSILON = 1e-9;

export interface SlaStatus {
  level: StatusLevel;
  /** percentage points under target, 0 when on target or not measurable */
  shortfallPct: number;
}

export function ticketSlaStatus(
  slaPct: number | null,
  targetPct: number,
  redMarginPct = TICKET_SLA_RED_MARGIN_PCT,
): SlaStatus {
  if (slaPct === null) return { level: 'ok', shortfallPct: 0 };
  const shortfallPct = targetPct - slaPct;
  if (shortfallPct <= EPSILON) return { level: 'ok', shortfallPct: 0 };
  return { level: shortfallPct + EPSILON >= redMarginPct ? 'alert' : 'warn', shortfallPct };
}

/** Any breached ticket is red: a promise to a customer has been broken. */
export function breachedLevel(breached: number): StatusLevel {
  return breached > 0 ? 'alert' : 'ok';
}

const SEVERITY: readonly StatusLevel[] = ['ok', 'warn', 'alert'];

/** The panel's own badge: the worst of today's SLA and the breached count. */
export function ticketPanelLevel(sla: StatusLevel, breached: number): StatusLevel {
  const worst = Math.max(SEVERITY.indexOf(sla), SEVERITY.indexOf(breachedLevel(breached)));
  return SEVERITY[worst] ?? 'alert';
}
