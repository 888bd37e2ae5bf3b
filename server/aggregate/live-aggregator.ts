import { applyLiveOps, emptyLiveState, isHistoryOp, type HistoryOp, type LiveOp, type LiveState } from '../domain/live-state';
import type { QueueEvent } from '../domain/queue-events';
import { reduceQueueEvent, sweepPendingOutcomes, type QueueRules } from '../domain/queue-reducer';
import type { CallLiveStore } from '../store/call-live-store';
import { StaleReaderError, type ReaderBatch } from '../store/lease-store';
import type { DeadLetterStore } from '../store/dead-letter-store';
import type { Logger } from '../observability/logger';
import type { WallboardMetrics } from '../observability/metrics';
import { RateLimitedLog } from '../observability/rate-limited-log';
import { DeadLetters } from '../resilience/dead-letters';
import { classifyStoreError } from '../resilience/error-class';
import { PermanentError, retry } from '../resilience/retry';

export interface LiveAggregatorOptions {
  store: CallLiveStore & DeadLetterStore;
  site: string;
  rules: QueueRules;
  logger: Logger;
  metrics: WallboardMetrics;
  /** where a batch the store refuses for good goes, so the events after it still apply; default: the store's list, counted on `metrics` */
  deadLetters?: DeadLetters;
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

/** Work for the next batch: an event, a sweep of undecided outcomes at an event time, or ops made outside the stream (a rebuild). */
type Pending = { event: QueueEvent; receivedAt: number } | { sweepAt: number } | { ops: LiveOp[] };

/** How to put back a live store that was emptied (store-rebuild.ts). */
export interface StoreRebuild {
  /** keep the mirror rather than load the emptied store's: this node read the PBX until the store was emptied */
  keepMirror: boolean;
  /** the ops that put the store back, made from the mirror */
  ops: (mirror: LiveState) => Promise<LiveOp[]>;
}

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
  /** a batch was refused as stale, or resume() is getting ready: events are dropped until resume() ends */
  private fencedOut = false;
  /** events of the batch being written */
  private inFlight = 0;
  /** aborted by abandon(): the retry of the batch in flight ends, nothing more is taken */
  private readonly stopping = new AbortController();
  private readonly deadLetters: DeadLetters;

  constructor(private readonly options: LiveAggregatorOptions) {
    this.warnings = new RateLimitedLog(options.logger);
    this.maxBuffered = options.maxBuffered ?? 200_000;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
    const { store, site, logger, metrics } = options;
    this.deadLetters = options.deadLetters ?? new DeadLetters({ store, site, logger, metrics });
  }

  async init(): Promise<void> {
    this.mirror = (await this.options.store.readLive(this.options.site)).state;
  }

  /**
   * Starts reading as reader `generation`: once the batches in hand have
   * landed or been refused, the mirror is loaded again from the store (another
   * node may have read the PBX since), so the resync that follows works on
   * the current state. Batches then carry the generation and their sequence.
   * With `rebuild` (the store was emptied), its ops are applied as the
   * generation's first batch before this resolves.
   */
  async resume(generation: number, rebuild?: StoreRebuild): Promise<void> {
    // no sweep may move the mirror or the store while it is read and rebuilt
    this.fencedOut = true;
    await this.settled();
    this.queue = [];
    if (!rebuild?.keepMirror) this.mirror = (await this.options.store.readLive(this.options.site)).state;
    this.reader = { generation, sequence: 0 };
    if (rebuild) {
      this.queue.push({ ops: await rebuild.ops(this.mirror) });
      this.flushing ??= this.drain();
      await this.settled();
    }
    this.fencedOut = false;
  }

  /** The oldest instant the PBX's counters of a queue are known from (link-gap.ts), null when none are: where a gap may begin. */
  pbxCountsSince(): number | null {
    const known = Object.values(this.mirror.queues).flatMap((queue) => (queue.pbxCounts ? [queue.pbxCounts.at] : []));
    return known.length > 0 ? Math.min(...known) : null;
  }

  /** Time of the newest event seen (epoch ms), 0 before the first. */
  get newestEventAt(): number {
    return this.lastEventAt;
  }

  /** Events taken but not in the store: those queued and the batch being written. */
  get unapplied(): number {
    let events = this.inFlight;
    for (const work of this.queue) if ('event' in work) events++;
    return events;
  }

  /**
   * Gives up on what is not in the store yet (shutdown past its deadline): the
   * retry of the batch in flight stops, and events submitted from now on are
   * ignored. `unapplied` still counts what was given up.
   */
  abandon(): void {
    this.stopping.abort(new Error('live aggregator stopped'));
  }

  /** `receivedAt`: monotonicNow() when the event was read, if before now (the ingest latency starts there) */
  submit(event: QueueEvent, receivedAt = this.monotonicNow()): void {
    if (this.fencedOut || this.stopping.signal.aborted) return;
    if (this.queue.length >= this.maxBuffered) {
      this.options.metrics.ingestDropped.inc();
      if (this.queue.length === this.maxBuffered) {
        this.options.logger.error({ buffered: this.queue.length }, 'ingest buffer full, dropping events');
      }
      return;
    }
    this.queue.push({ event, receivedAt });
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
    if (this.lastEventAt === 0 || this.fencedOut || this.stopping.signal.aborted) return;
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
        const unreduced: { work: Pending; error: unknown }[] = [];
        for (const work of batch) {
          let workOps: LiveOp[];
          try {
            workOps =
              'ops' in work
                ? work.ops
                : 'sweepAt' in work
                  ? sweepPendingOutcomes(this.mirror, work.sweepAt, this.options.rules)
                  : reduceQueueEvent(this.mirror, work.event, this.options.rules);
          } catch (error) {
            // An event the reducer cannot take (a time that is not a number ...) is as permanent
            // as a store refusal: it alone goes to the dead letters, the mirror never saw it.
            unreduced.push({ work, error });
            continue;
          }
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
        for (const { work, error } of unreduced) await this.deadLetters.record('live', 'event' in work ? [work.event] : [], error);
        if (ops.length === 0 && history.length === 0) continue;
        const batchId = this.reader && { generation: this.reader.generation, sequence: ++this.reader.sequence };
        this.inFlight = events;
        let seq: number | null;
        try {
          seq = await this.applyOrSetAside(ops, batch, batchId ?? undefined);
        } catch (error) {
          if (!(error instanceof StaleReaderError)) throw error;
          this.inFlight = 0;
          // No fence at all: the store was emptied (a Redis restart) and nobody has read since, so the
          // batch's facts are this reader's alone; history keeps them and the store rebuild counts them.
          if (error.currentGeneration === 0 && history.length > 0) this.options.onHistory?.(history);
          this.fenceOut(error);
          return;
        }
        this.inFlight = 0;
        if (seq === null) continue;
        if (history.length > 0) this.options.onHistory?.(history);
        const done = this.monotonicNow();
        for (const work of batch) {
          if ('receivedAt' in work) this.options.metrics.ingestLatency.observe((done - work.receivedAt) / 1000);
        }
        this.options.metrics.eventsApplied.inc(events);
        this.options.onApplied?.(seq);
      }
    } catch (error) {
      // abandon() ended the retry: what is left is counted by `unapplied`
      if (!this.stopping.signal.aborted) throw error;
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
   * The batch's new seq once it is in the store; null when the store refused
   * it for good and it went to the dead letters. The mirror is then read back
   * from the store, which holds what really landed (nothing: the apply script
   * checks inputs and key types before it writes), so the events after it are
   * reduced against the store's state; if the read fails too, the mirror stays
   * as if the batch had landed. A stale reader's refusal is not a dead letter:
   * it is raised, and this node stops reading.
   */
  private async applyOrSetAside(ops: LiveOp[], batch: readonly Pending[], batchId: ReaderBatch | undefined): Promise<number | null> {
    try {
      return await this.applyWithRetry(ops, batchId);
    } catch (error) {
      if (error instanceof StaleReaderError || !(error instanceof PermanentError)) throw error;
      const events = batch.flatMap((work) => ('event' in work ? [work.event] : []));
      await this.deadLetters.record('live', events, error.cause);
      try {
        await this.init();
      } catch (readError) {
        this.options.logger.warn({ err: readError }, 'live state not read back after a dead-lettered batch: the mirror keeps it');
      }
      return null;
    }
  }

  /**
   * A batch is atomic and carries its id (fenced readers): it landed whole or
   * not at all, and a retry of one that landed is recognised by the store, so
   * retrying cannot double-count. Events keep queueing (bounded) while we
   * retry. Only a transient error is retried (error-class.ts); a permanent one
   * is raised as PermanentError with the store's error as its cause.
   */
  private applyWithRetry(ops: LiveOp[], batchId: ReaderBatch | undefined): Promise<number> {
    const { store, site } = this.options;
    const attempt = async (): Promise<number> => {
      try {
        return await store.apply(site, ops, batchId);
      } catch (error) {
        if (error instanceof PermanentError) throw error;
        if (classifyStoreError(error) === 'permanent') throw new PermanentError('the live store refused the batch', { cause: error });
        throw error;
      }
    };
    return retry(attempt, {
      ...STORE_BACKOFF,
      signal: this.stopping.signal,
      onRetry: ({ error, delayMs }) => {
        this.options.metrics.storeApplyFailures.inc();
        this.warnings.warn('store-apply-retry', { err: error, retryInMs: delayMs }, 'live store unreachable, retrying batch');
      },
    });
  }
}
