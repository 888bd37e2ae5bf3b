import { describe, expect, it } from 'vitest';
import { breachedLevel, ticketPanelLevel, ticketSlaStatus } from '../../../client/src/ticket-status';

describe('ticketSlaStatus', () => {
  it('is ok at or above target, and while nothing is measured', () => {
    expect(ticketSlaStatus(90, 90)).toEqual({ level: 'ok', shortfallPct: 0 });
    expect(ticketSlaStatus(100, 90).level).toBe('ok');
    expect(ticketSlaStatus(null, 90)).toEqual({ level: 'ok', shortfallPct: 0 });
  });

  it('is amber under target by less than the red margin (10 points by default)', () => {
    expect(ticketSlaStatus(89.9, 90).level).toBe('warn');
    expect(ticketSlaStatus(80.1, 90).level).toBe('warn');
    expect(ticketSlaStatus(87, 90).shortfallPct).toBeCloseTo(3);
  });

  it('is red the red margin or more under target', () => {
    expect(ticketSlaStatus(80, 90).level).toBe('alert');
    expect(ticketSlaStatus(12, 90).level).toBe('alert');
    expect(ticketSlaStatus(84, 90, 5).level).toBe('alert');
  });

  it('treats float noise at exactly the target as on target', () => {
    expect(ticketSlaStatus(89.99999999999999, 90).level).toBe('ok');
    expect(ticketSlaStatus(80.00000000000001, 90).level).toBe('alert');
  });
});

describe('breachedLevel and ticketPanelLevel', () => {
  it('makes any breached ticket red', () => {
    expect(breachedLevel(0)).toBe('ok');
    expect(breachedLevel(1)).toBe('alert');
  });

  it('gives the panel the worse of SLA and breached', () => {
    expect(ticketPanelLevel('ok', 0)).toBe('ok');
    expect(ticketPanelLevel('warn', 0)).toBe('warn');
    expect(ticketPanelLevel('ok', 2)).toBe('alert');
    expect(ticketPanelLevel('warn', 1)).toBe('alert');
  });
});
