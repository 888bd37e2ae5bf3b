import type { BoardState, Counters, LiveOp, LiveState } from '../domain/live-state';
import type { ReaderBatch } from './lease-store';

/**
 * The calls' part of the live store port: the live state of queues, waiting
 * callers, agents and calls, and the per-queue counters of site days and
 * 15-minute intervals that `counters.add` operations feed.
 */
export interface CallLiveStore {
  /**
   * Applies the operations atomically (all or nothing, never interleaved with
   * another apply) and returns the new sequence number of the site. With
   * `batch`, in the same atomic step: throws StaleReaderError unless
   * `batch.generation` is the site's current reader generation, and applies
   * nothing (returning the current seq) when a batch of that generation with
   * this sequence or a later one has already landed, so a retry after a lost
   * reply cannot count twice.
   */
  apply(site: string, ops: readonly LiveOp[], batch?: ReaderBatch): Promise<number>;
  /** The whole live state of a site, and the sequence number it reflects. */
  readLive(site: string): Promise<{ state: LiveState; seq: number }>;
  /**
   * What a board shows, read at once: the live state without `calls` (only the
   * aggregator needs them, and they are the biggest part), the counters of one
   * day and one interval, and the sequence number they reflect.
   */
  readBoard(site: string, day: string, intervalStart: number): Promise<LiveBoard>;
  /** Per-queue counters of one site day (YYYY-MM-DD in site time). Queues with no counters are absent. */
  readDayCounters(site: string, day: string): Promise<Record<string, Counters>>;
  /** Per-queue counters of the 15-minute interval starting at `intervalStart` (epoch ms). */
  readIntervalCounters(site: string, intervalStart: number): Promise<Record<string, Counters>>;
}

export interface LiveBoard {
  state: BoardState;
  seq: number;
  dayCounters: Record<string, Counters>;
  intervalCounters: Record<string, Counters>;
}
