import { describe, expect, it } from 'vitest';
import { formatCountdownSeconds, ticketCountdown } from '../../../client/src/ticket-countdown';

const NOW = Date.parse('2026-03-02T09:00:00.000Z');
const due = (offsetMs: number, breached = false) => ({ dueAt: new Date(NOW + offsetMs).toISOString(), breached });

describe('ticketCountdown', () => {
  it('counts down the time left while the ticket is at risk', () => {
    expect(ticketCountdown(due(245_000), NOW)).toEqual({ breached: false, seconds: 245, text: '4:05' });
  });

  it('rounds time left up, so a ticket not yet breached never shows 0:00', () => {
    expect(ticketCountdown(due(400), NOW)).toEqual({ breached: false, seconds: 1, text: '0:01' });
    expect(ticketCountdown(due(59_001), NOW).text).toBe('1:00');
  });

  it('turns breached at the due time and counts the time past it, rounded down', () => {
    expect(ticketCountdown(due(0), NOW)).toEqual({ breached: true, seconds: 0, text: '+0:00' });
    expect(ticketCountdown(due(-48_700), NOW)).toEqual({ breached: true, seconds: 48, text: '+0:48' });
    expect(ticketCountdown(due(-3_725_000), NOW).text).toBe('+1:02:05');
  });

  it('ticks: the same ticket one second later has one second less', () => {
    const ticket = due(10_000);
    expect(ticketCountdown(ticket, NOW).seconds).toBe(10);
    expect(ticketCountdown(ticket, NOW + 1000).seconds).toBe(9);
    expect(ticketCountdown(ticket, NOW + 11_000)).toMatchObject({ breached: true, text: '+0:01' });
  });

  it('trusts the server when it already reports a breach our clock has not reached', () => {
    expect(ticketCountdown(due(2000, true), NOW)).toEqual({ breached: true, seconds: 0, text: '+0:00' });
  });

  it('shows a dash for a due time that is not a time, keeping the server flag', () => {
    expect(ticketCountdown({ dueAt: 'soon', breached: false }, NOW)).toEqual({ breached: false, seconds: null, text: '—' });
    expect(ticketCountdown({ dueAt: '', breached: true }, NOW).breached).toBe(true);
  });
});

describe('formatCountdownSeconds', () => {
  it('uses m:ss and h:mm:ss below a day', () => {
    expect(formatCountdownSeconds(0)).toBe('0:00');
    expect(formatCountdownSeconds(754)).toBe('12:34');
    expect(formatCountdownSeconds(86_399)).toBe('23:59:59');
  });

  it('uses days and hours from a day on, where seconds would be noise', () => {
    expect(formatCountdownSeconds(86_400)).toBe('1d 00h');
    expect(formatCountdownSeconds(2 * 86_400 + 4 * 3600 + 59 * 60)).toBe('2d 04h');
  });
});
