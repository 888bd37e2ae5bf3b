import { emptyTicketCounters, TICKET_COUNTER_FIELDS, type TicketCounters, type TicketCounterField } from '../domain/tickets/ticket-counters';
import { ticketKey, type FirstResponseMark, type TicketOp } from '../domain/tickets/ticket-ops';
import type { SiteKeys, TicketKeys } from './redis-keys';
import { firstResponseMember, parseFirstResponseMember } from './ticket-members';
import type { TicketApplyRequest } from './ticket-live-store';
import type { TicketRetention } from './ticket-retention';

/**
 * The ticket apply: one script, so deciding whether a change may be written
 * and writing it are one atomic step on the Redis server, whichever node sent
 * it. Per change it compares the ticket's stored record (open, else done) with
 * the revision the change was made from (ticket-revision.ts) and looks for its
 * event ids; only a change whose record is unchanged and none of whose ids was
 * recorded is written. The commands come from changeCommands, so the script
 * only guards: the key layout and the meaning of each op stay in TypeScript.
 *
 * Redis rolls nothing back, so everything a write could trip on is checked
 * before the first write: every key's type, that seq and tk:ver hold whole
 * numbers, and each counter a change adds to. Changes are decided before any
 * is written, which is why a request names each ticket and each event id once
 * (assertTicketChanges).
 *
 * KEYS: seq, tk:ver, tk:events, tk:fr, tk:open, then every other key a command
 * names (all under the site's hash tag: one Cluster slot).
 * ARGV: seenSince, event ids kept from, first responses kept from, change
 * count, the type each key must have if it exists, then per change: ticket
 * key, its done key's index in KEYS, revision, event id count, event ids,
 * command count, and per command its word count, name, key index, arguments.
 * Returns the site's seq and a 1 or 0 per change.
 */
export const APPLY_TICKET_CHANGES_LUA = `
local function refuse(why) return redis.error_reply(why .. ': no ticket change applied') end
local function whole(value) return value == false or string.match(value, '^%-?%d+$') ~= nil end
local at = 5
for k = 1, #KEYS do
  local kind = redis.call('TYPE', KEYS[k]).ok
  if kind ~= 'none' and kind ~= ARGV[at] then return refuse('WRONGTYPE ' .. KEYS[k] .. ' holds a ' .. kind .. ', not a ' .. ARGV[at]) end
  at = at + 1
end
for k = 1, 2 do
  if not whole(redis.call('GET', KEYS[k])) then return refuse('ERR ' .. KEYS[k] .. ' holds no whole number') end
end
local seenSince = tonumber(ARGV[1])
local decided = {}
for c = 1, tonumber(ARGV[4]) do
  local record = redis.call('HGET', KEYS[5], ARGV[at])
  if not record then record = redis.call('GET', KEYS[tonumber(ARGV[at + 1])]) end
  local ok = (record and redis.sha1hex(record) or '') == ARGV[at + 2]
  local events = tonumber(ARGV[at + 3])
  at = at + 4
  for e = 1, events do
    local recordedAt = redis.call('ZSCORE', KEYS[3], ARGV[at])
    if recordedAt and tonumber(recordedAt) >= seenSince then ok = false end
    at = at + 1
  end
  decided[c] = { ok = ok, commands = at }
  for k = 1, tonumber(ARGV[at]) do
    local words = tonumber(ARGV[at + 1])
    local key = KEYS[tonumber(ARGV[at + 3])]
    if ok and ARGV[at + 2] == 'hincrby' and not whole(redis.call('HGET', key, ARGV[at + 4])) then
      return refuse('ERR ' .. key .. ' field ' .. ARGV[at + 4] .. ' holds no whole number')
    end
    at = at + words + 1
  end
  at = at + 1
end
local applied = {}
local wrote = false
for c, change in ipairs(decided) do
  if change.ok then
    local at = change.commands
    for k = 1, tonumber(ARGV[at]) do
      local words = tonumber(ARGV[at + 1])
      redis.call(ARGV[at + 2], KEYS[tonumber(ARGV[at + 3])], unpack(ARGV, at + 4, at + 1 + words))
      at = at + words + 1
    end
    wrote = true
  end
  applied[c] = change.ok and 1 or 0
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[3])
local seq = redis.call('GET', KEYS[1])
if wrote then
  redis.call('INCR', KEYS[2])
  seq = redis.call('INCR', KEYS[1])
  redis.call('PUBLISH', KEYS[1], seq)
end
return {seq, applied}`;

type KeyType = 'string' | 'zset' | 'hash';

/** The script's KEYS, each with the type it must have, indexed from 1 as in Lua. */
class ScriptKeys {
  private readonly index = new Map<string, number>();
  private readonly types: KeyType[] = [];

  of(key: string, type: KeyType): number {
    let index = this.index.get(key);
    if (index === undefined) {
      index = this.index.size + 1;
      this.index.set(key, index);
      this.types.push(type);
    }
    return index;
  }

  get keys(): string[] {
    return [...this.index.keys()];
  }

  get keyTypes(): KeyType[] {
    return [...this.types];
  }
}

/** The apply script's keys and arguments for a request that passed assertTicketChanges. */
export function ticketChangeScriptInput(
  keys: SiteKeys,
  request: TicketApplyRequest,
  retention: TicketRetention,
  dayCountersMs: number,
): { keys: string[]; args: (string | number)[] } {
  const tickets = keys.tickets;
  const scriptKeys = new ScriptKeys();
  // the order the script reads them in: KEYS[1] to KEYS[5]
  scriptKeys.of(keys.seq, 'string');
  scriptKeys.of(tickets.version, 'string');
  scriptKeys.of(tickets.events, 'zset');
  scriptKeys.of(tickets.firstResponses, 'zset');
  scriptKeys.of(tickets.open, 'hash');
  const changeArgs: (string | number)[] = [];
  for (const change of request.changes) {
    const eventKeys = change.ops.flatMap((op) => (op.op === 'ticketEvent.seen' ? [op.eventKey] : []));
    const commands = changeCommands(tickets, change.ops, request.now, retention, dayCountersMs);
    const doneKey = scriptKeys.of(tickets.done(change.ticketKey), 'string');
    changeArgs.push(change.ticketKey, doneKey, change.revision, eventKeys.length, ...eventKeys, commands.length);
    for (const { name, key, type, args } of commands) changeArgs.push(args.length + 2, name, scriptKeys.of(key, type), ...args);
  }
  // `(x` in the trims is exclusive: what was recorded exactly at the window's start stays, as in the memory store.
  const args: (string | number)[] = [
    request.seenSince,
    request.now - retention.eventIdsMs,
    request.now - retention.firstResponsesMs,
    request.changes.length,
    ...scriptKeys.keyTypes,
    ...changeArgs,
  ];
  return { keys: scriptKeys.keys, args };
}

interface ScriptCommand {
  name: string;
  key: string;
  type: KeyType;
  args: (string | number)[];
}

/** The commands of one change's ops, in order. */
function changeCommands(
  keys: TicketKeys,
  ops: readonly TicketOp[],
  now: number,
  retention: TicketRetention,
  dayCountersMs: number,
): ScriptCommand[] {
  const commands: ScriptCommand[] = [];
  const command = (name: string, key: string, type: KeyType, ...args: (string | number)[]) => commands.push({ name, key, type, args });
  const days = new Set<string>();
  for (const op of ops) {
    switch (op.op) {
      case 'ticket.open': {
        const key = ticketKey(op.state);
        command('hset', keys.open, 'hash', key, JSON.stringify(op.state));
        command('hset', keys.rows, 'hash', key, JSON.stringify(op.row));
        command('del', keys.done(key), 'string');
        break;
      }
      case 'ticket.done': {
        const key = ticketKey(op.state);
        command('hdel', keys.open, 'hash', key);
        command('hdel', keys.rows, 'hash', key);
        command('set', keys.done(key), 'string', JSON.stringify(op.state), 'PX', retention.doneTicketsMs);
        break;
      }
      case 'ticketEvent.seen':
        command('zadd', keys.events, 'zset', now, op.eventKey);
        break;
      case 'ticketCounters.add':
        for (const [field, by] of Object.entries(op.delta)) {
          if (by !== 0) command('hincrby', keys.day(op.day), 'hash', field, by);
        }
        days.add(op.day);
        break;
      case 'firstResponse.add':
        command('zadd', keys.firstResponses, 'zset', op.at, firstResponseMember(op));
        break;
    }
  }
  for (const day of days) command('pexpire', keys.day(day), 'hash', dayCountersMs);
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
