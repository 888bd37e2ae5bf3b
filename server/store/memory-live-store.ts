import {
  addCounters,
  applyLiveOps,
  emptyCounters,
  emptyLiveState,
  type Counters,
  type LiveOp,
  type LiveState,
} from '../domain/live-state';
import { DEFAULT_COUNTER_RETENTION, type CounterRetention } from './counter-retention';
import type { LiveBoard } from './call-live-store';
import { StaleReaderError, type PbxLinkReport, type ReaderBatch, type ReaderLeaseState } from './lease-store';
import { DEAD_LETTERS_KEPT, type DeadLetter } from './dead-letter-store';
import type { DeskApiName } from './desk-sync-store';
import type { LiveStore } from './live-store';
import { isKept, reduceEscalationBatch } from '../domain/escalations/escalation-batch';
import type { EscalationEvent } from '../domain/escalations/escalation-events';
import type { EscalationRecord } from '../domain/escalations/escalation-record';
import { ESCALATION_KEEP_MS, type EscalationApplyResult } from './escalation-store';
import { assertDay, assertIntervalStart, assertLeaseTtl, assertLiveOps, assertSiteId } from './store-input-checks';
import { assertEpochMs, assertTicketChanges } from './ticket-input-checks';
import { MemoryTicketDesk, type DeskClock } from './ticket-memory-desk';
import { DEFAULT_TICKET_RETENTION, type TicketRetention } from './ticket-retention';
import type {
  StoredTicket,
  TicketApplyRequest,
  TicketApplyResult,
  TicketBoardData,
  TicketBoardQuery,
  TicketLookup,
  TicketLookupQuery,
} from './ticket-live-store';

export interface MemoryLiveStoreOptions {
  /** epoch ms; lease expiry and counter retention follow it (tests pass a fake clock) */
  now?: () => number;
  counterRetention?: CounterRetention;
  ticketRetention?: TicketRetention;
}

/** The counters of one day or one interval, dropped `retention` after their last write like a Redis TTL. */
interface CounterBucket {
  byQueue: Map<string, Counters>;
  expiresAt: number;
}

interface SiteData {
  state: LiveState;
  seq: number;
  /** key: `day:<YYYY-MM-DD>` or `iv:<intervalStart>` */
  counters: Map<string, CounterBucket>;
  tickets: MemoryTicketDesk;
  /** escalations to development by record key */
  escalations: Map<string, EscalationRecord>;
  /** newest first, at most DEAD_LETTERS_KEPT */
  deadLetters: DeadLetter[];
}

/** A site's reader lease and fence: the generation outlives the lease, as in Redis. */
interface ReaderFence {
  owner: string | null;
  expiresAt: number;
  generation: number;
  /** sequence of the newest batch of `generation` applied */
  batch: number;
  link: { report: PbxLinkReport; expiresAt: number } | null;
}

/**
 * The live store of a single process (no REDIS_URL). Every apply mutates
 * synchronously inside the async method, so no other apply or read can run in
 * the middle of it. Ops are copied on the way in and reads copied on the way
 * out: a caller that keeps or edits its objects cannot change the store.
 */
export class MemoryLiveStore implements LiveStore {
  private readonly sites = new Map<string, SiteData>();
  private readonly readers = new Map<string, ReaderFence>();
  private readonly epochs = new Map<string, string>();
  private readonly deskLeases = new Map<string, { owner: string; expiresAt: number }>();
  private readonly deskCursors = new Map<string, string>();
  private readonly now: () => number;
  private readonly retention: CounterRetention;
  private readonly ticketRetention: TicketRetention;

  constructor(options: MemoryLiveStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.retention = options.counterRetention ?? DEFAULT_COUNTER_RETENTION;
    this.ticketRetention = options.ticketRetention ?? DEFAULT_TICKET_RETENTION;
  }

  async apply(site: string, ops: readonly LiveOp[], batch?: ReaderBatch): Promise<number> {
    assertSiteId(site);
    assertLiveOps(ops);
    const owned = structuredClone(ops);
    const data = this.site(site);
    if (batch) {
      const fence = this.reader(site);
      if (fence.generation !== batch.generation) throw new StaleReaderError(site, batch.generation, fence.generation);
      if (batch.sequence <= fence.batch) return data.seq;
      fence.batch = batch.sequence;
    }
    const now = this.now();
    this.dropExpiredCounters(data, now);
    applyLiveOps(data.state, owned);
    for (const op of owned) {
      if (op.op !== 'counters.add') continue;
      addCounters(this.queueCounters(data, `day:${op.day}`, op.queueId, now + this.retention.dayMs), op.delta);
      addCounters(
        this.queueCounters(data, `iv:${op.intervalStart}`, op.queueId, now + this.retention.intervalMs),
        op.delta,
      );
    }
    data.seq += 1;
    return data.seq;
  }

  async readLive(site: string): Promise<{ state: LiveState; seq: number }> {
    assertSiteId(site);
    const data = this.sites.get(site);
    if (!data) return { state: emptyLiveState(), seq: 0 };
    return { state: structuredClone(data.state), seq: data.seq };
  }

  async readBoard(site: string, day: string, intervalStart: number): Promise<LiveBoard> {
    assertSiteId(site);
    assertDay(day);
    assertIntervalStart(intervalStart);
    const data = this.sites.get(site);
    const { queues, waiting, agents } = data?.state ?? emptyLiveState();
    return {
      state: structuredClone({ queues, waiting, agents }),
      seq: data?.seq ?? 0,
      dayCounters: this.readCounters(site, `day:${day}`),
      intervalCounters: this.readCounters(site, `iv:${intervalStart}`),
    };
  }

  async readDayCounters(site: string, day: string): Promise<Record<string, Counters>> {
    assertSiteId(site);
    assertDay(day);
    return this.readCounters(site, `day:${day}`);
  }

  async readIntervalCounters(site: string, intervalStart: number): Promise<Record<string, Counters>> {
    assertSiteId(site);
    assertIntervalStart(intervalStart);
    return this.readCounters(site, `iv:${intervalStart}`);
  }

  async readSeq(site: string): Promise<number> {
    assertSiteId(site);
    return this.sites.get(site)?.seq ?? 0;
  }

  async applyEscalationEvents(site: string, events: readonly EscalationEvent[]): Promise<EscalationApplyResult> {
    assertSiteId(site);
    const data = this.site(site);
    const { changed, outcomes } = reduceEscalationBatch(data.escalations, structuredClone(events));
    for (const [key, record] of changed) data.escalations.set(key, record);
    if (changed.size > 0) data.seq += 1;
    return { outcomes, changed: structuredClone([...changed.values()]) };
  }

  async readEscalations(site: string, { since, now }: { since: number; now: number }): Promise<EscalationRecord[]> {
    assertSiteId(site);
    const records = this.sites.get(site)?.escalations;
    if (!records) return [];
    for (const [key, record] of records) if (!isKept(record, now, ESCALATION_KEEP_MS)) records.delete(key);
    return structuredClone([...records.values()].filter((record) => record.state === 'open' || record.lastChangeAt >= since));
  }

  async applyTicketChanges(site: string, request: TicketApplyRequest): Promise<TicketApplyResult> {
    assertSiteId(site);
    assertTicketChanges(request);
    const data = this.site(site);
    const applied = data.tickets.applyChanges(structuredClone(request), this.deskClock());
    if (applied.includes(true)) data.seq += 1;
    return { applied, seq: data.seq };
  }

  async lookUpTickets(site: string, query: TicketLookupQuery): Promise<TicketLookup> {
    assertSiteId(site);
    assertEpochMs('seenSince', query.seenSince);
    return structuredClone(this.desk(site).lookUp(query, this.now()));
  }

  async readOpenTickets(site: string): Promise<StoredTicket[]> {
    assertSiteId(site);
    return structuredClone(this.desk(site).readOpen());
  }

  async readTicketBoard(site: string, query: TicketBoardQuery): Promise<TicketBoardData> {
    assertSiteId(site);
    assertDay(query.day);
    assertEpochMs('firstResponsesSince', query.firstResponsesSince);
    return structuredClone(this.desk(site).readBoard(query, this.now()));
  }

  async acquireReaderLease(site: string, owner: string, ttlMs: number): Promise<number | null> {
    assertSiteId(site);
    assertLeaseTtl(ttlMs);
    const now = this.now();
    const fence = this.reader(site);
    const held = fence.owner !== null && fence.expiresAt > now;
    if (held && fence.owner !== owner) return null;
    if (!held) {
      fence.owner = owner;
      fence.generation += 1;
      fence.batch = 0;
    }
    fence.expiresAt = now + ttlMs;
    return fence.generation;
  }

  async releaseReaderLease(site: string, owner: string): Promise<void> {
    assertSiteId(site);
    const fence = this.readers.get(site);
    if (fence?.owner === owner) fence.owner = null;
  }

  async acquireDeskSyncLease(site: string, owner: string, ttlMs: number): Promise<boolean> {
    assertSiteId(site);
    assertLeaseTtl(ttlMs);
    const now = this.now();
    const lease = this.deskLeases.get(site);
    if (lease && lease.owner !== owner && lease.expiresAt > now) return false;
    this.deskLeases.set(site, { owner, expiresAt: now + ttlMs });
    return true;
  }

  async releaseDeskSyncLease(site: string, owner: string): Promise<void> {
    assertSiteId(site);
    if (this.deskLeases.get(site)?.owner === owner) this.deskLeases.delete(site);
  }

  async readDeskCursor(site: string, desk: DeskApiName): Promise<string | null> {
    assertSiteId(site);
    return this.deskCursors.get(`${site}|${desk}`) ?? null;
  }

  async writeDeskCursor(site: string, desk: DeskApiName, cursor: string): Promise<void> {
    assertSiteId(site);
    this.deskCursors.set(`${site}|${desk}`, cursor);
  }

  async publishPbxLink(site: string, report: PbxLinkReport, ttlMs: number): Promise<void> {
    assertSiteId(site);
    assertLeaseTtl(ttlMs);
    const fence = this.readers.get(site);
    const now = this.now();
    if (fence?.owner !== report.owner || fence.expiresAt <= now) return;
    fence.link = { report: structuredClone(report), expiresAt: now + ttlMs };
  }

  async readReaderLease(site: string): Promise<ReaderLeaseState> {
    assertSiteId(site);
    const fence = this.readers.get(site);
    const now = this.now();
    if (!fence) return { owner: null, generation: 0, link: null };
    return {
      owner: fence.expiresAt > now ? fence.owner : null,
      generation: fence.generation,
      link: fence.link && fence.link.expiresAt > now ? structuredClone(fence.link.report) : null,
    };
  }

  async claimStoreEpoch(site: string, candidate: string): Promise<string> {
    assertSiteId(site);
    // an in-process store is never emptied under a running reader
    if (!this.epochs.has(site)) this.epochs.set(site, candidate);
    return this.epochs.get(site)!;
  }

  async pushDeadLetter(site: string, letter: DeadLetter): Promise<void> {
    assertSiteId(site);
    const letters = this.site(site).deadLetters;
    letters.unshift(structuredClone(letter));
    if (letters.length > DEAD_LETTERS_KEPT) letters.length = DEAD_LETTERS_KEPT;
  }

  async readDeadLetters(site: string, limit: number): Promise<DeadLetter[]> {
    assertSiteId(site);
    return structuredClone((this.sites.get(site)?.deadLetters ?? []).slice(0, limit));
  }

  async close(): Promise<void> {}

  private reader(site: string): ReaderFence {
    let fence = this.readers.get(site);
    if (!fence) {
      fence = { owner: null, expiresAt: 0, generation: 0, batch: 0, link: null };
      this.readers.set(site, fence);
    }
    return fence;
  }

  private site(site: string): SiteData {
    let data = this.sites.get(site);
    if (!data) {
      data = { state: emptyLiveState(), seq: 0, counters: new Map(), tickets: new MemoryTicketDesk(), escalations: new Map(), deadLetters: [] };
      this.sites.set(site, data);
    }
    return data;
  }

  /** a site's tickets; an unknown site reads as an empty desk, without being created by the read */
  private desk(site: string): MemoryTicketDesk {
    return this.sites.get(site)?.tickets ?? new MemoryTicketDesk();
  }

  private deskClock(): DeskClock {
    return { storeNow: this.now(), retention: this.ticketRetention, dayCountersMs: this.retention.dayMs };
  }

  private queueCounters(data: SiteData, bucketKey: string, queueId: string, expiresAt: number): Counters {
    let bucket = data.counters.get(bucketKey);
    if (!bucket) {
      bucket = { byQueue: new Map(), expiresAt };
      data.counters.set(bucketKey, bucket);
    }
    bucket.expiresAt = expiresAt;
    let counters = bucket.byQueue.get(queueId);
    if (!counters) {
      counters = emptyCounters();
      bucket.byQueue.set(queueId, counters);
    }
    return counters;
  }

  private dropExpiredCounters(data: SiteData, now: number): void {
    for (const [key, bucket] of data.counters) {
      if (bucket.expiresAt <= now) data.counters.delete(key);
    }
  }

  private readCounters(site: string, bucketKey: string): Record<string, Counters> {
    const bucket = this.sites.get(site)?.counters.get(bucketKey);
    if (!bucket || bucket.expiresAt <= this.now()) return {};
    return Object.fromEntries([...bucket.byQueue].map(([queueId, counters]) => [queueId, { ...counters }]));
  }
}
