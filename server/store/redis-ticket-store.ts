import type { RedisClient } from './redis-connection';
import type { TicketState } from '../domain/sla/ticket-state';
import type { TicketOp } from '../domain/tickets/ticket-ops';
import type { TicketRow } from '../domain/tickets/ticket-row';
import { siteKeys } from './redis-keys';
import type { SkippedEntries } from './redis-skipped-entries';
import { checkReplies, execApply } from './redis-transactions';
import { assertDay, assertSiteId } from './store-input-checks';
import { assertEpochMs, assertTicketOps } from './ticket-input-checks';
import type { TicketBoardData, TicketBoardQuery, TicketLookup, TicketLookupQuery, TicketLiveStore } from './ticket-live-store';
import type { StoredRecordResult } from './stored-record';
import { parseStoredTicketRow, parseStoredTicketState } from './ticket-record-check';
import { buildTicketApplyCommands, parseFirstResponses, parseTicketCounters } from './ticket-redis-commands';
import type { TicketRetention } from './ticket-retention';

export interface RedisTicketStoreOptions {
  /** first part of every key, as the whole store's */
  keyPrefix: string;
  ticketRetention: TicketRetention;
  /** how long a day's ticket counters are kept, like the calls' */
  dayCountersMs: number;
}

/**
 * The ticket desk's part of the Redis live store (RedisLiveStore hands its
 * ticket calls here); a ticket apply moves the site's seq like a call apply.
 * See redis-keys.ts for the layout.
 */
export class RedisTicketStore implements TicketLiveStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly options: RedisTicketStoreOptions,
    private readonly skipped: SkippedEntries,
  ) {}

  async applyTickets(site: string, ops: readonly TicketOp[], now: number): Promise<number> {
    assertSiteId(site);
    assertTicketOps(ops, now);
    const { ticketRetention, dayCountersMs } = this.options;
    const keys = siteKeys(this.options.keyPrefix, site);
    const commands = buildTicketApplyCommands(keys.tickets, ops, now, ticketRetention, dayCountersMs);
    return execApply(this.redis, commands, keys.seq, `ticket apply to site ${site}`);
  }

  async lookUpTickets(site: string, query: TicketLookupQuery): Promise<TicketLookup> {
    assertSiteId(site);
    assertEpochMs('seenSince', query.seenSince);
    const keys = siteKeys(this.options.keyPrefix, site).tickets;
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
      else this.skipped.skip(openJson === null ? keys.done(key) : keys.open, key, parsed.reason);
    });
    return { seenEventKeys, tickets };
  }

  async readOpenTickets(site: string): Promise<TicketState[]> {
    assertSiteId(site);
    const key = siteKeys(this.options.keyPrefix, site).tickets.open;
    return this.parseTickets(key, await this.redis.hgetall(key), parseStoredTicketState);
  }

  async readTicketBoard(site: string, query: TicketBoardQuery): Promise<TicketBoardData> {
    assertSiteId(site);
    assertDay(query.day);
    assertEpochMs('firstResponsesSince', query.firstResponsesSince);
    const keys = siteKeys(this.options.keyPrefix, site).tickets;
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
      version: this.skipped.seq(keys.version, version),
      rows: null,
      today: parseTicketCounters(day as Record<string, string>, (field, reason) => this.skipped.skip(dayKey, field, reason)),
      firstResponses: parseFirstResponses(firstResponses as string[], (field, reason) =>
        this.skipped.skip(keys.firstResponses, field, reason),
      ),
    };
    if (board.version === query.rowsUnlessVersion) return board;
    // Rows and their version in one transaction, so the version names exactly these rows.
    const [rowsVersion, rows] = checkReplies(
      await this.redis.multi().get(keys.version).hgetall(keys.rows).exec(),
      `ticket rows read of site ${site}`,
    );
    board.version = this.skipped.seq(keys.version, rowsVersion);
    board.rows = this.parseTickets(keys.rows, rows as Record<string, string>, parseStoredTicketRow);
    return board;
  }

  private parseTickets<T extends TicketState | TicketRow>(
    key: string,
    hash: Record<string, string>,
    parse: (field: string, json: string) => StoredRecordResult<T>,
  ): T[] {
    const records: T[] = [];
    for (const [field, json] of Object.entries(hash)) {
      const parsed = parse(field, json);
      if (parsed.ok) records.push(parsed.record);
      else this.skipped.skip(key, field, parsed.reason);
    }
    return records;
  }
}
