import type { LeaseStore } from '../store/lease-store';
import type { Logger } from '../observability/logger';
import { RateLimitedLog } from '../observability/rate-limited-log';

export interface ReaderLeaseOptions {
  store: LeaseStore;
  /** what is leased, e.g. `ami:<site>` */
  name: string;
  owner: string;
  ttlMs?: number;
  logger: Logger;
  onAcquired: () => void;
  onLost: () => void;
}

/**
 * Exactly one process reads a PBX's AMI stream at a time, across all nodes: two
 * readers would apply every event twice. The lease lives in the live store and
 * is renewed at a third of its TTL; a node that dies lets it expire and another
 * takes over (and resyncs with QueueStatus on connect).
 */
export class ReaderLease {
  private timer: NodeJS.Timeout | null = null;
  private held = false;
  private readonly ttlMs: number;
  private readonly warnings: RateLimitedLog;

  constructor(private readonly options: ReaderLeaseOptions) {
    this.warnings = new RateLimitedLog(options.logger);
    this.ttlMs = options.ttlMs ?? 15_000;
  }

  get isHeld(): boolean {
    return this.held;
  }

  async start(): Promise<void> {
    await this.renew();
    this.timer = setInterval(() => void this.renew(), Math.floor(this.ttlMs / 3));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.held) {
      this.held = false;
      await this.options.store.releaseLease(this.options.name, this.options.owner).catch(() => undefined);
    }
  }

  private async renew(): Promise<void> {
    const { store, name, owner, logger } = this.options;
    let holds = false;
    try {
      holds = await store.acquireLease(name, owner, this.ttlMs);
    } catch (error) {
      this.warnings.warn('lease-renew', { err: error, lease: name }, 'could not renew the reader lease');
    }
    if (holds && !this.held) {
      this.held = true;
      logger.info({ lease: name, owner }, 'reader lease acquired');
      this.options.onAcquired();
    } else if (!holds && this.held) {
      this.held = false;
      logger.warn({ lease: name, owner }, 'reader lease lost, stopping the reader');
      this.options.onLost();
    }
  }
}
