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
  /** the lease was taken at `generation`: make the reader ready (reload its state), then start reading */
  onAcquired: (generation: number) => Promise<void> | void;
  /** the lease is gone (taken over, or not renewed in time): stop reading */
  onLost: () => void;
  /** the PBX link as this process sees it, published for the other nodes while it reads */
  link: () => Omit<PbxLinkReport, 'owner'>;
  /** monotonic ms (performance.now by default) */
  monotonicNow?: () => number;
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
    try {
      generation = await store.acquireReaderLease(site, owner, this.ttlMs);
      if (generation === null) this.seen = await store.readReaderLease(site);
    } catch (error) {
      this.warnings.warn('lease-renew', { err: error, site }, 'could not renew or take the reader lease');
      return;
    }
    if (this.stopped) return;
    if (this.generation !== null && generation !== this.generation) {
      logger.warn({ site, owner, generation: this.generation, now: generation }, 'reader lease lost, stopping the reader');
      this.lose();
    }
    if (generation === null) return;
    // The store counts the TTL from when it ran the command, which is after we asked.
    this.armExpiry(askedAt + this.ttlMs - this.monotonicNow());
    if (this.generation === null) {
      this.generation = generation;
      logger.info({ site, owner, generation }, 'reader lease taken, reading the PBX');
      try {
        await this.options.onAcquired(generation);
        // Getting ready outlasted the lease (a store outage): whatever started reading stops again.
        if (this.generation !== generation) this.options.onLost();
      } catch (error) {
        logger.error({ err: error, site }, 'could not start reading after taking the lease; giving it up');
        this.lose();
        await store.releaseReaderLease(site, owner).catch(() => undefined);
        return;
      }
    }
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
