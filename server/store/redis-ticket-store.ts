import type { RedisClient } from './redis-connection';
import type { TicketState } from '../domain/sla/ticket-state';
import type { TicketRow } from '../domain/tickets/ticket-row';
import { siteKeys } from './redis-keys';
import type { SkippedEntries } from './redis-skipped-entries';
import { checkReplies } from './redis-transactions';
import { assertDay, assertSiteId } from './store-input-checks';
import { assertEpochMs, assertTicketChanges } from './ticket-input-checks';
import {
  NO_TICKET_REVISION,
  type StoredTicket,
  type TicketApplyRequest,
  type TicketApplyResult,
  type TicketBoardData,
  type TicketBoardQuery,
  type TicketLiveStore,
  type TicketLookup,
  type TicketLookupQuery,
} from './ticket-live-store';
import { parseStoredTicketRow, parseStoredTicketState } from './ticket-record-check';
import { APPLY_TICKET_CHANGES_LUA, parseFirstResponses, parseTicketCounters, ticketChangeScriptInput } from './ticket-redis-commands';
import type { TicketRetention } from './ticket-retention';
import { ticketRevision } from './ticket-revision';

export interface RedisTicketStoreOptions {
  /** first part of every key, as the whole store's */
  keyPrefix: string;
  ticketRetention: TicketRetention;
  /** how long a day's ticket counters are kept, like the calls' */
  dayCountersMs: number;
}

interface TicketCommands {
  /** keys count, keys, then arguments (ticketChangeScriptInput) */
  wbApplyTicketChanges(...keysAndArgs: (string | number)[]): Promise<[seq: number | string | null, applied: number[]]>;
}

/**
 * The ticket desk's part of the Redis live store (RedisLiveStore hands its
 * ticket calls here); a ticket apply that writes moves the site's seq like a
 * call apply. Applies are compare-and-set scripts (ticket-redis-commands.ts).
 * See redis-keys.ts for the layout.
 */
export class RedisTicketStore implements TicketLiveStore {
  private readonly redis: RedisClient & TicketCommands;

  constructor(
    redis: RedisClient,
    private readonly options: RedisTicketStoreOptions,
    private readonly skipped: SkippedEntries,
  ) {
    redis.defineCommand('wbApplyTicketChanges', { lua: APPLY_TICKET_CHANGES_LUA });
    this.redis = redis as RedisClient & TicketCommands;
  }

  async applyTicketChanges(site: string, request: TicketApplyRequest): Promise<TicketApplyResult> {
    assertSiteId(site);
    assertTicketChanges(request);
    const { ticketRetention, dayCountersMs } = this.options;
    const keys = siteKeys(this.options.keyPrefix, site);
    const input = ticketChangeScriptInput(keys, request, ticketRetention, dayCountersMs);
    const [seq, applied] = await this.redis.wbApplyTicketChanges(input.keys.length, ...input.keys, ...input.args);
    return { applied: applied.map((flag) => flag === 1), seq: this.skipped.seq(keys.seq, seq) };
  }

  async lookUpTickets(site: string, query: TicketLookupQuery): Promise<TicketLookup> {
    assertSiteId(site);
    assertEpochMs('seenSince', query.seenSince);
    const keys = siteKeys(this.options.keyPrefix, site).tickets;
    const { eventKeys, ticketKeys } = query;
    // Records as bytes: their revision is the digest of exactly what Redis holds.
    const multi = this.redis.multi();
    if (eventKeys.length > 0) multi.zmscore(keys.events, ...eventKeys);
    if (ticketKeys.length > 0) multi.hmgetBuffer(keys.open, ...ticketKeys);
    for (const key of ticketKeys) multi.getBuffer(keys.done(key));
    const replies = checkReplies(await multi.exec(), `ticket lookup of site ${site}`);
    const scores = (eventKeys.length > 0 ? replies.shift() : []) as (string | null)[];
    const open = (ticketKeys.length > 0 ? replies.shift() : []) as (Buffer | null)[];
    const seenEventKeys = new Set(
      eventKeys.filter((_, i) => {
        const score = scores[i];
        return score !== null && score !== undefined && Number(score) >= query.seenSince;
      }),
    );
    // What is left are the GETs of done tickets, in ticketKeys order.
    const done = replies as (Buffer | null)[];
    const tickets = new Map<string, TicketState>();
    const revisions = new Map<string, string>();
    ticketKeys.forEach((key, i) => {
      const openRecord = open[i] ?? null;
      const record = openRecord ?? done[i] ?? null;
      revisions.set(key, record === null ? NO_TICKET_REVISION : ticketRevision(record));
      if (record === null) return;
      const parsed = parseStoredTicketState(key, record.toString());
      if (parsed.ok) tickets.set(key, parsed.record);
      else this.skipped.skip(openRecord === null ? keys.done(key) : keys.open, key, parsed.reason);
    });
    return { seenEventKeys, tickets, revisions };
  }

  async readOpenTickets(site: string): Promise<StoredTicket[]> {
    assertSiteId(site);
    const key = siteKeys(this.options.keyPrefix, site).tickets.open;
    const stored: StoredTicket[] = [];
    for (const [field, record] of Object.entries(await this.redis.hgetallBuffer(key))) {
      const parsed = parseStoredTicketState(field, record.toString());
      if (parsed.ok) stored.push({ state: parsed.record, revision: ticketRevision(record) });
      else this.skipped.skip(key, field, parsed.reason);
    }
    return stored;
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
    board.rows = this.parseRows(keys.rows, rows as Record<string, string>);
    return board;
  }

  private parseRows(key: string, hash: Record<string, string>): TicketRow[] {
    const rows: TicketRow[] = [];
    for (const [field, json] of Object.entries(hash)) {
      const parsed = parseStoredTicketRow(field, json);
      if (parsed.ok) rows.push(parsed.record);
      else this.skipped.skip(key, field, parsed.reason);
    }
    return rows;
  }
}
