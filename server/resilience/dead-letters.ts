import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import type { DeadLetter, DeadLetterPipeline, DeadLetterStore } from '../store/dead-letter-store';

export interface DeadLettersOptions {
  /** where letters are kept: the live store's list of the site */
  store: DeadLetterStore;
  site: string;
  logger: Logger;
  metrics: Pick<WallboardMetrics, 'deadLetters'>;
  /** wall clock, epoch ms */
  clock?: () => number;
}

/** Letters the store refused too, kept in this process; beyond this the oldest go (each was logged). */
const HELD_IN_PROCESS = 100;

/** The newest error quoted in /api/health: enough to recognise it, the log has the rest. */
const HEALTH_ERROR_CHARS = 200;

const PIPELINES: readonly DeadLetterPipeline[] = ['live', 'tickets', 'history'];

/**
 * The process's account of dead letters: sets batches aside in the store,
 * counts them (`wallboard_dead_letters_total{pipeline}`: a live or ticket
 * batch is one letter, a history fact is one) and reports them in /api/health,
 * degraded from the first one on, with the count and the newest error (a dead
 * letter is data the board did not count: someone has to look).
 *
 * When the store refuses the letter as well, it is kept in a bounded list in
 * this process and logged whole, so it is not lost without a trace. The history
 * writer keeps its own letters in Postgres and only reports them here.
 */
export class DeadLetters {
  private readonly counts = new Map<DeadLetterPipeline, number>();
  private newest: DeadLetter | null = null;
  /** letters the store could not take either, newest first */
  private readonly held: DeadLetter[] = [];
  private readonly clock: () => number;

  constructor(private readonly options: DeadLettersOptions) {
    this.clock = options.clock ?? Date.now;
    // Every pipeline shows on /metrics from the start, at 0.
    for (const pipeline of PIPELINES) options.metrics.deadLetters.inc({ pipeline }, 0);
  }

  /** Sets events aside in the store (a batch the store refused, an event the reducer threw on); never throws. */
  async record(pipeline: DeadLetterPipeline, events: readonly unknown[], error: unknown): Promise<void> {
    const letter: DeadLetter = { pipeline, at: this.clock(), error: messageOf(error), events };
    this.counted(letter);
    this.options.logger.error({ pipeline, err: error, events: events.length }, 'events that cannot be applied: set aside as a dead letter');
    try {
      await this.options.store.pushDeadLetter(this.options.site, letter);
    } catch (storeError) {
      this.held.unshift(letter);
      if (this.held.length > HELD_IN_PROCESS) this.held.length = HELD_IN_PROCESS;
      this.options.logger.error({ err: storeError, letter }, 'dead letter not stored either: kept in this process and logged here');
    }
  }

  /** A letter written elsewhere (the history writer's, in Postgres): counted and reported only. */
  noteWrittenElsewhere(pipeline: DeadLetterPipeline, error: unknown): void {
    this.counted({ pipeline, at: this.clock(), error: messageOf(error), events: [] });
  }

  /** The `deadLetters` check of /api/health. */
  health(): { ok: boolean; detail: string } {
    const newest = this.newest;
    if (newest === null) return { ok: true, detail: 'none' };
    const byPipeline = PIPELINES.flatMap((pipeline) => {
      const count = this.counts.get(pipeline) ?? 0;
      return count > 0 ? [`${pipeline} ${count}`] : [];
    }).join(', ');
    const held = this.held.length > 0 ? `; ${this.held.length} kept in this process only` : '';
    const error = newest.error.length > HEALTH_ERROR_CHARS ? `${newest.error.slice(0, HEALTH_ERROR_CHARS)}...` : newest.error;
    return {
      ok: false,
      detail: `${this.total()} dead-lettered (${byPipeline})${held}; newest ${new Date(newest.at).toISOString()} ${newest.pipeline}: ${error}`,
    };
  }

  private total(): number {
    let total = 0;
    for (const count of this.counts.values()) total += count;
    return total;
  }

  private counted(letter: DeadLetter): void {
    this.counts.set(letter.pipeline, (this.counts.get(letter.pipeline) ?? 0) + 1);
    this.options.metrics.deadLetters.inc({ pipeline: letter.pipeline });
    this.newest = letter;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
