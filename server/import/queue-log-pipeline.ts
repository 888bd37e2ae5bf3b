import type { QueueRules } from '../domain/queue-reducer';
import { parseQueueLogLine, type QueueLogParseOptions, type QueueLogRejectReason } from '../ingest/queue-log/queue-log-line';
import { QueueLogMapper, type QueueLogSkipReason } from '../ingest/queue-log/queue-log-mapper';
import type { MemberDirectory } from './member-directory';
import { ReducerRun } from './reducer-run';

/**
 * queue_log lines to history facts, through the live path's own steps: the
 * line parser, the mapper to normalized QueueEvents, and the same reducer the
 * AMI path uses, on an in-process LiveState. Pure apart from the counters: no
 * I/O, time comes from the lines.
 *
 * Callers who left unanswered and whose outcome is still open (a log without
 * the line that tells) are decided by the reducer's sweep, run as the lines'
 * time moves on and once more at the end.
 */

/**
 * How much log time passes between two sweeps of undecided outcomes. A
 * queue_log tells every outcome on the exit line itself, so the sweep is a
 * safety net for logs with lines missing, and need not run often.
 */
const SWEEP_EVERY_MS = 5 * 60_000;

export interface QueueLogPipelineOptions {
  rules: QueueRules;
  members: MemberDirectory;
  parse?: QueueLogParseOptions;
}

export class QueueLogPipeline {
  readonly run: ReducerRun;
  /** lines the parser refused, by reason */
  readonly rejected = new Map<QueueLogRejectReason, number>();
  /** parsed lines the mapper had no live event for, by reason */
  readonly skipped = new Map<QueueLogSkipReason, number>();
  lines = 0;
  private readonly mapper = new QueueLogMapper();
  private newestAt = 0;
  private nextSweepAt = 0;

  constructor(private readonly options: QueueLogPipelineOptions) {
    this.run = new ReducerRun(options.rules);
  }

  line(text: string): void {
    this.lines++;
    const parsed = parseQueueLogLine(text, this.options.parse);
    if (!parsed.ok) {
      bump(this.rejected, parsed.reason);
      return;
    }
    const line = parsed.line;
    this.options.members.learn(line);
    if (line.agent !== null) line.agent = this.options.members.resolve(line.agent);
    if (line.at > this.newestAt) {
      this.newestAt = line.at;
      if (line.at >= this.nextSweepAt) {
        this.nextSweepAt = line.at + SWEEP_EVERY_MS;
        this.run.sweep(line.at);
      }
    }
    const mapping = this.mapper.map(line);
    if (!mapping.ok) {
      bump(this.skipped, mapping.skipped);
      return;
    }
    for (const event of mapping.events) this.run.reduce(event);
  }

  /** A line too long to hold was skipped by the reader. */
  overlong(): void {
    this.lines++;
    bump(this.rejected, 'too_long');
  }

  /** The log ended (or following stopped): decide what is still undecided once its grace has run out. */
  finish(): void {
    if (this.newestAt > 0) this.run.sweep(this.newestAt + this.options.rules.outcomeGraceMs);
  }
}

function bump<K>(counts: Map<K, number>, key: K): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
