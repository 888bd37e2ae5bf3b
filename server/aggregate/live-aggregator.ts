import { applyLiveOps, emptyLiveState, isHistoryOp, type HistoryOp, type LiveOp, type LiveState } from '../domain/live-state';
import type { QueueEvent } from '../domain/queue-events';
import { reduceQueueEvent, sweepPendingOutcomes, type QueueRules } from '../domain/queue-reducer';
import type { CallLiveStore } from '../store/call-live-store';
import { StaleReaderError, type ReaderBatch } from '../store/lease-store';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { RateLimitedLog } from '../observability/rate-limited-log';
import { retry } from '../resilience/retry';

export interface LiveAggregatorOptions {
  store: CallLiveStore;
  site: string;
  rules: QueueRules;
  logger: Logger;
  metrics: WallboardMetrics;
  /** called after each batch lands in the store, with the site's new sequence number */
  onApplied?: (seq: number) => void;
  /** finished calls and agent state spans of each batch, in order, once the batch is in the store */
  onHistory?: (facts: HistoryOp[]) => void;
  /** the store refused a batch of this reader's generation: another node reads the PBX now, stop reading */
  onFencedOut?: (error: StaleReaderError) => void;
  /** events held while the store is unreachable; beyond this they are dropped and counted */
  maxBuffered?: number;
  /** receive-time clock for latency figures and quiet-line time (performance.now-like, ms) */
  monotonicNow?: () => number;
}

/**
 * Most events (and sweeps) reduced and written as one batch, one atomic apply: about
 * 10 ms of reducing at the bench's 20,000 events/s (docs/PERFORMANCE.md).
 */
const MAX_BATCH_EVENTS = 1000;

/** Waits between attempts to apply a batch while the store is unreachable: forever, at most 5 s apart. */
const STORE_BACKOFF = { initialDelayMs: 100, maxDelayMs: 5000 };

/** Work for the next batch: an event, or a sweep of undecided outcomes at an event time. */
type Pending = { event: QueueEvent; receivedAt: number } | { sweepAt: number };

/**
 * Feeds normalized events through the pure reducer into the live store.
 *
 * Events are taken in arrival order and applied in batches: everything that
 * arrived while the previous batch was being written goes into the next one
 * (one atomic apply per batch, at most MAX_BATCH_EVENTS), so throughput grows with
 * load instead of latency. The reducer needs the state as of the previous
 * event; `mirror` is that state, and it only ever runs ahead of the store by
 * the batch being written. On start it
 * is loaded from the store, so a restarted process continues where the last
 * one stopped.
 */
export class LiveAggregator {
  private mirror: LiveState = emptyLiveState();
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private readonly maxBuffered: number;
  private readonly monotonicNow: () => number;
  private lastEventAt = 0;
  /** monotonic time the newest event was applied */
  private lastEventMonotonic = 0;
  private readonly warnings: RateLimitedLog;
  /** the reader lease generation batches are fenced with, and the last batch's sequence; null = unfenced (one process, tools) */
  private reader: ReaderBatch | null = null;
  /** a batch was refused as stale: events are dropped until resume() */
  private fencedOut = false;

  constructor(private readonly options: LiveAggregatorOptions) {
    this.warnings = new RateLimitedLog(options.logger);
    this.maxBuffered = options.maxBuffered ?? 200_000;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
  }

  async init(): Promise<void> {
    this.mirror = (await this.options.store.readLive(this.options.site)).state;
  }

  /**
   * Starts reading as reader `generation`: once the batches in hand have
   * landed or been refused, the mirror is loaded again from the store (another
   * node may have read the PBX since), so the resync that follows works on
   * the current state. Batches then carry the generation and their sequence.
   */
  async resume(generation: number): Promise<void> {
    await this.settled();
    this.queue = [];
    this.mirror = (await this.options.store.readLive(this.options.site)).state;
    this.reader = { generation, sequence: 0 };
    this.fencedOut = false;
  }

  /** Time of the newest event seen (epoch ms), 0 before the first. */
  get newestEventAt(): number {
    return this.lastEventAt;
  }

  submit(event: QueueEvent): void {
    if (this.fencedOut) return;
    if (this.queue.length >= this.maxBuffered) {
      this.options.metrics.ingestDropped.inc();
      if (this.queue.length === this.maxBuffered) {
        this.options.logger.error({ buffered: this.queue.length }, 'ingest buffer full, dropping events');
      }
      return;
    }
    this.queue.push({ event, receivedAt: this.monotonicNow() });
    if (!this.flushing) this.flushing = this.drain();
  }

  /** Resolves when every event submitted so far is in the store. */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  /**
   * Decides outcomes that never got their QUEUESTATUS or Hangup. Grace time is
   * measured on the PBX's clock (event timestamps), advanced by elapsed real
   * time only while the line is quiet. Neither a skew between the clocks nor a
   * site clock that runs ahead of the stream (an accelerated simulator, a
   * backlog being worked off) can then decide an outcome whose QUEUESTATUS is
   * already on its way.
   */
  sweep(): void {
    if (this.lastEventAt === 0 || this.fencedOut) return;
    this.queue.push({ sweepAt: this.lastEventAt + Math.max(0, this.monotonicNow() - this.lastEventMonotonic) });
    if (!this.flushing) this.flushing = this.drain();
  }

  private async drain(): Promise<void> {
    // Let the current burst of socket data arrive before the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.queue.length > 0) {
        // Reducing holds the event loop: a capped batch keeps socket.io, timers and
        // socket reads waiting a few ms, not hundreds, when a backlog has built up.
        const batch = this.queue.length > MAX_BATCH_EVENTS ? this.queue.splice(0, MAX_BATCH_EVENTS) : this.queue;
        if (batch === this.queue) this.queue = [];
        const ops: LiveOp[] = [];
        const history: HistoryOp[] = [];
        let events = 0;
        for (const work of batch) {
          const workOps =
            'sweepAt' in work
              ? sweepPendingOutcomes(this.mirror, work.sweepAt, this.options.rules)
              : reduceQueueEvent(this.mirror, work.event, this.options.rules);
          applyLiveOps(this.mirror, workOps);
          for (const op of workOps) {
            if (isHistoryOp(op)) history.push(op);
            else ops.push(op);
          }
          if ('event' in work) {
            events++;
            if (work.event.at > this.lastEventAt) {
              this.lastEventAt = work.event.at;
              this.lastEventMonotonic = this.monotonicNow();
            }
          }
        }
        if (ops.length === 0 && history.length === 0) continue;
        const batchId = this.reader && { generation: this.reader.generation, sequence: ++this.reader.sequence };
        let seq: number;
        try {
          seq = await this.applyWithRetry(ops, batchId ?? undefined);
        } catch (error) {
          if (!(error instanceof StaleReaderError)) throw error;
          this.fenceOut(error);
          return;
        }
        if (history.length > 0) this.options.onHistory?.(history);
        const done = this.monotonicNow();
        for (const work of batch) {
          if ('receivedAt' in work) this.options.metrics.ingestLatency.observe((done - work.receivedAt) / 1000);
        }
        this.options.metrics.eventsApplied.inc(events);
        this.options.onApplied?.(seq);
      }
    } finally {
      this.flushing = null;
    }
  }

  /** Another reader took over: what this one still holds is dropped; the mirror is reloaded by resume(). */
  private fenceOut(error: StaleReaderError): void {
    this.fencedOut = true;
    this.queue = [];
    this.options.metrics.staleBatchesRefused.inc();
    this.options.logger.warn({ err: error }, 'batch refused: another node reads the PBX now, stopping');
    this.options.onFencedOut?.(error);
  }

  /**
   * A batch is atomic and carries its id (fenced readers): it landed whole or
   * not at all, and a retry of one that landed is recognised by the store, so
   * retrying cannot double-count. Events keep queueing (bounded) while we retry.
   */
  private applyWithRetry(ops: LiveOp[], batch: ReaderBatch | undefined): Promise<number> {
    return retry(() => this.options.store.apply(this.options.site, ops, batch), {
      ...STORE_BACKOFF,
      onRetry: ({ error, delayMs }) => {
        this.options.metrics.storeApplyFailures.inc();
        this.warnings.warn('store-apply-retry', { err: error, retryInMs: delayMs }, 'live store unreachable, retrying batch');
      },
    });
  }
}
