import { describe, expect, it } from 'vitest';
import { formatByQueue, formatHms, nextSort, pauseBreakdown, sortAgents, AGENT_COLUMNS } from '../../../client/src/pages/agents/agent-columns';
import { parseAgentsViewState, serializeAgentsViewState } from '../../../client/src/pages/agents/agents-view-state';
import { NO_PAUSE_REASON, type AgentDayRow } from '../../../shared/history-api';

function agent(agentId: string, answered: number, ahtSec: number | null): AgentDayRow {
  return {
    agentId,
    answered,
    answeredByQueue: {},
    holdSec: 0,
    talkSec: 0,
    wrapSec: 0,
    ahtSec,
    loggedInSec: 0,
    pausedSec: 0,
    pausedByReason: {},
    availableSec: 0,
    ringNoAnswer: 0,
    ringNoAnswerByQueue: {},
    occupancyPct: null,
  };
}

describe('agents table', () => {
  it('prints durations as h:mm:ss, even below an hour', () => {
    expect(formatHms(0)).toBe('0:00:00');
    expect(formatHms(65)).toBe('0:01:05');
    expect(formatHms(3 * 3600 + 59.6)).toBe('3:01:00');
    expect(formatHms(null)).toBe('—');
  });

  it('sorts by a column either way, rows without a value last, ties by agent', () => {
    const rows = [agent('b', 3, 100), agent('a', 3, null), agent('c', 1, 200)];
    expect(sortAgents(rows, { key: 'answered', direction: 'desc' }).map((r) => r.agentId)).toEqual(['a', 'b', 'c']);
    expect(sortAgents(rows, { key: 'answered', direction: 'asc' }).map((r) => r.agentId)).toEqual(['c', 'a', 'b']);
    expect(sortAgents(rows, { key: 'ahtSec', direction: 'asc' }).map((r) => r.agentId)).toEqual(['b', 'c', 'a']);
    expect(sortAgents(rows, { key: 'ahtSec', direction: 'desc' }).map((r) => r.agentId)).toEqual(['c', 'b', 'a']);
    expect(sortAgents(rows, { key: 'agentId', direction: 'asc' }).map((r) => r.agentId)).toEqual(['a', 'b', 'c']);
  });

  it('a new column starts highest first (names A to Z), the same column turns round', () => {
    expect(nextSort({ key: 'answered', direction: 'desc' }, 'talkSec')).toEqual({ key: 'talkSec', direction: 'desc' });
    expect(nextSort({ key: 'answered', direction: 'desc' }, 'agentId')).toEqual({ key: 'agentId', direction: 'asc' });
    expect(nextSort({ key: 'talkSec', direction: 'desc' }, 'talkSec')).toEqual({ key: 'talkSec', direction: 'asc' });
  });

  it('right-aligns every column but the agent', () => {
    expect(AGENT_COLUMNS.filter((c) => !c.numeric).map((c) => c.key)).toEqual(['agentId']);
  });

  it('breaks paused time down by reason, the longest first, pauses without a reason named so', () => {
    expect(pauseBreakdown({ Break: 600, Lunch: 1800, [NO_PAUSE_REASON]: 65 })).toEqual(['Lunch 0:30:00', 'Break 0:10:00', 'no reason 0:01:05']);
    const paused = AGENT_COLUMNS.find((c) => c.key === 'pausedSec')!;
    expect(paused.breakdown?.({ ...agent('a', 0, null), pausedByReason: {} })).toEqual([]);
  });

  it('sorts by rings not answered, and breaks them down by queue only when there is more than one', () => {
    const rows: AgentDayRow[] = [
      { ...agent('a', 0, null), ringNoAnswer: 1, ringNoAnswerByQueue: { sales: 1 } },
      { ...agent('b', 0, null), ringNoAnswer: 3, ringNoAnswerByQueue: { support: 1, sales: 2 } },
    ];
    expect(sortAgents(rows, { key: 'ringNoAnswer', direction: 'desc' }).map((r) => r.agentId)).toEqual(['b', 'a']);
    const rings = AGENT_COLUMNS.find((c) => c.key === 'ringNoAnswer')!;
    expect(rows.map((row) => [rings.format(row), rings.breakdown?.(row)])).toEqual([
      ['1', []],
      ['3', ['sales 2', 'support 1']],
    ]);
  });

  it('lists the queues by name', () => {
    expect(formatByQueue({ support: 3, sales: 12 })).toBe('sales 12 · support 3');
    expect(formatByQueue({})).toBe('—');
  });

  it('keeps date and queue in the URL, and refuses a date that is not one', () => {
    const state = parseAgentsViewState(new URLSearchParams('date=2026-11-23&queue=sales'));
    expect(state).toEqual({ date: '2026-11-23', queue: 'sales' });
    expect(serializeAgentsViewState(state).toString()).toBe('date=2026-11-23&queue=sales');
    expect(parseAgentsViewState(new URLSearchParams('date=2026-02-30&queue='))).toEqual({ date: null, queue: null });
  });
});
