import type { CallLiveStore } from './call-live-store';
import type { DeadLetterStore } from './dead-letter-store';
import type { DeskSyncStore } from './desk-sync-store';
import type { EscalationStore } from './escalation-store';
import type { LeaseStore } from './lease-store';
import type { TicketLiveStore } from './ticket-live-store';

/**
 * The whole live store, as the composition root makes it: Redis (ioredis) in
 * production, an in-process map when no REDIS_URL is given. Both pass
 * test/integration/live-store.conformance. Consumers depend on the part they
 * use: calls (call-live-store.ts), tickets (ticket-live-store.ts), escalations
 * to development (escalation-store.ts), leases (lease-store.ts), dead letters
 * (dead-letter-store.ts) or the desks' REST backfill (desk-sync-store.ts).
 */
export interface LiveStore extends CallLiveStore, TicketLiveStore, EscalationStore, LeaseStore, DeadLetterStore, DeskSyncStore {
  /** The site's current sequence number, moved by call and ticket applies alike (cheap: a health probe). */
  readSeq(site: string): Promise<number>;
  /**
   * Calls `onSeq` with the site's new seq after each apply, from any process, until the returned
   * function is called. Optional: a store without pushes is polled with readSeq.
   */
  subscribeSeq?(site: string, onSeq: (seq: number) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
