import type { FirstResponseMark } from '../domain/tickets/ticket-ops';

/**
 * A first response as a sorted-set member (its time is the score): whether it
 * met its due time, then the ticket. One per ticket: its first-response clock
 * stops once.
 */
export function firstResponseMember(mark: Pick<FirstResponseMark, 'ticketKey' | 'met'>): string {
  return `${mark.met ? 'met' : 'missed'}|${mark.ticketKey}`;
}

/** null for a member this store never writes */
export function parseFirstResponseMember(member: string): Omit<FirstResponseMark, 'at'> | null {
  const bar = member.indexOf('|');
  const flag = member.slice(0, bar);
  if (bar < 0 || (flag !== 'met' && flag !== 'missed')) return null;
  return { met: flag === 'met', ticketKey: member.slice(bar + 1) };
}
