import { Redis } from 'ioredis';
import { emptyCounters, type Counters, type LiveOp, type LiveState } from '../domain/live-state';
import type { TicketState } from '../domain/sla/ticket-state';
import type { TicketOp } from '../domain/tickets/ticket-ops';
import type { TicketRow } from '../domain/tickets/ticket-row';
import { DEFAULT_COUNTER_RETENTION, type CounterRetention } from './counter-retention';
import { parseLiveRecord } from './live-record-check';
import type { LiveStore } from './live-store';
import { buildApplyCommands } from './redis-apply-commands';
import { leaseKey, parseCounterHashField, siteKeys } from './redis-keys';
import { assertDay, assertIntervalStart, assertLeaseTtl, assertLiveOps, assertSiteId } from './store-input-checks';
import { assertEpochMs, assertTicketOps } from './ticket-input-checks';
import { parseStoredTicketRow, parseStoredTicketState, type TicketRecordResult } from './ticket-record-check';
import { buildTicketApplyCommands, parseFirstResponses, parseTicketCounters } from './ticket-redis-commands';
import { DEFAULT_TICKET_RETENTION, type TicketRetention } from './ticket-retention';
import type { TicketBoardData, TicketBoardQuery, TicketLookup, TicketLookupQuery } from './ticket-store';

export interface RedisLiveStoreOptions {
  /** first part of every key (default `wb`), so several boards can share a Redis */
  keyPrefix?: string;
  counterRetention?: CounterRetention;
  ticketRetention?: TicketRetention;
  /** told about each entry a read skipped because it was not what this store writes */
  onSkippedEntry?: (entry: SkippedEntry) => void;
}

export interface SkippedEntry {
  key: string;
  field: string;
  reason: string;
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

type Reply = [error: Error | null, result: unknown];

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
  private readonly ticketRetention: TicketRetention;
  private readonly onSkippedEntry: ((entry: SkippedEntry) => void) | undefined;
  private skipped = 0;

  constructor(connection: string | Redis, options: RedisLiveStoreOptions = {}) {
    this.prefix = options.keyPrefix ?? 'wb';
    if (this.prefix.length === 0 || /[{}]/.test(this.prefix)) {
      throw new RangeError(`invalid key prefix ${JSON.stringify(this.prefix)}: non-empty, no braces`);
    }
    this.retention = options.counterRetention ?? DEFAULT_COUNTER_RETENTION;
    this.ticketRetention = options.ticketRetention ?? DEFAULT_TICKET_RETENTION;
    this.onSkippedEntry = options.onSkippedEntry;
    this.ownsConnection = typeof connection === 'string';
    const redis = typeof connection === 'string' ? new Redis(connection) : connection;
    redis.defineCommand('wbAcquireLease', { numberOfKeys: 1, lua: ACQUIRE_LEASE_LUA });
    redis.defineCommand('wbReleaseLease', { numberOfKeys: 1, lua: RELEASE_LEASE_LUA });
    this.redis = redis as Redis & LeaseCommands;
  }

  /** How many entries reads have skipped as corrupt since this store was made. */
  get skippedEntries(): number {
    return this.skipped;
  }

  async apply(site: string, ops: readonly LiveOp[]): Promise<number> {
    assertSiteId(site);
    assertLiveOps(ops);
    const keys = siteKeys(this.prefix, site);
    const commands = buildApplyCommands(keys, ops, this.retention);
    commands.push(['incr', keys.seq]);
    const replies = checkReplies(await this.redis.multi(commands).exec(), `apply to site ${site}`);
    return Number(replies[replies.length - 1]);
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
      seq: this.parseSeq(keys.seq, seq),
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
    return this.parseSeq(key, await this.redis.get(key));
  }

  async applyTickets(site: string, ops: readonly TicketOp[], now: number): Promise<number> {
    assertSiteId(site);
    assertTicketOps(ops, now);
    const keys = siteKeys(this.prefix, site);
    const commands = buildTicketApplyCommands(keys.tickets, ops, now, this.ticketRetention, this.retention.dayMs);
    commands.push(['incr', keys.seq]);
    const replies = checkReplies(await this.redis.multi(commands).exec(), `ticket apply to site ${site}`);
    return Number(replies[replies.length - 1]);
  }

  async lookUpTickets(site: string, query: TicketLookupQuery): Promise<TicketLookup> {
    assertSiteId(site);
    assertEpochMs('seenSince', query.seenSince);
    const keys = siteKeys(this.prefix, site).tickets;
    const { eventKeys, ticketKeys } = query;
    const multi = this.redis.multi();
    if (eventKeys.length > 0) multi.zmscore(keys.events, ...eventKeys);
    if (ticketKeys.length > 0) multi.hmget(keys.open, ...ticketKeys);
    for (const key of ticketKeys) multi.get(keys.done(key));
    const replies = checkReplies(await multi.exec(), `ticket lookup of site ${site}`);
    const scores = (eventKeys.length > 0 ? replies.shift() : []) as (string | null)[];
    const open = (ticketKeys.length > 0 ? replies.shift() : []) as (string | null)[];
    const seenEventKeys = new Set(
      eventKeys.filter((_, i) => {
        const score = scores[i];
        return score !== null && score !== undefined && Number(score) >= query.seenSince;
      }),
    );
    // What is left are the GETs of done tickets, in ticketKeys order.
    const done = replies as (string | null)[];
    const tickets = new Map<string, TicketState>();
    ticketKeys.forEach((key, i) => {
      const openJson = open[i] ?? null;
      const json = openJson ?? done[i] ?? null;
      if (json === null) return;
      const parsed = parseStoredTicketState(key, json);
      if (parsed.ok) tickets.set(key, parsed.record);
      else this.skip(openJson === null ? keys.done(key) : keys.open, key, parsed.reason);
    });
    return { seenEventKeys, tickets };
  }

  async readOpenTickets(site: string): Promise<TicketState[]> {
    assertSiteId(site);
    const key = siteKeys(this.prefix, site).tickets.open;
    return this.parseTickets(key, await this.redis.hgetall(key), parseStoredTicketState);
  }

  async readTicketBoard(site: string, query: TicketBoardQuery): Promise<TicketBoardData> {
    assertSiteId(site);
    assertDay(query.day);
    assertEpochMs('firstResponsesSince', query.firstResponsesSince);
    const keys = siteKeys(this.prefix, site).tickets;
    const dayKey = keys.day(query.day);
    const [version, day, firstResponses] = checkReplies(
      await this.redis
        .multi()
        .get(keys.version)
        .hgetall(dayKey)
        .zrangebyscore(keys.firstResponses, query.firstResponsesSince, '+inf', 'WITHSCORES')
        .exec(),
      `ticket board read of site ${site}`,
    );
    const board: TicketBoardData = {
      version: this.parseSeq(keys.version, version),
      rows: null,
      today: parseTicketCounters(day as Record<string, string>, (field, reason) => this.skip(dayKey, field, reason)),
      firstResponses: parseFirstResponses(firstResponses as string[], (field, reason) =>
        this.skip(keys.firstResponses, field, reason),
      ),
    };
    if (board.version === query.rowsUnlessVersion) return board;
    // Rows and their version in one transaction, so the version names exactly these rows.
    const [rowsVersion, rows] = checkReplies(
      await this.redis.multi().get(keys.version).hgetall(keys.rows).exec(),
      `ticket rows read of site ${site}`,
    );
    board.version = this.parseSeq(keys.version, rowsVersion);
    board.rows = this.parseTickets(keys.rows, rows as Record<string, string>, parseStoredTicketRow);
    return board;
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
      if (!parsed) this.skip(key, hashField, 'not a queue counter');
      else if (!Number.isFinite(value)) this.skip(key, hashField, 'not a number');
      else (byQueue[parsed.queueId] ??= emptyCounters())[parsed.field] = value;
    }
    return byQueue;
  }

  private parseRecords<K extends keyof LiveState>(kind: K, key: string, hash: unknown): LiveState[K] {
    const records: LiveState[K] = {};
    for (const [field, json] of Object.entries(hash as Record<string, string>)) {
      const parsed = parseLiveRecord(kind, field, json);
      if (parsed.ok) records[field] = parsed.record;
      else this.skip(key, field, parsed.reason);
    }
    return records;
  }

  private parseTickets<T extends TicketState | TicketRow>(
    key: string,
    hash: Record<string, string>,
    parse: (field: string, json: string) => TicketRecordResult<T>,
  ): T[] {
    const records: T[] = [];
    for (const [field, json] of Object.entries(hash)) {
      const parsed = parse(field, json);
      if (parsed.ok) records.push(parsed.record);
      else this.skip(key, field, parsed.reason);
    }
    return records;
  }

  private parseSeq(key: string, raw: unknown): number {
    if (raw === null) return 0;
    const seq = Number(raw);
    if (Number.isSafeInteger(seq) && seq >= 0) return seq;
    this.skip(key, '', 'not a sequence number');
    return 0;
  }

  private skip(key: string, field: string, reason: string): void {
    this.skipped += 1;
    this.onSkippedEntry?.({ key, field, reason });
  }
}

/**
 * EXEC answers per command. Redis does not roll back a transaction whose
 * command failed (say, WRONGTYPE on a key edited by hand): the others applied,
 * so the error is raised to the caller instead of being lost.
 */
function checkReplies(replies: Reply[] | null, what: string): unknown[] {
  if (replies === null) throw new Error(`${what}: transaction aborted`);
  const failed = replies.find(([error]) => error !== null);
  if (failed) throw new Error(`${what} failed in Redis: ${failed[0]?.message}`);
  return replies.map(([, result]) => result);
}
