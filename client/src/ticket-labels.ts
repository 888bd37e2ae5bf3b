import type { AtRiskTicket } from '../../shared/ticket-snapshot';
import type { TicketPriority } from './ticket-open-bars';
import { t, type MessageKey } from './i18n/i18n';

/** Words for the ticket fields the board shows; colour is never the only cue. */
export const PRIORITY_LABEL: Record<TicketPriority, MessageKey> = {
  high: 'priority.high',
  medium: 'priority.medium',
  low: 'priority.low',
};

export const CLOCK_LABEL: Record<AtRiskTicket['clock'], MessageKey> = {
  firstResponse: 'ticketClock.firstResponse',
  nextReply: 'ticketClock.nextReply',
  resolution: 'ticketClock.resolution',
};

/** "First response" for the customer SLA; "First response · OLA L2" when a line's own agreement is at risk. */
export function clockLabel(ticket: Pick<AtRiskTicket, 'clock' | 'agreement'>): string {
  const clock = t(CLOCK_LABEL[ticket.clock]);
  return ticket.agreement === 'sla' ? clock : t('ticketClock.ola', { clock, line: ticket.agreement });
}
