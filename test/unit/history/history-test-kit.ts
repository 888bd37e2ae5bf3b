import type { AgentStateSpan, CallRecord, HistoryOp } from '../../../server/domain/live-state';
import type { SlaClock } from '../../../server/domain/sla/sla-clock';
import type { TicketState } from '../../../server/domain/sla/ticket-state';
import { intervalStart, siteDay } from '../../../shared/site-time';
import type { HistoryFact } from '../../../server/history/history-facts';

/** Facts for history tests, at Moscow wall times (UTC+3 all year). */
export const TZ = 'Europe/Moscow';

export function moscow(day: string, time: string): number {
  return Date.parse(`${day}T${time.length === 5 ? `${time}:00` : time}+03:00`);
}

type CallStory = Partial<Omit<CallRecord, 'queueId' | 'callId' | 'enteredAt' | 'day' | 'intervalStart'>>;

export function call(queueId: string, callId: string, enteredAt: number, story: CallStory = {}): HistoryFact {
  const outcome = story.outcome ?? 'answered';
  const waitSec = story.waitSec ?? 10;
  const answered = outcome === 'answered';
  const talkSec = story.talkSec ?? (answered ? 120 : 0);
  return {
    kind: 'call',
    call: {
      queueId,
      callId,
      enteredAt,
      answeredAt: answered ? enteredAt + waitSec * 1000 : null,
      endedAt: enteredAt + (waitSec + talkSec) * 1000,
      outcome,
      waitSec,
      talkSec,
      wrapSec: answered ? 30 : 0,
      agentId: answered ? 'PJSIP/1001' : null,
      answeredWithinSl: answered && waitSec <= 20,
      shortAbandon: outcome === 'abandoned' && waitSec < 5,
      callerId: null,
      day: siteDay(TZ, enteredAt),
      intervalStart: intervalStart(TZ, enteredAt),
      ...story,
    },
  };
}

/** Calls, spans and rings as the reducer hands them to a history sink. */
export function historyOps(facts: readonly HistoryFact[]): HistoryOp[] {
  return facts.map((fact) => {
    if (fact.kind === 'call') return { op: 'history.call', call: fact.call };
    if (fact.kind === 'agentState') return { op: 'history.agentState', span: fact.span };
    if (fact.kind === 'ringNoAnswer') return { op: 'history.ringNoAnswer', ring: fact.ring };
    throw new TypeError('tickets are not imported');
  });
}

/** A call fact with another site day than its entry's: a malformed fact, no row of which can be written. */
export function onDay(fact: HistoryFact, day: string): HistoryFact {
  if (fact.kind !== 'call') throw new TypeError('a call fact');
  return { kind: 'call', call: { ...fact.call, day } };
}

export function ring(agentId: string, queueId: string, callId: string, at: number, ringMs = 15_000): HistoryFact {
  return { kind: 'ringNoAnswer', ring: { agentId, queueId, callId, at, ringMs } };
}

export function span(agentId: string, state: string, from: number, to: number, queues: AgentStateSpan['queues'], pauseReason: string | null = null): HistoryFact {
  return { kind: 'agentState', span: { agentId, state, from, to, queues, pauseReason } };
}

function clock(kind: SlaClock['kind'], startedAt: number, dueAt: number | null, stop: SlaClock['stop']): SlaClock {
  return { kind, calendarId: 'always', targetMs: 3_600_000, startedAt, spans: [], dueAt, stop };
}

export function ticket(
  ticketId: string,
  fields: { createdAt: number; firstResponseAt?: number; firstResponseMet?: boolean; solvedAt?: number; updatedAt?: number },
): HistoryFact {
  const { createdAt } = fields;
  const firstResponseAt = fields.firstResponseAt ?? null;
  const solvedAt = fields.solvedAt ?? null;
  const state: TicketState = {
    ticketId,
    source: 'generic',
    subject: 'VPN down',
    createdAt,
    status: solvedAt !== null ? 'solved' : 'open',
    priority: 'medium',
    channel: 'email',
    line: 'L1',
    assignee: null,
    firstResponseAt,
    solvedAt,
    reopenCount: 0,
    rating: null,
    clocks: {
      firstResponse: clock(
        'firstResponse',
        createdAt,
        createdAt + 3_600_000,
        firstResponseAt === null ? null : { at: firstResponseAt, reason: 'replied', met: fields.firstResponseMet ?? true },
      ),
      resolution: clock('resolution', createdAt, createdAt + 8 * 3_600_000, solvedAt === null ? null : { at: solvedAt, reason: 'solved', met: true }),
      nextReply: null,
    },
    olas: [],
    lastApplied: { occurredAt: fields.updatedAt ?? Math.max(createdAt, firstResponseAt ?? 0, solvedAt ?? 0), sequence: null },
  };
  return { kind: 'ticket', ticket: state };
}
