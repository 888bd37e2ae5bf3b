import type { AtRiskTicket } from '../../shared/ticket-snapshot';
import { formatDuration } from './format';
import { t } from './i18n/i18n';

/**
 * The countdown of one at-risk ticket, ticked on the page from its `dueAt` so it
 * moves every second between pushes. `nowMs` is the server-corrected clock: a TV
 * whose own clock is minutes off would otherwise count to the wrong moment.
 */
export interface TicketCountdown {
  /** past due at `nowMs`, or already reported breached by the server */
  breached: boolean;
  /**
   * Whole seconds left while at risk, rounded up so "0:00" never shows on a
   * ticket that is not yet breached; whole seconds past due once breached,
   * rounded down. null when `dueAt` is not a time.
   */
  seconds: number | null;
  /** what the board shows: "4:05" left, or "+0:48" past due */
  text: string;
}

const DAY_SEC = 86_400;

/** m:ss, h:mm:ss below a day; "2d 04h" beyond (resolution clocks can run for days). */
export function formatCountdownSeconds(sec: number): string {
  if (sec < DAY_SEC) return formatDuration(sec);
  const days = Math.floor(sec / DAY_SEC);
  const hours = Math.floor((sec % DAY_SEC) / 3600);
  return t('unit.daysHours', { days: String(days), hours: String(hours).padStart(2, '0') });
}

export function ticketCountdown(ticket: Pick<AtRiskTicket, 'dueAt' | 'breached'>, nowMs: number): TicketCountdown {
  const dueMs = Date.parse(ticket.dueAt);
  if (Number.isNaN(dueMs)) return { breached: ticket.breached, seconds: null, text: '—' };
  const msLeft = dueMs - nowMs;
  // The server's flag wins too: if our estimate of its clock lags, it has already seen the breach.
  if (msLeft <= 0 || ticket.breached) {
    const overdue = Math.max(0, Math.floor(-msLeft / 1000));
    return { breached: true, seconds: overdue, text: `+${formatCountdownSeconds(overdue)}` };
  }
  const left = Math.ceil(msLeft / 1000);
  return { breached: false, seconds: left, text: formatCountdownSeconds(left) };
}
