import { Cluster, Redis } from 'ioredis';
import type { RedisConnection } from '../config/redis-url';
import { emptyCounters, type Counters, type LiveOp, type LiveState } from '../domain/live-state';
import { createLogger, type Logger } from '../observability/logger';
import { DEFAULT_COUNTER_RETENTION, type CounterRetention } from './counter-retention';
import { DEAD_LETTERS_KEPT, type DeadLetter } from './dead-letter-store';
import type { DeskApiName } from './desk-sync-store';
import { parseLiveRecord } from './live-record-check';
import type { LiveBoard } from './call-live-store';
import { StaleReaderError, type PbxLinkReport, type ReaderBatch, type ReaderLeaseState } from './lease-store';
import type { LiveStore } from './live-store';
import { buildApplyCommands } from './redis-apply-commands';
import { createRedisClient, type RedisClient } from './redis-connection';
import { parseCounterHashField, siteKeys } from './redis-keys';
import { RedisDeskSync } from './redis-desk-sync';
import { RedisReaderLease } from './redis-reader-lease';
import { SkippedEntries, type SkippedEntry } from './redis-skipped-entries';
import { RedisTicketStore } from './redis-ticket-store';
import { RedisEscalationStore } from './redis-escalation-store';
import type { EscalationApplyResult } from './escalation-store';
import type { EscalationEvent } from '../domain/escalations/escalation-events';
import type { EscalationRecord } from '../domain/escalations/escalation-record';
import { checkReplies, defineFencedApply, execFencedApply, type FencedApplyCommands } from './redis-transactions';
import { assertDay, assertIntervalStart, assertLeaseTtl, assertLiveOps, assertSiteId } from './store-input-checks';
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

export interface RedisLiveStoreOptions {
  /** first part of every key (default `wb`), so several boards can share a Redis */
  keyPrefix?: string;
  counterRetention?: CounterRetention;
  ticketRetention?: TicketRetention;
  /** told about each entry a read skipped because it was not what this store writes */
  onSkippedEntry?: (entry: SkippedEntry) => void;
  /** where a connection made from a URL logs its troubles (default: nowhere) */
  logger?: Logger;
}

/**
 * The live store on Redis (ioredis). An apply is one Lua script (one round
 * trip) that checks the reader fence, runs the batch's commands and ends with
 * INCR of the site's seq; a read of the live state is
 * one MULTI of HGETALLs, so it never sees half of an apply. See redis-keys.ts
 * for the layout.
 */
export class RedisLiveStore implements LiveStore {
  private readonly redis: RedisClient & FencedApplyCommands;
  /** a client made here (from a URL or connection spec) is ours to close; one handed in belongs to the caller */
  private readonly ownsConnection: boolean;
  private readonly prefix: string;
  private readonly retention: CounterRetention;
  private readonly skipped: SkippedEntries;
  private readonly tickets: RedisTicketStore;
  private readonly readers: RedisReaderLease;
  private readonly deskSync: RedisDeskSync;
  private readonly escalations: RedisEscalationStore;

  constructor(connection: string | RedisConnection | RedisClient, options: RedisLiveStoreOptions = {}) {
    this.prefix = options.keyPrefix ?? 'wb';
    if (this.prefix.length === 0 || /[{}]/.test(this.prefix)) {
      throw new RangeError(`invalid key prefix ${JSON.stringify(this.prefix)}: non-empty, no braces`);
    }
    this.retention = options.counterRetention ?? DEFAULT_COUNTER_RETENTION;
    this.skipped = new SkippedEntries(options.onSkippedEntry);
    const given = connection instanceof Redis || connection instanceof Cluster ? connection : null;
    this.ownsConnection = given === null;
    const redis = given ?? createRedisClient(connection as string | RedisConnection, options.logger ?? createLogger('silent'));
    this.redis = defineFencedApply(redis);
    this.readers = new RedisReaderLease(redis);
    this.deskSync = new RedisDeskSync(redis);
    this.escalations = new RedisEscalationStore(redis, this.prefix);
    this.tickets = new RedisTicketStore(
      redis,
      {
        keyPrefix: this.prefix,
        ticketRetention: options.ticketRetention ?? DEFAULT_TICKET_RETENTION,
        dayCountersMs: this.retention.dayMs,
      },
      this.skipped,
    );
  }

  /** How many entries reads have skipped as corrupt since this store was made. */
  get skippedEntries(): number {
    return this.skipped.total;
  }

  async apply(site: string, ops: readonly LiveOp[], batch?: ReaderBatch): Promise<number> {
    assertSiteId(site);
    assertLiveOps(ops);
    const keys = siteKeys(this.prefix, site);
    const commands = buildApplyCommands(keys, ops, this.retention);
    const result = await execFencedApply(this.redis, commands, { fence: keys.readerFence, seq: keys.seq }, batch);
    if (result.kind === 'stale') throw new StaleReaderError(site, batch?.generation ?? 0, result.currentGeneration);
    return result.seq;
  }

  async readLive(site: string): Promise<{ state: LiveState; seq: number }> {
    assertSiteId(site);
    const keys = siteKeys(this.prefix, site);
    const [queues, waiting, agents, calls, seq] = checkReplies(
      await this.redis.multi().hgetall(keys.queues).hgetall(keys.waiting).hgetall(keys.agents).hgetall(keys.calls).get(keys.seq).exec(),
      `read of site ${site}`,
    );
    return {
      state: {
        queues: this.parseRecords('queues', keys.queues, queues),
        waiting: this.parseRecords('waiting', keys.waiting, waiting),
        agents: this.parseRecords('agents', keys.agents, agents),
        calls: this.parseRecords('calls', keys.calls, calls),
      },
      seq: this.skipped.seq(keys.seq, seq),
    };
  }

  /** One MULTI like readLive, without the calls hash (HGETALL of it grows with the calls tracked). */
  async readBoard(site: string, day: string, intervalStart: number): Promise<LiveBoard> {
    assertSiteId(site);
    assertDay(day);
    assertIntervalStart(intervalStart);
    const keys = siteKeys(this.prefix, site);
    const dayKey = keys.day(day);
    const intervalKey = keys.interval(intervalStart);
    const [queues, waiting, agents, seq, dayCounters, intervalCounters] = checkReplies(
      await this.redis
        .multi()
        .hgetall(keys.queues)
        .hgetall(keys.waiting)
        .hgetall(keys.agents)
        .get(keys.seq)
        .hgetall(dayKey)
        .hgetall(intervalKey)
        .exec(),
      `board read of site ${site}`,
    );
    return {
      state: {
        queues: this.parseRecords('queues', keys.queues, queues),
        waiting: this.parseRecords('waiting', keys.waiting, waiting),
        agents: this.parseRecords('agents', keys.agents, agents),
      },
      seq: this.skipped.seq(keys.seq, seq),
      dayCounters: this.parseCounters(dayKey, dayCounters as Record<string, string>),
      intervalCounters: this.parseCounters(intervalKey, intervalCounters as Record<string, string>),
    };
  }

  async readDayCounters(site: string, day: string): Promise<Record<string, Counters>> {
    assertSiteId(site);
    assertDay(day);
    return this.readCounters(siteKeys(this.prefix, site).day(day));
  }

  async readIntervalCounters(site: string, intervalStart: number): Promise<Record<string, Counters>> {
    assertSiteId(site);
    assertIntervalStart(intervalStart);
    return this.readCounters(siteKeys(this.prefix, site).interval(intervalStart));
  }

  async readSeq(site: string): Promise<number> {
    assertSiteId(site);
    const key = siteKeys(this.prefix, site).seq;
    return this.skipped.seq(key, await this.redis.get(key));
  }

  /** On a connection of its own (a subscribed connection takes no other commands); ioredis subscribes again after a reconnect. */
  async subscribeSeq(site: string, onSeq: (seq: number) => void): Promise<() => Promise<void>> {
    assertSiteId(site);
    const channel = siteKeys(this.prefix, site).seq;
    const subscriber = this.redis.duplicate();
    // the store's own connection reports the same outages
    subscriber.on('error', () => undefined);
    let subscribed = true;
    subscriber.on('message', (from: string, message: string) => {
      const seq = Number(message);
      // a message already on the wire when unsubscribed still arrives
      if (subscribed && from === channel && Number.isSafeInteger(seq)) onSeq(seq);
    });
    try {
      await subscriber.subscribe(channel);
    } catch (error) {
      subscriber.disconnect();
      throw error;
    }
    return async () => {
      subscribed = false;
      subscriber.disconnect();
    };
  }

  applyTicketChanges(site: string, request: TicketApplyRequest): Promise<TicketApplyResult> {
    return this.tickets.applyTicketChanges(site, request);
  }

  lookUpTickets(site: string, query: TicketLookupQuery): Promise<TicketLookup> {
    return this.tickets.lookUpTickets(site, query);
  }

  readOpenTickets(site: string): Promise<StoredTicket[]> {
    return this.tickets.readOpenTickets(site);
  }

  readTicketBoard(site: string, query: TicketBoardQuery): Promise<TicketBoardData> {
    return this.tickets.readTicketBoard(site, query);
  }

  applyEscalationEvents(site: string, events: readonly EscalationEvent[]): Promise<EscalationApplyResult> {
    return this.escalations.applyEscalationEvents(site, events);
  }

  readEscalations(site: string, query: { since: number; now: number }): Promise<EscalationRecord[]> {
    return this.escalations.readEscalations(site, query);
  }

  async acquireReaderLease(site: string, owner: string, ttlMs: number): Promise<number | null> {
    assertSiteId(site);
    assertLeaseTtl(ttlMs);
    return this.readers.acquire(siteKeys(this.prefix, site), owner, ttlMs);
  }

  async releaseReaderLease(site: string, owner: string): Promise<void> {
    assertSiteId(site);
    await this.readers.release(siteKeys(this.prefix, site), owner);
  }

  async publishPbxLink(site: string, report: PbxLinkReport, ttlMs: number): Promise<void> {
    assertSiteId(site);
    assertLeaseTtl(ttlMs);
    await this.readers.publish(siteKeys(this.prefix, site), report, ttlMs);
  }

  async readReaderLease(site: string): Promise<ReaderLeaseState> {
    assertSiteId(site);
    return this.readers.read(siteKeys(this.prefix, site), site);
  }

  async claimStoreEpoch(site: string, candidate: string): Promise<string> {
    assertSiteId(site);
    return this.readers.claimEpoch(siteKeys(this.prefix, site), candidate);
  }

  async acquireDeskSyncLease(site: string, owner: string, ttlMs: number): Promise<boolean> {
    assertSiteId(site);
    assertLeaseTtl(ttlMs);
    return this.deskSync.acquire(siteKeys(this.prefix, site), owner, ttlMs);
  }

  async releaseDeskSyncLease(site: string, owner: string): Promise<void> {
    assertSiteId(site);
    await this.deskSync.release(siteKeys(this.prefix, site), owner);
  }

  async readDeskCursor(site: string, desk: DeskApiName): Promise<string | null> {
    assertSiteId(site);
    return this.deskSync.readCursor(siteKeys(this.prefix, site), desk);
  }

  async writeDeskCursor(site: string, desk: DeskApiName, cursor: string): Promise<void> {
    assertSiteId(site);
    await this.deskSync.writeCursor(siteKeys(this.prefix, site), desk, cursor);
  }

  async pushDeadLetter(site: string, letter: DeadLetter): Promise<void> {
    assertSiteId(site);
    const key = siteKeys(this.prefix, site).deadLetters;
    checkReplies(
      await this.redis.multi().lpush(key, JSON.stringify(letter)).ltrim(key, 0, DEAD_LETTERS_KEPT - 1).exec(),
      `dead letter of site ${site}`,
    );
  }

  async readDeadLetters(site: string, limit: number): Promise<DeadLetter[]> {
    assertSiteId(site);
    const key = siteKeys(this.prefix, site).deadLetters;
    const letters: DeadLetter[] = [];
    for (const [index, json] of (await this.redis.lrange(key, 0, limit - 1)).entries()) {
      try {
        letters.push(JSON.parse(json) as DeadLetter);
      } catch {
        this.skipped.skip(key, String(index), 'not JSON');
      }
    }
    return letters;
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit();
  }

  private async readCounters(key: string): Promise<Record<string, Counters>> {
    return this.parseCounters(key, await this.redis.hgetall(key));
  }

  private parseCounters(key: string, hash: Record<string, string>): Record<string, Counters> {
    const byQueue: Record<string, Counters> = {};
    for (const [hashField, raw] of Object.entries(hash)) {
      const parsed = parseCounterHashField(hashField);
      const value = raw.trim() === '' ? Number.NaN : Number(raw);
      if (!parsed) this.skipped.skip(key, hashField, 'not a queue counter');
      else if (!Number.isFinite(value)) this.skipped.skip(key, hashField, 'not a number');
      else (byQueue[parsed.queueId] ??= emptyCounters())[parsed.field] = value;
    }
    return byQueue;
  }

  private parseRecords<K extends keyof LiveState>(kind: K, key: string, hash: unknown): LiveState[K] {
    const records: LiveState[K] = {};
    for (const [field, json] of Object.entries(hash as Record<string, string>)) {
      const parsed = parseLiveRecord(kind, field, json);
      if (parsed.ok) records[field] = parsed.record;
      else this.skipped.skip(key, field, parsed.reason);
    }
    return records;
  }
}
