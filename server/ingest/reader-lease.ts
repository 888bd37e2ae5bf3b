import { randomUUID } from 'node:crypto';
import type { LeaseStore, PbxLinkReport, ReaderLeaseState } from '../store/lease-store';
import type { Logger } from '../observability/logger';
import { RateLimitedLog } from '../observability/rate-limited-log';

/** The reader lease's TTL by default: with renewals and standby polls every quarter of it, a takeover comes within 10 s of a reader's death. */
export const DEFAULT_READER_LEASE_TTL_MS = 8_000;

export interface ReaderLeaseOptions {
  store: LeaseStore;
  site: string;
  /** this process, as other nodes' health reports name the reader */
  owner: string;
  ttlMs?: number;
  logger: Logger;
  /**
   * the lease was taken at `generation`: make the reader ready (reload its
   * state; rebuild the store when `emptied`), then start reading
   */
  onAcquired: (generation: number, emptied: StoreEmptied | null) => Promise<void> | void;
  /** the lease is gone (taken over, or not renewed in time): stop reading */
  onLost: () => void;
  /** the PBX link as this process sees it, published for the other nodes while it reads */
  link: () => Omit<PbxLinkReport, 'owner'>;
  /** monotonic ms (performance.now by default) */
  monotonicNow?: () => number;
}

/** The store lost everything (its epoch is gone or changed: a Redis restart without persistence) since this process last looked. */
export interface StoreEmptied {
  /** this process read the PBX until then and nobody else has since: its state is the best account of what was lost */
  byThisReader: boolean;
}

/** Who reads the PBX, as this process knows it. */
export interface ReaderView {
  role: 'reader' | 'standby';
  /** the lease holder at the last look; null while nobody holds it */
  owner: string | null;
  /** the reader's last link report (this process's own when it reads) */
  link: PbxLinkReport | null;
}

/**
 * Exactly one process reads a site's PBX at a time, across all nodes: two
 * readers would apply every event twice. Every quarter of the TTL the reader
 * renews the lease and publishes its link report, and a standby tries to take
 * the lease and otherwise reads who holds it; a reader that dies without a
 * word is replaced within TTL + a quarter. A reader that has not renewed by
 * the time its lease may have run out stops on its own; the generation fence
 * in the store refuses its batches anyway once another node took over.
 */
export class ReaderLease {
  private timer: NodeJS.Timeout | null = null;
  private expiry: NodeJS.Timeout | null = null;
  private generation: number | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  private seen: ReaderLeaseState = { owner: null, generation: 0, link: null };
  /** the store epoch this process last saw; null before the first look */
  private epoch: string | null = null;
  /** this process was the last to read: set on taking the lease, cleared on seeing another holder */
  private readLast = false;
  private readonly ttlMs: number;
  private readonly monotonicNow: () => number;
  private readonly warnings: RateLimitedLog;

  constructor(private readonly options: ReaderLeaseOptions) {
    this.warnings = new RateLimitedLog(options.logger);
    this.ttlMs = options.ttlMs ?? DEFAULT_READER_LEASE_TTL_MS;
    this.monotonicNow = options.monotonicNow ?? (() => performance.now());
  }

  get isHeld(): boolean {
    return this.generation !== null;
  }

  view(): ReaderView {
    if (this.generation !== null) {
      return { role: 'reader', owner: this.options.owner, link: { owner: this.options.owner, ...this.options.link() } };
    }
    // the report of a reader that has since lost the lease says nothing about the link now
    const link = this.seen.link !== null && this.seen.link.owner === this.seen.owner ? this.seen.link : null;
    return { role: 'standby', owner: this.seen.owner, link };
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick(), Math.max(1, Math.floor(this.ttlMs / 4)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.ticking;
    if (this.generation !== null) {
      this.lose();
      // a graceful stop hands over at the standby's next poll, not after the TTL
      await this.options.store.releaseReaderLease(this.options.site, this.options.owner).catch(() => undefined);
    }
  }

  /** One renewal or takeover attempt at a time: a slow store must not stack them up. */
  private tick(): Promise<void> {
    this.ticking ??= this.renew().finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async renew(): Promise<void> {
    const { store, site, owner, logger } = this.options;
    const askedAt = this.monotonicNow();
    let generation: number | null;
    let epoch: string;
    try {
      generation = await store.acquireReaderLease(site, owner, this.ttlMs);
      if (generation === null) this.seen = await store.readReaderLease(site);
      epoch = await store.claimStoreEpoch(site, randomUUID());
    } catch (error) {
      this.warnings.warn('lease-renew', { err: error, site }, 'could not renew or take the reader lease');
      return;
    }
    if (this.stopped) return;
    const emptied = this.epoch !== null && epoch !== this.epoch;
    if (this.generation !== null && (generation !== this.generation || emptied)) {
      if (emptied) logger.warn({ site, owner }, 'the live store was emptied (its epoch changed): stopping the reader to rebuild it');
      else logger.warn({ site, owner, generation: this.generation, now: generation }, 'reader lease lost, stopping the reader');
      this.lose();
    }
    if (generation === null) {
      this.epoch = epoch;
      if (this.seen.owner !== null) this.readLast = false;
      return;
    }
    // The store counts the TTL from when it ran the command, which is after we asked.
    this.armExpiry(askedAt + this.ttlMs - this.monotonicNow());
    if (this.generation === null) {
      this.generation = generation;
      logger.info({ site, owner, generation }, 'reader lease taken, reading the PBX');
      const storeEmptied = emptied ? { byThisReader: this.readLast } : null;
      this.readLast = true;
      try {
        await this.options.onAcquired(generation, storeEmptied);
        // Getting ready outlasted the lease (a store outage): whatever started reading stops again.
        if (this.generation !== generation) this.options.onLost();
      } catch (error) {
        logger.error({ err: error, site }, 'could not start reading after taking the lease; giving it up');
        this.lose();
        await store.releaseReaderLease(site, owner).catch(() => undefined);
        // the epoch is not taken as seen: the next taker of the lease here still rebuilds
        return;
      }
    }
    this.epoch = epoch;
    await store.publishPbxLink(site, this.view().link!, this.ttlMs).catch((error: unknown) => {
      this.warnings.warn('link-status-publish', { err: error, site }, 'could not publish the PBX link status');
    });
  }

  private armExpiry(inMs: number): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = setTimeout(() => {
      if (this.generation === null) return;
      this.options.logger.warn({ site: this.options.site }, 'reader lease not renewed in time, stopping the reader');
      this.lose();
    }, Math.max(0, inMs));
  }

  private lose(): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = null;
    if (this.generation === null) return;
    this.generation = null;
    this.options.onLost();
  }
}
