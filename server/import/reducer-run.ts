import { applyLiveOps, emptyLiveState, isHistoryOp, type HistoryOp, type LiveOp, type LiveState } from '../domain/live-state';
import type { QueueEvent } from '../domain/queue-events';
import { forgetAgent } from '../domain/agent-records';
import { reduceQueueEvent, sweepPendingOutcomes, type QueueRules } from '../domain/queue-reducer';
import { HistoryTally } from './history-tally';

/**
 * The live path's reducer on an in-process LiveState, keeping only what history
 * needs: the `history.call` and `history.agentState` facts, in order (the
 * counters are rebuilt from the call rows by the history writer's rollup).
 */
export class ReducerRun {
  readonly tally = new HistoryTally();
  events = 0;
  private readonly state: LiveState = emptyLiveState();
  private history: HistoryOp[] = [];

  constructor(readonly rules: QueueRules) {}

  reduce(event: QueueEvent): void {
    this.events++;
    this.apply(reduceQueueEvent(this.state, event, this.rules));
  }

  /** Decides outcomes still open once their grace has run out at `at`. */
  sweep(at: number): void {
    this.apply(sweepPendingOutcomes(this.state, at, this.rules));
  }

  /** Ends every agent's open state span at `at`, as if each agent left then: a run that stops would otherwise lose them. */
  endAgentSpans(at: number): void {
    for (const agent of Object.values(this.state.agents)) this.apply(forgetAgent(agent, at));
  }

  /** The history facts produced since the last call, in order. */
  takeHistory(): HistoryOp[] {
    const ops = this.history;
    this.history = [];
    return ops;
  }

  private apply(ops: LiveOp[]): void {
    if (ops.length === 0) return;
    applyLiveOps(this.state, ops);
    for (const op of ops) {
      if (isHistoryOp(op)) {
        this.history.push(op);
        this.tally.count(op);
      }
    }
  }
}
