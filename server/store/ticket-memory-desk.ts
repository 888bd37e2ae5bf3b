import type { TicketState } from '../domain/sla/ticket-state';
import { addTicketCounters, emptyTicketCounters, type TicketCounters } from '../domain/tickets/ticket-counters';
import { ticketKey, type FirstResponseMark, type TicketOp } from '../domain/tickets/ticket-ops';
import type { TicketRow } from '../domain/tickets/ticket-row';
import { firstResponseMember } from './ticket-members';
import type { TicketRetention } from './ticket-retention';
import type { TicketBoardData, TicketBoardQuery, TicketLookup, TicketLookupQuery } from './ticket-live-store';

/** Retention settings and the store's clock for one apply or read. */
export interface DeskClock {
  /** the store's clock: done tickets and day counters expire on it, like Redis TTLs */
  storeNow: number;
  retention: TicketRetention;
  dayCountersMs: number;
}

/**
 * One site's tickets in the in-process store (MemoryLiveStore). The caller
 * validates ops first and copies what goes in and out; every method runs
 * synchronously, so an apply is never seen half done.
 */
export class MemoryTicketDesk {
  private readonly open = new Map<string, { state: TicketState; row: TicketRow }>();
  private readonly done = new Map<string, { state: TicketState; expiresAt: number }>();
  /** eventKey -> apply time it was recorded at; kept in recording order, so trimming stops at the first one kept */
  private readonly events = new Map<string, number>();
  private readonly days = new Map<string, { counters: TicketCounters; expiresAt: number }>();
  /** the same members as Redis' sorted set, so both order ties alike */
  private readonly firstResponses = new Map<string, FirstResponseMark>();
  private version = 0;

  apply(ops: readonly TicketOp[], now: number, clock: DeskClock): void {
    for (const op of ops) {
      switch (op.op) {
        case 'ticket.open':
          this.open.set(ticketKey(op.state), { state: op.state, row: op.row });
          this.done.delete(ticketKey(op.state));
          break;
        case 'ticket.done':
          this.open.delete(ticketKey(op.state));
          this.done.set(ticketKey(op.state), { state: op.state, expiresAt: clock.storeNow + clock.retention.doneTicketsMs });
          break;
        case 'ticketEvent.seen':
          this.events.delete(op.eventKey);
          this.events.set(op.eventKey, now);
          break;
        case 'ticketCounters.add': {
          const day = this.days.get(op.day);
          const counters = day && day.expiresAt > clock.storeNow ? day.counters : emptyTicketCounters();
          addTicketCounters(counters, op.delta);
          this.days.set(op.day, { counters, expiresAt: clock.storeNow + clock.dayCountersMs });
          break;
        }
        case 'firstResponse.add':
          this.firstResponses.set(firstResponseMember(op), { ticketKey: op.ticketKey, at: op.at, met: op.met });
          break;
      }
    }
    this.trim(now, clock);
    this.version += 1;
  }

  lookUp(query: TicketLookupQuery, storeNow: number): TicketLookup {
    const seenEventKeys = new Set(
      query.eventKeys.filter((key) => {
        const recordedAt = this.events.get(key);
        return recordedAt !== undefined && recordedAt >= query.seenSince;
      }),
    );
    const tickets = new Map<string, TicketState>();
    for (const key of query.ticketKeys) {
      const state = this.open.get(key)?.state ?? this.liveDone(key, storeNow);
      if (state) tickets.set(key, state);
    }
    return { seenEventKeys, tickets };
  }

  readOpen(): TicketState[] {
    return [...this.open.values()].map(({ state }) => state);
  }

  readBoard(query: TicketBoardQuery, storeNow: number): TicketBoardData {
    const day = this.days.get(query.day);
    const firstResponses = [...this.firstResponses]
      .filter(([, mark]) => mark.at >= query.firstResponsesSince)
      .sort(([memberA, a], [memberB, b]) => a.at - b.at || (memberA < memberB ? -1 : memberA > memberB ? 1 : 0))
      .map(([, mark]) => mark);
    return {
      version: this.version,
      rows: this.version === query.rowsUnlessVersion ? null : [...this.open.values()].map(({ row }) => row),
      today: day && day.expiresAt > storeNow ? { ...day.counters } : emptyTicketCounters(),
      firstResponses,
    };
  }

  private liveDone(key: string, storeNow: number): TicketState | undefined {
    const entry = this.done.get(key);
    return entry && entry.expiresAt > storeNow ? entry.state : undefined;
  }

  private trim(now: number, clock: DeskClock): void {
    const eventsFrom = now - clock.retention.eventIdsMs;
    for (const [key, recordedAt] of this.events) {
      if (recordedAt >= eventsFrom) break;
      this.events.delete(key);
    }
    const responsesFrom = now - clock.retention.firstResponsesMs;
    for (const [member, mark] of this.firstResponses) {
      if (mark.at < responsesFrom) this.firstResponses.delete(member);
    }
    for (const [key, entry] of this.done) {
      if (entry.expiresAt <= clock.storeNow) this.done.delete(key);
    }
    for (const [day, entry] of this.days) {
      if (entry.expiresAt <= clock.storeNow) this.days.delete(day);
    }
  }
}
