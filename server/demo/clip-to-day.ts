import type { HistoryFact } from '../history/history-facts';

/**
 * A simulated day's facts as its own day holds them: calls that entered in
 * [from, to), rings not answered in [from, to), and agent spans cut to [from, to). The simulation runs on past
 * `to` until the last call has ended; what agents did then belongs to the next
 * day, which has a simulation of its own from its midnight.
 */
export function clipToDay(facts: readonly HistoryFact[], from: number, to: number): HistoryFact[] {
  const kept: HistoryFact[] = [];
  for (const fact of facts) {
    if (fact.kind === 'call') {
      if (fact.call.enteredAt >= from && fact.call.enteredAt < to) kept.push(fact);
    } else if (fact.kind === 'agentState') {
      const span = { ...fact.span, from: Math.max(fact.span.from, from), to: Math.min(fact.span.to, to) };
      if (span.to > span.from) kept.push({ kind: 'agentState', span });
    } else if (fact.kind === 'ringNoAnswer') {
      if (fact.ring.at >= from && fact.ring.at < to) kept.push(fact);
    } else kept.push(fact);
  }
  return kept;
}
