import type { AgentStateSpan, CallRecord, HistoryOp, RingNoAnswer } from '../domain/live-state';
import type { EscalationRecord } from '../domain/escalations/escalation-record';
import type { TicketState } from '../domain/sla/ticket-state';

/** One thing that happened, to be kept in history. */
export type HistoryFact =
  | { kind: 'call'; call: CallRecord }
  | { kind: 'agentState'; span: AgentStateSpan }
  | { kind: 'ringNoAnswer'; ring: RingNoAnswer }
  | { kind: 'ticket'; ticket: TicketState }
  | { kind: 'escalation'; escalation: EscalationRecord };

export function factsFromOps(ops: readonly HistoryOp[]): HistoryFact[] {
  return ops.map((op): HistoryFact => {
    if (op.op === 'history.call') return { kind: 'call', call: op.call };
    if (op.op === 'history.agentState') return { kind: 'agentState', span: op.span };
    return { kind: 'ringNoAnswer', ring: op.ring };
  });
}

export function factsFromTickets(tickets: readonly TicketState[]): HistoryFact[] {
  return tickets.map((ticket) => ({ kind: 'ticket', ticket }));
}

export function factsFromEscalations(escalations: readonly EscalationRecord[]): HistoryFact[] {
  return escalations.map((escalation) => ({ kind: 'escalation', escalation }));
}
