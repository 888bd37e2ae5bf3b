import type { Counters, LiveOp, LiveState } from '../domain/live-state';
import type { TicketStore } from './ticket-store';

/**
 * The port every live store implements: Redis (ioredis) in production, an
 * in-process map when no REDIS_URL is given. Both pass test/integration/live-store.conformance.
 * The ticket desk's part is in ticket-store.ts.
 */
export interface LiveStore extends TicketStore {
  /** Applies the operations atomically (all or nothing, never interleaved with another apply) and returns the new sequence number of the site. */
  apply(site: string, ops: readonly LiveOp[]): Promise<number>;
  /** The whole live state of a site, and the sequence number it reflects. */
  readLive(site: string): Promise<{ state: LiveState; seq: number }>;
  /** Per-queue counters of one site day (YYYY-MM-DD in site time). Queues with no counters are absent. */
  readDayCounters(site: string, day: string): Promise<Record<string, Counters>>;
  /** Per-queue counters of the 15-minute interval starting at `intervalStart` (epoch ms). */
  readIntervalCounters(site: string, intervalStart: number): Promise<Record<string, Counters>>;
  /** The site's current sequence number (cheap: lets the broadcaster skip unchanged boards). */
  readSeq(site: string): Promise<number>;
  /**
   * Takes or renews a lease held by `owner` for `ttlMs` (so exactly one process
   * reads a PBX's AMI stream). True when `owner` holds it afterwards.
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  close(): Promise<void>;
}
