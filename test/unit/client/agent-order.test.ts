import { describe, expect, it } from 'vitest';
import type { AgentRow, AgentState } from '../../../shared/snapshot';
import { orderAgentsForBoard, secondsInState } from '../../../client/src/agent-order';

const NOW = Date.parse('2026-03-02T09:00:00Z');

function agent(name: string, state: AgentState, inStateSec: number): AgentRow {
  return {
    id: name.toLowerCase(),
    name,
    state,
    stateSince: new Date(NOW - inStateSec * 1000).toISOString(),
    pauseReason: state === 'paused' ? 'Lunch' : null,
    queues: ['q'],
    answeredToday: 0,
  };
}

describe('orderAgentsForBoard', () => {
  it('orders by state (available, ringing, on call, wrap-up, paused), longest in state first', () => {
    const { present } = orderAgentsForBoard([
      agent('Pia', 'paused', 600),
      agent('Bo', 'busy', 30),
      agent('Al', 'available', 10),
      agent('Wu', 'wrapup', 5),
      agent('Ann', 'available', 300),
      agent('Ray', 'ringing', 3),
      agent('Ben', 'busy', 900),
    ]);
    expect(present.map((a) => a.name)).toEqual(['Ann', 'Al', 'Ray', 'Ben', 'Bo', 'Wu', 'Pia']);
  });

  it('sets logged-out agents apart, by name', () => {
    const { present, loggedOut } = orderAgentsForBoard([
      agent('Zoe', 'loggedOut', 10),
      agent('Al', 'available', 10),
      agent('Max', 'loggedOut', 9000),
    ]);
    expect(present.map((a) => a.name)).toEqual(['Al']);
    expect(loggedOut.map((a) => a.name)).toEqual(['Max', 'Zoe']);
  });

  it('orders agents that changed state at the same moment by name, so cells do not swap between renders', () => {
    const { present } = orderAgentsForBoard([agent('Cy', 'busy', 60), agent('Ab', 'busy', 60)]);
    expect(present.map((a) => a.name)).toEqual(['Ab', 'Cy']);
  });
});

describe('secondsInState', () => {
  it('counts whole seconds since the state began, never negative', () => {
    expect(secondsInState(agent('Al', 'busy', 75), NOW + 500)).toBe(75);
    expect(secondsInState(agent('Al', 'busy', 0), NOW - 3000)).toBe(0);
  });
});
