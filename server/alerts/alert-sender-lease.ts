import type { RedisClient } from '../store/redis-connection';

/**
 * Which node sends alert notifications. Every node runs the engine on its own
 * snapshots (its boards show the alerts), but only the holder of the site's
 * sender lease notifies anyone and writes the history, so a notification goes
 * out once however many nodes run. A node that takes the lease over has
 * evaluated the same rules all along: it knows what is firing and goes on
 * from there.
 */
export interface SenderLeaseStore {
  /** Takes or renews the lease for `owner` for `ttlMs`; whether `owner` holds it afterwards. */
  hold(owner: string, ttlMs: number): Promise<boolean>;
  release(owner: string): Promise<void>;
}

/** Without Redis there is one node: it always sends. */
export const SOLE_SENDER: SenderLeaseStore = { hold: async () => true, release: async () => undefined };

const HOLD_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** The lease as one Redis key, `wb:{site}:alerts:sender` (owner, PX TTL). */
export function redisSenderLease(redis: RedisClient, site: string): SenderLeaseStore {
  const key = `wb:{${site}}:alerts:sender`;
  return {
    hold: async (owner, ttlMs) => (await redis.eval(HOLD_SCRIPT, 1, key, owner, String(ttlMs))) === 1,
    release: async (owner) => {
      await redis.eval(RELEASE_SCRIPT, 1, key, owner);
    },
  };
}

export const SENDER_LEASE_TTL_MS = 6_000;

/** Holds the lease while it can: renewed every third of its TTL; held only while the last renewal is younger than the TTL. */
export class AlertSenderLease {
  private heldUntil = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly store: SenderLeaseStore,
    private readonly owner: string,
    private readonly onError: (error: unknown) => void,
    private readonly ttlMs = SENDER_LEASE_TTL_MS,
  ) {}

  get held(): boolean {
    return performance.now() < this.heldUntil;
  }

  /** Asks at once and then every third of the TTL; never waits for the store. */
  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.ttlMs / 3);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.heldUntil > 0) {
      this.heldUntil = 0;
      await this.store.release(this.owner);
    }
  }

  private async tick(): Promise<void> {
    const askedAt = performance.now();
    try {
      // counted from before the ask: the lease may have started running out while the answer travelled
      this.heldUntil = (await this.store.hold(this.owner, this.ttlMs)) ? askedAt + this.ttlMs : 0;
    } catch (error) {
      this.onError(error);
    }
  }
}
