import type { CallRecord, HistoryOp } from '../domain/live-state';

/** Counts the history facts an import produced: call rows by outcome, agent state spans, rings not answered. */
export class HistoryTally {
  readonly calls: Record<CallRecord['outcome'], number> = { answered: 0, abandoned: 0, timedOut: 0 };
  agentSpans = 0;
  ringsNotAnswered = 0;

  count(op: HistoryOp): void {
    if (op.op === 'history.call') this.calls[op.call.outcome]++;
    else if (op.op === 'history.agentState') this.agentSpans++;
    else this.ringsNotAnswered++;
  }

  get totalCalls(): number {
    return this.calls.answered + this.calls.abandoned + this.calls.timedOut;
  }
}
