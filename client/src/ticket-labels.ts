import type { AtRiskTicket } from '../../shared/ticket-snapshot';
import type { TicketPriority } from './ticket-open-bars';

/** Words for the ticket fields the board shows; colour is never the only cue. */
export const PRIORITY_LABEL: Record<TicketPriority, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

export const CLOCK_LABEL: Record<AtRiskTicket['clock'], string> = {
  firstResponse: 'First response',
  nextReply: 'Next reply',
  resolution: 'Resolution',
};

/** "First response" for the customer SLA; "First response · OLA L2" when a line's own agreement is at risk. */
export function clockLabel(ticket: Pick<AtRiskTicket, 'clock' | 'agreement'>): string {
  const clock = CLOCK_LABEL[ticket.clock];
  return ticket.agreement === 'sla' ? clock : `${clock} · OLA ${ticket.agreement}`;
}
