import { NO_PAUSE_REASON, type AgentDayRow } from '../../shared/history-api';
import type { AgentDayFacts } from './agent-day-query';

/** Seconds are summed from float columns: rounded to the millisecond so sums of whole seconds stay whole. */
const ms = (sec: number): number => Math.round(sec * 1000) / 1000;

const add = (into: Record<string, number>, key: string, n: number): void => {
  into[key] = (into[key] ?? 0) + n;
};

/**
 * The agents' day from its facts (DOMAIN.md's definitions): AHT = (talk +
 * wrap) / answered; occupancy = (busy + wrap-up) / (logged in - paused), as
 * for an interval; paused time by reason adds up to the paused time. Every
 * agent with a call, a logged-in span or a ring not answered has a row, by id.
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
        pausedByReason: {},
        availableSec: 0,
        ringNoAnswer: 0,
        ringNoAnswerByQueue: {},
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
    add(row.answeredByQueue, call.queueId, call.answered);
    row.holdSec += call.holdSec;
    row.talkSec += call.talkSec;
    row.wrapSec += call.wrapSec;
  }
  for (const { agentId, state, pauseReason, sec } of facts.states) {
    const row = rowOf(agentId);
    row.loggedInSec += sec;
    if (state === 'paused') {
      row.pausedSec += sec;
      add(row.pausedByReason, pauseReason ?? NO_PAUSE_REASON, sec);
    }
    if (state === 'available') row.availableSec += sec;
    if (state === 'busy' || state === 'wrapup') row.occupiedSec += sec;
  }
  for (const { agentId, queueId, count } of facts.ringsNotAnswered) {
    const row = rowOf(agentId);
    row.ringNoAnswer += count;
    add(row.ringNoAnswerByQueue, queueId, count);
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
        pausedByReason: Object.fromEntries(Object.entries(row.pausedByReason).map(([reason, sec]) => [reason, ms(sec)])),
        availableSec: ms(row.availableSec),
        occupancyPct: staffedSec > 0 ? (100 * occupiedSec) / staffedSec : null,
      };
    });
}
