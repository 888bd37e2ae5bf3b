import { describe, expect, it } from 'vitest';
import { emptyCounters } from '../../../shared/call-counters';
import { alertFigure, type AlertFigureInputs } from '../../../server/alerts/alert-figures';
import { busyBoard, busyBoardWithTickets, periodStats } from '../../support/board-fixtures';

const AT = Date.parse('2026-03-02T08:00:00Z');

function inputs(parts: Partial<AlertFigureInputs> = {}): AlertFigureInputs {
  return { snapshot: busyBoard(AT), historyDegraded: false, ...parts };
}

describe('alert figures', () => {
  it('of one queue are its tile figures; an unknown queue has none', () => {
    expect(alertFigure(inputs(), 'waiting', 'support-l2')).toBe(4);
    expect(alertFigure(inputs(), 'longestWaitSec', 'support-l2')).toBe(75);
    expect(alertFigure(inputs(), 'agentsAvailable', 'support-l2')).toBe(0);
    expect(alertFigure(inputs(), 'serviceLevelTodayPct', 'support-l2')).toBeCloseTo((100 * 131) / (198 + 35 - 6));
    // the tiles' definition: abandoned / (answered + abandoned + timed out)
    expect(alertFigure(inputs(), 'abandonRatePct', 'support-l2')).toBeCloseTo((100 * 35) / (198 + 35));
    expect(alertFigure(inputs(), 'waiting', 'nope')).toBeNull();
  });

  it('of the site sum callers, take the longest wait and pool the calls of every queue', () => {
    expect(alertFigure(inputs(), 'waiting', null)).toBe(2 + 9 + 4 + 0);
    expect(alertFigure(inputs(), 'longestWaitSec', null)).toBe(75);
    const within = 366 + 1035 + 131 + 165;
    const base = 392 + 14 - 4 + (1190 + 82 - 19) + (198 + 35 - 6) + (171 + 4 - 2);
    expect(alertFigure(inputs(), 'serviceLevelTodayPct', null)).toBeCloseTo((100 * within) / base);
  });

  it('of the last 30 minutes are the tiles\' rolling 30 minutes; no calls, no figure', () => {
    const snapshot = busyBoard(AT);
    const sales = snapshot.queues.find((tile) => tile.id === 'sales')!;
    sales.rolling30 = { minutes: 30, stats: periodStats({ answered: 3, answeredWithinSl: 1, abandoned: 1 }) };
    expect(alertFigure(inputs({ snapshot }), 'serviceLevel30MinPct', 'sales')).toBeCloseTo(25);
    expect(alertFigure(inputs({ snapshot }), 'serviceLevel30MinPct', 'billing')).toBeNull();
  });

  it('of the site alone: tickets, the PBX link and history as 1 while true', () => {
    const withTickets = busyBoardWithTickets(AT);
    const tickets = withTickets.tickets!;
    expect(alertFigure(inputs({ snapshot: withTickets }), 'ticketsBreached', null)).toBe(tickets.breached);
    expect(alertFigure(inputs({ snapshot: withTickets }), 'ticketsAtRisk', null)).toBe(tickets.atRisk.filter((t) => !t.breached).length);
    expect(alertFigure(inputs(), 'ticketsBreached', null)).toBeNull();
    const down = busyBoard(AT);
    down.source.connected = false;
    expect(alertFigure(inputs({ snapshot: down }), 'pbxLinkDown', null)).toBe(1);
    expect(alertFigure(inputs(), 'pbxLinkDown', null)).toBe(0);
    expect(alertFigure(inputs({ historyDegraded: true }), 'historyDegraded', null)).toBe(1);
  });
});
