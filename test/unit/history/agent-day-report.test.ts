import { describe, expect, it } from 'vitest';
import { agentDayRows } from '../../../server/history/agent-day-report';
import { NO_PAUSE_REASON, pauseReasonsOf } from '../../../shared/history-api';

const state = (agentId: string, name: string, sec: number, pauseReason: string | null = null) => ({ agentId, state: name, pauseReason, sec });

describe('agentDayRows', () => {
  it('sums an agent over queues and states; AHT per answered call; occupancy of the time logged in and not paused', () => {
    const rows = agentDayRows({
      calls: [
        { agentId: 'b', queueId: 'sales', answered: 2, holdSec: 10, talkSec: 200, wrapSec: 60 },
        { agentId: 'b', queueId: 'support', answered: 1, holdSec: 0.1, talkSec: 100, wrapSec: 30.2 },
      ],
      states: [
        state('b', 'available', 600),
        state('b', 'ringing', 100),
        state('b', 'busy', 300),
        state('b', 'wrapup', 100),
        state('b', 'paused', 900, 'Lunch'),
        state('a', 'paused', 60),
      ],
      ringsNotAnswered: [
        { agentId: 'b', queueId: 'sales', count: 2 },
        { agentId: 'b', queueId: 'support', count: 1 },
      ],
    });
    expect(rows.map((r) => r.agentId)).toEqual(['a', 'b']);
    expect(rows[0]).toMatchObject({ answered: 0, ahtSec: null, loggedInSec: 60, pausedSec: 60, occupancyPct: null, ringNoAnswer: 0, ringNoAnswerByQueue: {} });
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
      pausedByReason: { Lunch: 900 },
      availableSec: 600,
      ringNoAnswer: 3,
      ringNoAnswerByQueue: { sales: 2, support: 1 },
      occupancyPct: (100 * 400) / 1100,
    });
  });

  it('splits paused time by reason, pauses without one in their own bucket, adding up to the paused time', () => {
    const [row] = agentDayRows({
      calls: [],
      states: [state('a', 'paused', 300.25, 'Break'), state('a', 'paused', 120), state('a', 'paused', 1800, 'Lunch'), state('a', 'available', 50)],
      ringsNotAnswered: [],
    });
    expect(row?.pausedByReason).toEqual({ Break: 300.25, Lunch: 1800, [NO_PAUSE_REASON]: 120 });
    expect(row?.pausedSec).toBe(2220.25);
  });

  it('gives an agent seen only in a ring not answered a row', () => {
    const rows = agentDayRows({ calls: [], states: [], ringsNotAnswered: [{ agentId: 'c', queueId: 'sales', count: 1 }] });
    expect(rows).toMatchObject([{ agentId: 'c', ringNoAnswer: 1, loggedInSec: 0, pausedByReason: {} }]);
  });

  it('is empty without facts', () => {
    expect(agentDayRows({ calls: [], states: [], ringsNotAnswered: [] })).toEqual([]);
  });
});

describe('pauseReasonsOf', () => {
  it('lists the reasons of every row by name, pauses without a reason last', () => {
    const rows: { pausedByReason: Record<string, number> }[] = [
      { pausedByReason: { Lunch: 1, [NO_PAUSE_REASON]: 2 } },
      { pausedByReason: { Break: 3, Lunch: 4 } },
      { pausedByReason: {} },
    ];
    expect(pauseReasonsOf(rows)).toEqual(['Break', 'Lunch', NO_PAUSE_REASON]);
  });
});
