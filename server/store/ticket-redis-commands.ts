import { emptyTicketCounters, TICKET_COUNTER_FIELDS, type TicketCounters, type TicketCounterField } from '../domain/tickets/ticket-counters';
import { ticketKey, type FirstResponseMark, type TicketOp } from '../domain/tickets/ticket-ops';
import type { RedisCommand } from './redis-apply-commands';
import type { SiteKeys, TicketKeys } from './redis-keys';
import { firstResponseMember, parseFirstResponseMember } from './ticket-members';
import type { TicketApplyRequest } from './ticket-live-store';
import type { TicketRetention } from './ticket-retention';

/**
 * The ticket apply: one script, so deciding whether a change may be written
 * and writing it are one atomic step on the Redis server, whichever node sent
 * it. Per change it compares the ticket's stored record (open, else done) with
 * the revision the change was made from (ticket-revision.ts) and looks for its
 * event ids; only if the record is unchanged and none was recorded does it run
 * the change's commands. The commands come from buildChangeCommands, so the
 * script only guards: the key layout and the meaning of each op stay in
 * TypeScript. Every key is under the site's hash tag (one Cluster slot).
 *
 * KEYS: seq, tk:ver, tk:events, tk:fr, tk:open.
 * ARGV: seenSince, event ids kept from, first responses kept from, change count,
 * then per change: ticket key, its done key, revision, event id count, event
 * ids, command count, and per command its word count and words.
 * Returns the site's seq and a 1 or 0 per change.
 */
export const APPLY_TICKET_CHANGES_LUA = `
local seenSince = tonumber(ARGV[1])
local at = 5
local applied = {}
local wrote = false
for c = 1, tonumber(ARGV[4]) do
  local record = redis.call('HGET', KEYS[5], ARGV[at])
  if not record then record = redis.call('GET', ARGV[at + 1]) end
  local ok = (record and redis.sha1hex(record) or '') == ARGV[at + 2]
  local events = tonumber(ARGV[at + 3])
  at = at + 4
  for e = 1, events do
    if ok then
      local recordedAt = redis.call('ZSCORE', KEYS[3], ARGV[at])
      if recordedAt and tonumber(recordedAt) >= seenSince then ok = false end
    end
    at = at + 1
  end
  local commands = tonumber(ARGV[at])
  at = at + 1
  for k = 1, commands do
    local words = tonumber(ARGV[at])
    if ok then redis.call(unpack(ARGV, at + 1, at + words)) end
    at = at + words + 1
  end
  applied[c] = ok and 1 or 0
  wrote = wrote or ok
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[3])
local seq = redis.call('GET', KEYS[1])
if wrote then
  redis.call('INCR', KEYS[2])
  seq = redis.call('INCR', KEYS[1])
end
return {seq, applied}`;

/** The apply script's keys and arguments for a request that passed assertTicketChanges. */
export function ticketChangeScriptInput(
  keys: SiteKeys,
  request: TicketApplyRequest,
  retention: TicketRetention,
  dayCountersMs: number,
): { keys: string[]; args: (string | number)[] } {
  const tickets = keys.tickets;
  // `(x` in the trims is exclusive: what was recorded exactly at the window's start stays, as in the memory store.
  const args: (string | number)[] = [
    request.seenSince,
    request.now - retention.eventIdsMs,
    request.now - retention.firstResponsesMs,
    request.changes.length,
  ];
  for (const change of request.changes) {
    const eventKeys = change.ops.flatMap((op) => (op.op === 'ticketEvent.seen' ? [op.eventKey] : []));
    const commands = buildChangeCommands(tickets, change.ops, request.now, retention, dayCountersMs);
    args.push(change.ticketKey, tickets.done(change.ticketKey), change.revision, eventKeys.length, ...eventKeys, commands.length);
    for (const command of commands) args.push(command.length, ...command);
  }
  return { keys: [keys.seq, tickets.version, tickets.events, tickets.firstResponses, tickets.open], args };
}

/** The commands of one change's ops, in order. */
function buildChangeCommands(
  keys: TicketKeys,
  ops: readonly TicketOp[],
  now: number,
  retention: TicketRetention,
  dayCountersMs: number,
): RedisCommand[] {
  const commands: RedisCommand[] = [];
  const days = new Set<string>();
  for (const op of ops) {
    switch (op.op) {
      case 'ticket.open': {
        const key = ticketKey(op.state);
        commands.push(
          ['hset', keys.open, key, JSON.stringify(op.state)],
          ['hset', keys.rows, key, JSON.stringify(op.row)],
          ['del', keys.done(key)],
        );
        break;
      }
      case 'ticket.done': {
        const key = ticketKey(op.state);
        commands.push(
          ['hdel', keys.open, key],
          ['hdel', keys.rows, key],
          ['set', keys.done(key), JSON.stringify(op.state), 'PX', retention.doneTicketsMs],
        );
        break;
      }
      case 'ticketEvent.seen':
        commands.push(['zadd', keys.events, now, op.eventKey]);
        break;
      case 'ticketCounters.add':
        for (const [field, by] of Object.entries(op.delta)) {
          if (by !== 0) commands.push(['hincrby', keys.day(op.day), field, by]);
        }
        days.add(op.day);
        break;
      case 'firstResponse.add':
        commands.push(['zadd', keys.firstResponses, op.at, firstResponseMember(op)]);
        break;
    }
  }
  for (const day of days) commands.push(['pexpire', keys.day(day), dayCountersMs]);
  return commands;
}

export type SkipEntry = (field: string, reason: string) => void;

const COUNTER_FIELD_SET: ReadonlySet<string> = new Set(TICKET_COUNTER_FIELDS);

export function parseTicketCounters(hash: Record<string, string>, skip: SkipEntry): TicketCounters {
  const counters = emptyTicketCounters();
  for (const [field, raw] of Object.entries(hash)) {
    const value = raw.trim() === '' ? Number.NaN : Number(raw);
    if (!COUNTER_FIELD_SET.has(field)) skip(field, 'not a ticket counter');
    else if (!Number.isSafeInteger(value)) skip(field, 'not a whole number');
    else counters[field as TicketCounterField] = value;
  }
  return counters;
}

/** A ZRANGEBYSCORE ... WITHSCORES reply: member, score, member, score ... */
export function parseFirstResponses(reply: string[], skip: SkipEntry): FirstResponseMark[] {
  const marks: FirstResponseMark[] = [];
  for (let i = 0; i + 1 < reply.length; i += 2) {
    const member = reply[i] as string;
    const mark = parseFirstResponseMember(member);
    const at = Number(reply[i + 1]);
    if (!mark) skip(member, 'not a first response');
    else if (!Number.isSafeInteger(at)) skip(member, 'score is not epoch ms');
    else marks.push({ ...mark, at });
  }
  return marks;
}
