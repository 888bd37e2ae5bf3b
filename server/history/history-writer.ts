import type { Logger } from '../observability/logger';
import { retry } from '../resilience/retry';
import type { HistoryFact } from './history-facts';
import type { HistoryMetrics } from './history-metrics';
import { isDatabaseUnreachable, isQueryTimeout } from './database-failure';
import { isRefusedData } from './refused-data';

export interface HistoryWriterOptions {
  /** writes one batch, atomically (see writeBatch); throws when Postgres is unreachable or refuses it */
  write: (facts: readonly HistoryFact[]) => Promise<void>;
  /** keeps a fact Postgres refused (history_dead_letters), with the error */
  deadLetter: (fact: HistoryFact, error: unknown) => Promise<void>;
  /** told of each fact set aside, after it was kept (or could not be) */
  onDeadLetter?: (error: unknown) => void;
  logger: Logger;
  metrics: HistoryMetrics;
  /** facts held while Postgres is unreachable; beyond this, new facts are dropped and counted */
  maxBuffered?: number;
  /** facts per transaction */
  batchSize?: number;
  /** backoff between failed attempts: the ceiling doubles from min to max (full jitter) */
  retryMinMs?: number;
  retryMaxMs?: number;
  clock?: () => number;
}

export interface HistoryWriterStatus {
  buffered: number;
  /** wall-clock time of the last successful write, null before the first */
  lastWriteAt: number | null;
  /** why the last attempt failed; null once a write succeeds again */
  lastError: string | null;
  dropped: number;
  /** facts Postgres refused, set aside */
  deadLettered: number;
}

/**
 * Moves history facts to Postgres in batches, in the order they came.
 *
 * Facts wait in a bounded buffer; one drain loop writes up to `batchSize` of
 * them per transaction and removes them only once the transaction committed.
 * While Postgres is unreachable the loop retries the same batch with backoff
 * and the buffer grows; when it returns, everything held is written. Facts that
 * arrive while the buffer is full are dropped, counted and logged.
 *
 * A batch Postgres refuses for its data (refused-data.ts: a NUL in a text, a
 * violated CHECK) is split in halves until the refused facts are alone: the
 * others are written (upserts, so halves written before a retry are harmless),
 * each refused one goes to the dead letters, and the buffer moves on. A batch
 * Postgres cancels at its statement timeout is not an outage: it is split the
 * same way (smaller statements), and a single fact that still times out is set
 * aside too, so a timeout is never retried for ever.
 */
export class HistoryWriter {
  private buffer: HistoryFact[] = [];
  private draining: Promise<void> | null = null;
  private closed = false;
  /** aborted by close(): ends the wait between attempts */
  private readonly closing = new AbortController();
  private lastWriteAt: number | null = null;
  private lastError: string | null = null;
  private dropped = 0;
  private droppedSinceLog = 0;
  private deadLettered = 0;
  private readonly maxBuffered: number;
  private readonly batchSize: number;
  private readonly clock: () => number;

  constructor(private readonly options: HistoryWriterOptions) {
    this.maxBuffered = options.maxBuffered ?? 200_000;
    this.batchSize = options.batchSize ?? 5_000;
    this.clock = options.clock ?? Date.now;
  }

  record(facts: readonly HistoryFact[]): void {
    if (this.closed) return;
    const room = Math.max(0, this.maxBuffered - this.buffer.length);
    const taken = facts.length <= room ? facts : facts.slice(0, room);
    for (const fact of taken) this.buffer.push(fact);
    const overflow = facts.length - taken.length;
    if (overflow > 0) {
      if (this.droppedSinceLog === 0) {
        this.options.logger.error({ buffered: this.buffer.length, max: this.maxBuffered }, 'history buffer full, dropping new facts');
      }
      this.dropped += overflow;
      this.droppedSinceLog += overflow;
      this.options.metrics.factsDropped.inc(overflow);
    }
    this.options.metrics.buffered.set(this.buffer.length);
    if (!this.draining && this.buffer.length > 0) this.draining = this.drain();
  }

  status(): HistoryWriterStatus {
    return {
      buffered: this.buffer.length,
      lastWriteAt: this.lastWriteAt,
      lastError: this.lastError,
      dropped: this.dropped,
      deadLettered: this.deadLettered,
    };
  }

  /** Resolves when every fact recorded so far is written (waits through outages). */
  async settled(): Promise<void> {
    while (this.draining) await this.draining;
  }

  /**
   * Stops taking facts and makes a last attempt to write what is held, for at
   * most `graceMs`; what is still buffered then is reported in the log.
   */
  async close(graceMs = 5_000): Promise<void> {
    this.closed = true;
    this.closing.abort();
    const deadline = performance.now() + graceMs;
    while (this.draining && performance.now() < deadline) {
      await Promise.race([this.draining, new Promise((resolve) => setTimeout(resolve, 50))]);
    }
    if (this.buffer.length > 0) {
      this.options.logger.error({ unwritten: this.buffer.length }, 'history writer closed with facts not written');
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.buffer.length > 0) {
        const batch = this.buffer.slice(0, this.batchSize);
        const closing = this.closed;
        let setAside: number;
        try {
          // after close(), one attempt per batch and no waiting
          setAside = await retry(() => this.writeSettingAsideRefused(batch), {
            initialDelayMs: this.options.retryMinMs ?? 100,
            maxDelayMs: this.options.retryMaxMs ?? 5_000,
            ...(closing ? { maxAttempts: 1 } : { signal: this.closing.signal }),
          });
        } catch {
          // that last attempt failed; or close() cut a wait short, and the batch gets its last attempt now
          if (closing) return;
          continue;
        }
        this.buffer.splice(0, batch.length);
        this.options.metrics.factsWritten.inc(batch.length - setAside);
        this.options.metrics.buffered.set(this.buffer.length);
        this.lastWriteAt = this.clock();
        if (this.lastError !== null) {
          this.options.logger.info({ buffered: this.buffer.length, droppedMeanwhile: this.droppedSinceLog }, 'history database back, writing held facts');
          this.lastError = null;
        }
        if (this.buffer.length === 0) this.droppedSinceLog = 0;
      }
    } finally {
      this.draining = null;
    }
  }

  /**
   * Writes `facts`; those Postgres refuses for their data are set aside, by
   * halving the refused part until each refused fact is alone. Returns how many
   * were set aside; throws for any other failure.
   */
  private async writeSettingAsideRefused(facts: readonly HistoryFact[]): Promise<number> {
    try {
      await this.attemptWrite(facts);
      return 0;
    } catch (error) {
      if (!isRefusedData(error) && !isQueryTimeout(error)) throw error;
      if (facts.length === 1) {
        await this.setAside(facts[0] as HistoryFact, error);
        return 1;
      }
      const middle = facts.length >> 1;
      return (await this.writeSettingAsideRefused(facts.slice(0, middle))) + (await this.writeSettingAsideRefused(facts.slice(middle)));
    }
  }

  private async setAside(fact: HistoryFact, error: unknown): Promise<void> {
    try {
      await this.options.deadLetter(fact, error);
    } catch (keepError) {
      // Postgres went away meanwhile: the batch is retried whole, and this fact set aside then.
      if (isDatabaseUnreachable(keepError)) throw keepError;
      this.options.logger.error({ err: keepError, fact }, 'refused history fact not kept in history_dead_letters either: it is in this log only');
    }
    this.deadLettered += 1;
    this.options.logger.error({ err: error, fact }, 'history fact refused by Postgres: dead-lettered');
    this.options.onDeadLetter?.(error);
  }

  private async attemptWrite(batch: readonly HistoryFact[]): Promise<void> {
    try {
      await this.options.write(batch);
    } catch (error) {
      if (isRefusedData(error) || isQueryTimeout(error)) throw error;
      this.options.metrics.writeFailures.inc();
      if (this.lastError === null) {
        const why = isDatabaseUnreachable(error) ? 'history database unreachable' : 'history write failed';
        this.options.logger.warn({ err: error, buffered: this.buffer.length }, `${why}, holding facts`);
      }
      this.lastError = (error as Error).message || String(error);
      throw error;
    }
  }
}
