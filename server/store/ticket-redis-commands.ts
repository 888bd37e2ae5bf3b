import { emptyTicketCounters, TICKET_COUNTER_FIELDS, type TicketCounters, type TicketCounterField } from '../domain/tickets/ticket-counters';
import { ticketKey, type FirstResponseMark, type TicketOp } from '../domain/tickets/ticket-ops';
import type { RedisCommand } from './redis-apply-commands';
import type { TicketKeys } from './redis-keys';
import { firstResponseMember, parseFirstResponseMember } from './ticket-members';
import type { TicketRetention } from './ticket-retention';

/**
 * The commands of one ticket apply, to run inside MULTI (ops must have passed
 * assertTicketOps). Ops are few per delivery, so each becomes its own commands
 * in order; the retention trims and the version bump close the transaction.
 */
export function buildTicketApplyCommands(
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
  // `(x` is exclusive: what was recorded exactly at the window's start stays, as in the memory store.
  commands.push(
    ['zremrangebyscore', keys.events, '-inf', `(${now - retention.eventIdsMs}`],
    ['zremrangebyscore', keys.firstResponses, '-inf', `(${now - retention.firstResponsesMs}`],
    ['incr', keys.version],
  );
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
