import type { AgentDayRow } from '../../shared/history-api';
import type { AgentDayFacts } from './agent-day-query';

/** Seconds are summed from float columns: rounded to the millisecond so sums of whole seconds stay whole. */
const ms = (sec: number): number => Math.round(sec * 1000) / 1000;

/**
 * The agents' day from its facts (DOMAIN.md's definitions): AHT = (talk +
 * wrap) / answered; occupancy = (busy + wrap-up) / (logged in - paused), as
 * for an interval. Every agent with a call or a logged-in span has a row, by id.
 */
export function agentDayRows(facts: AgentDayFacts): AgentDayRow[] {
  const rows = new Map<string, AgentDayRow & { occupiedSec: number }>();
  const rowOf = (agentId: string) => {
    let row = rows.get(agentId);
    if (!row) {
      row = {
        agentId,
        answered: 0,
        answeredByQueue: {},
        holdSec: 0,
        talkSec: 0,
        wrapSec: 0,
        ahtSec: null,
        loggedInSec: 0,
        pausedSec: 0,
        availableSec: 0,
        occupancyPct: null,
        occupiedSec: 0,
      };
      rows.set(agentId, row);
    }
    return row;
  };
  for (const call of facts.calls) {
    const row = rowOf(call.agentId);
    row.answered += call.answered;
    row.answeredByQueue[call.queueId] = (row.answeredByQueue[call.queueId] ?? 0) + call.answered;
    row.holdSec += call.holdSec;
    row.talkSec += call.talkSec;
    row.wrapSec += call.wrapSec;
  }
  for (const { agentId, state, sec } of facts.states) {
    const row = rowOf(agentId);
    row.loggedInSec += sec;
    if (state === 'paused') row.pausedSec += sec;
    if (state === 'available') row.availableSec += sec;
    if (state === 'busy' || state === 'wrapup') row.occupiedSec += sec;
  }
  return [...rows.values()]
    .sort((a, b) => (a.agentId < b.agentId ? -1 : a.agentId > b.agentId ? 1 : 0))
    .map(({ occupiedSec, ...row }) => {
      const staffedSec = row.loggedInSec - row.pausedSec;
      return {
        ...row,
        holdSec: ms(row.holdSec),
        talkSec: ms(row.talkSec),
        wrapSec: ms(row.wrapSec),
        ahtSec: row.answered > 0 ? ms((row.talkSec + row.wrapSec) / row.answered) : null,
        loggedInSec: ms(row.loggedInSec),
        pausedSec: ms(row.pausedSec),
        availableSec: ms(row.availableSec),
        occupancyPct: staffedSec > 0 ? (100 * occupiedSec) / staffedSec : null,
      };
    });
}
