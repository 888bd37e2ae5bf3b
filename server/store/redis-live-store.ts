import type { Redis } from 'ioredis';
import { emptyCounters, type Counters, type LiveOp, type LiveState } from '../domain/live-state';
import type { TicketState } from '../domain/sla/ticket-state';
import { createLogger, type Logger } from '../observability/logger';
import type { TicketOp } from '../domain/tickets/ticket-ops';
import { DEFAULT_COUNTER_RETENTION, type CounterRetention } from './counter-retention';
import { parseLiveRecord } from './live-record-check';
import type { LiveStore } from './live-store';
import { buildApplyCommands } from './redis-apply-commands';
import { leaseKey, parseCounterHashField, siteKeys } from './redis-keys';
import { SkippedEntries, type SkippedEntry } from './redis-skipped-entries';
import { RedisTicketStore } from './redis-ticket-store';
import { connectRedis } from './redis-connection';
import { checkReplies, execApply } from './redis-transactions';
import { assertDay, assertIntervalStart, assertLeaseTtl, assertLiveOps, assertSiteId } from './store-input-checks';
import { DEFAULT_TICKET_RETENTION, type TicketRetention } from './ticket-retention';
import type { TicketBoardData, TicketBoardQuery, TicketLookup, TicketLookupQuery } from './ticket-live-store';

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

// Take the lease when free or already ours (a renewal), in one step so two
// readers of the same PBX cannot both win.
const ACQUIRE_LEASE_LUA = `
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;

const RELEASE_LEASE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

interface LeaseCommands {
  wbAcquireLease(key: string, owner: string, ttlMs: number): Promise<number>;
  wbReleaseLease(key: string, owner: string): Promise<number>;
}

/**
 * The live store on Redis (ioredis). An apply is one MULTI/EXEC sent in one
 * round trip, ending with INCR of the site's seq; a read of the live state is
 * one MULTI of HGETALLs, so it never sees half of an apply. See redis-keys.ts
 * for the layout.
 */
export class RedisLiveStore implements LiveStore {
  private readonly redis: Redis & LeaseCommands;
  /** a connection made from a URL is ours to close; one handed in belongs to the caller */
  private readonly ownsConnection: boolean;
  private readonly prefix: string;
  private readonly retention: CounterRetention;
  private readonly skipped: SkippedEntries;
  private readonly tickets: RedisTicketStore;

  constructor(connection: string | Redis, options: RedisLiveStoreOptions = {}) {
    this.prefix = options.keyPrefix ?? 'wb';
    if (this.prefix.length === 0 || /[{}]/.test(this.prefix)) {
      throw new RangeError(`invalid key prefix ${JSON.stringify(this.prefix)}: non-empty, no braces`);
    }
    this.retention = options.counterRetention ?? DEFAULT_COUNTER_RETENTION;
    this.skipped = new SkippedEntries(options.onSkippedEntry);
    this.ownsConnection = typeof connection === 'string';
    const redis = typeof connection === 'string' ? connectRedis(connection, options.logger ?? createLogger('silent')) : connection;
    redis.defineCommand('wbAcquireLease', { numberOfKeys: 1, lua: ACQUIRE_LEASE_LUA });
    redis.defineCommand('wbReleaseLease', { numberOfKeys: 1, lua: RELEASE_LEASE_LUA });
    this.redis = redis as Redis & LeaseCommands;
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

  async apply(site: string, ops: readonly LiveOp[]): Promise<number> {
    assertSiteId(site);
    assertLiveOps(ops);
    const keys = siteKeys(this.prefix, site);
    return execApply(this.redis, buildApplyCommands(keys, ops, this.retention), keys.seq, `apply to site ${site}`);
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

  applyTickets(site: string, ops: readonly TicketOp[], now: number): Promise<number> {
    return this.tickets.applyTickets(site, ops, now);
  }

  lookUpTickets(site: string, query: TicketLookupQuery): Promise<TicketLookup> {
    return this.tickets.lookUpTickets(site, query);
  }

  readOpenTickets(site: string): Promise<TicketState[]> {
    return this.tickets.readOpenTickets(site);
  }

  readTicketBoard(site: string, query: TicketBoardQuery): Promise<TicketBoardData> {
    return this.tickets.readTicketBoard(site, query);
  }

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    assertLeaseTtl(ttlMs);
    return (await this.redis.wbAcquireLease(leaseKey(this.prefix, name), owner, ttlMs)) === 1;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.redis.wbReleaseLease(leaseKey(this.prefix, name), owner);
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit();
  }

  private async readCounters(key: string): Promise<Record<string, Counters>> {
    const byQueue: Record<string, Counters> = {};
    for (const [hashField, raw] of Object.entries(await this.redis.hgetall(key))) {
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
