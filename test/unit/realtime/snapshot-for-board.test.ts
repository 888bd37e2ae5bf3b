import { describe, expect, it } from 'vitest';
import { ALL_PANELS, boardDefinitionSchema, type BoardDefinition } from '../../../shared/boards';
import { liveSnapshotSchema, type LiveSnapshot } from '../../../shared/snapshot';
import type { ActiveAlert } from '../../../shared/alerts';
import { snapshotForBoard } from '../../../server/realtime/snapshot-for-board';
import { busyBoardWithTickets } from '../../support/board-fixtures';

const AT = Date.parse('2026-03-02T10:00:00Z');

function board(parts: Partial<Omit<BoardDefinition, 'panels'>> & { panels?: Partial<BoardDefinition['panels']> }): BoardDefinition {
  return boardDefinitionSchema.parse({ name: 'sales', title: 'Sales floor', ...parts, panels: { ...ALL_PANELS, ...parts.panels } });
}

function alert(ruleId: string, queue: string | null): ActiveAlert {
  return { ruleId, queue, metric: 'waiting', value: 5, threshold: 3, direction: 'above', since: new Date(AT).toISOString(), sound: false };
}

function site(): LiveSnapshot {
  const snapshot = busyBoardWithTickets(AT);
  // agents of one queue, of two, and of none of sales
  snapshot.agents = [
    { ...snapshot.agents[0]!, id: 'a1', queues: ['sales'] },
    { ...snapshot.agents[1]!, id: 'a2', queues: ['sales', 'billing'] },
    { ...snapshot.agents[2]!, id: 'a3', queues: ['support-l1'] },
  ];
  snapshot.alerts = [alert('sales-wait', 'sales'), alert('billing-wait', 'billing'), alert('site-pbx', null)];
  return snapshot;
}

describe('snapshotForBoard', () => {
  it("keeps only the board's queues, its members with only those memberships, its queues' and site-wide alerts", () => {
    const filtered = snapshotForBoard(site(), board({ queues: ['sales'] }));
    expect(filtered.queues.map((q) => q.id)).toEqual(['sales']);
    expect(filtered.agents.map((a) => [a.id, a.queues])).toEqual([
      ['a1', ['sales']],
      ['a2', ['sales']],
    ]);
    expect(filtered.alerts?.map((a) => a.ruleId)).toEqual(['sales-wait', 'site-pbx']);
    expect(filtered.board).toEqual({ name: 'sales', title: 'Sales floor', panels: ALL_PANELS });
    // still a valid snapshot, for the page's schema
    expect(liveSnapshotSchema.safeParse(filtered).success).toBe(true);
  });

  it('sends everything of a board of every queue, and leaves the site snapshot untouched', () => {
    const snapshot = site();
    const before = structuredClone(snapshot);
    const filtered = snapshotForBoard(snapshot, board({ name: 'main', queues: [] }));
    expect(snapshot).toEqual(before);
    const { board: view, ...rest } = filtered;
    expect(rest).toEqual(snapshot);
    expect(view?.name).toBe('main');
  });

  it('sends nothing of a panel the board does not show', () => {
    const filtered = snapshotForBoard(site(), board({ panels: { tiles: false, agents: false, tickets: false, alerts: false } }));
    expect(filtered.queues).toEqual([]);
    expect(filtered.agents).toEqual([]);
    expect(filtered).not.toHaveProperty('tickets');
    expect(filtered).not.toHaveProperty('alerts');
  });

  it('recounts the ticket figures of its lines from the per-line parts', () => {
    const snapshot = site();
    const tickets = snapshot.tickets!;
    const filtered = snapshotForBoard(snapshot, board({ panels: { ticketLines: ['L2'] } })).tickets!;
    const l2 = tickets.openMatrix.filter((cell) => cell.line === 'L2');
    expect(filtered.openMatrix).toEqual(l2);
    expect(filtered.open).toBe(l2.reduce((n, cell) => n + cell.count, 0));
    expect(filtered.openByLine).toEqual({ L1: 0, L2: tickets.openByLine.L2, L3: 0 });
    expect(Object.values(filtered.openByPriority).reduce((a, b) => a + b, 0)).toBe(filtered.open);
    expect(Object.values(filtered.openByStatus).reduce((a, b) => a + b, 0)).toBe(filtered.open);
    expect(filtered.atRisk.length).toBeGreaterThan(0);
    expect(filtered.atRisk.every((t) => t.line === 'L2')).toBe(true);
    expect(filtered.breached).toBe(tickets.breachedByLine.L2);
    expect(filtered.breachedByLine).toEqual({ L1: 0, L2: tickets.breachedByLine.L2, L3: 0 });
  });
});
