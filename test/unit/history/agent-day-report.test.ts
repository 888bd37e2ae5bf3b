import { describe, expect, it } from 'vitest';
import { agentDayRows } from '../../../server/history/agent-day-report';

describe('agentDayRows', () => {
  it('sums an agent over queues and states; AHT per answered call; occupancy of the time logged in and not paused', () => {
    const rows = agentDayRows({
      calls: [
        { agentId: 'b', queueId: 'sales', answered: 2, holdSec: 10, talkSec: 200, wrapSec: 60 },
        { agentId: 'b', queueId: 'support', answered: 1, holdSec: 0.1, talkSec: 100, wrapSec: 30.2 },
      ],
      states: [
        { agentId: 'b', state: 'available', sec: 600 },
        { agentId: 'b', state: 'ringing', sec: 100 },
        { agentId: 'b', state: 'busy', sec: 300 },
        { agentId: 'b', state: 'wrapup', sec: 100 },
        { agentId: 'b', state: 'paused', sec: 900 },
        { agentId: 'a', state: 'paused', sec: 60 },
      ],
    });
    expect(rows.map((r) => r.agentId)).toEqual(['a', 'b']);
    expect(rows[0]).toMatchObject({ answered: 0, ahtSec: null, loggedInSec: 60, pausedSec: 60, occupancyPct: null });
    expect(rows[1]).toEqual({
      agentId: 'b',
      answered: 3,
      answeredByQueue: { sales: 2, support: 1 },
      holdSec: 10.1,
      talkSec: 300,
      wrapSec: 90.2,
      ahtSec: 130.067,
      loggedInSec: 2000,
      pausedSec: 900,
      availableSec: 600,
      occupancyPct: (100 * 400) / 1100,
    });
  });

  it('is empty without facts', () => {
    expect(agentDayRows({ calls: [], states: [] })).toEqual([]);
  });
});
