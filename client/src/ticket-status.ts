import { targetStatus, worstLevel, type StatusLevel, type TargetStatus } from './status-level';

/**
 * Colour levels of the ticket panel, with the same meaning as a queue tile's:
 * amber under target, red far under it. The ticket contract has no red margin
 * of its own, so the queues' default (10 points) applies.
 */
export const TICKET_SLA_RED_MARGIN_PCT = 10;

export function ticketSlaStatus(slaPct: number | null, targetPct: number, redMarginPct = TICKET_SLA_RED_MARGIN_PCT): TargetStatus {
  return targetStatus(slaPct, targetPct, redMarginPct);
}

/** Any breached ticket is red: a promise to a customer has been broken. */
export function breachedLevel(breached: number): StatusLevel {
  return breached > 0 ? 'alert' : 'ok';
}

/** The panel's own badge: the worst of today's SLA and the breached count. */
export function ticketPanelLevel(sla: StatusLevel, breached: number): StatusLevel {
  return worstLevel(sla, breachedLevel(breached));
}
