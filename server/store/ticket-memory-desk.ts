import type { TicketState } from '../domain/sla/ticket-state';
import { addTicketCounters, emptyTicketCounters, type TicketCounters } from '../domain/tickets/ticket-counters';
import { ticketKey, type FirstResponseMark, type TicketOp } from '../domain/tickets/ticket-ops';
import type { TicketRow } from '../domain/tickets/ticket-row';
import { firstResponseMember } from './ticket-members';
import type { TicketRetention } from './ticket-retention';
import {
  NO_TICKET_REVISION,
  type StoredTicket,
  type TicketApplyRequest,
  type TicketBoardData,
  type TicketBoardQuery,
  type TicketLookup,
  type TicketLookupQuery,
} from './ticket-live-store';
import { ticketRevision } from './ticket-revision';

/** Retention settings and the store's clock for one apply or read. */
export interface DeskClock {
  /** the store's clock: done tickets and day counters expire on it, like Redis TTLs */
  storeNow: number;
  retention: TicketRetention;
  dayCountersMs: number;
}

/**
 * One site's tickets in the in-process store (MemoryLiveStore). The caller
 * validates requests first and copies what goes in and out; every method runs
 * synchronously, so an apply is never seen half done. Revisions are those a
 * Redis store would give (ticket-revision.ts).
 */
export class MemoryTicketDesk {
  private readonly open = new Map<string, { state: TicketState; row: TicketRow; revision: string }>();
  private readonly done = new Map<string, { state: TicketState; revision: string; expiresAt: number }>();
  /** eventKey -> apply time it was recorded at; kept in recording order, so trimming stops at the first one kept */
  private readonly events = new Map<string, number>();
  private readonly days = new Map<string, { counters: TicketCounters; expiresAt: number }>();
  /** the same members as Redis' sorted set, so both order ties alike */
  private readonly firstResponses = new Map<string, FirstResponseMark>();
  private version = 0;

  /** Per change, whether it was written (see TicketLiveStore.applyTicketChanges). */
  applyChanges(request: TicketApplyRequest, clock: DeskClock): boolean[] {
    const applied = request.changes.map((change) => {
      if (this.revisionOf(change.ticketKey, clock.storeNow) !== change.revision) return false;
      if (change.ops.some((op) => op.op === 'ticketEvent.seen' && this.recordedSince(op.eventKey, request.seenSince))) return false;
      for (const op of change.ops) this.applyOp(op, request.now, clock);
      return true;
    });
    this.trim(request.now, clock);
    if (applied.includes(true)) this.version += 1;
    return applied;
  }

  lookUp(query: TicketLookupQuery, storeNow: number): TicketLookup {
    const seenEventKeys = new Set(query.eventKeys.filter((key) => this.recordedSince(key, query.seenSince)));
    const tickets = new Map<string, TicketState>();
    const revisions = new Map<string, string>();
    for (const key of query.ticketKeys) {
      const stored = this.stored(key, storeNow);
      if (stored) tickets.set(key, stored.state);
      revisions.set(key, stored?.revision ?? NO_TICKET_REVISION);
    }
    return { seenEventKeys, tickets, revisions };
  }

  readOpen(): StoredTicket[] {
    return [...this.open.values()].map(({ state, revision }) => ({ state, revision }));
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

  private applyOp(op: TicketOp, now: number, clock: DeskClock): void {
    switch (op.op) {
      case 'ticket.open': {
        const key = ticketKey(op.state);
        this.open.set(key, { state: op.state, row: op.row, revision: revisionOf(op.state) });
        this.done.delete(key);
        break;
      }
      case 'ticket.done': {
        const key = ticketKey(op.state);
        this.open.delete(key);
        this.done.set(key, { state: op.state, revision: revisionOf(op.state), expiresAt: clock.storeNow + clock.retention.doneTicketsMs });
        break;
      }
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

  private recordedSince(eventKey: string, since: number): boolean {
    const recordedAt = this.events.get(eventKey);
    return recordedAt !== undefined && recordedAt >= since;
  }

  /** The open record, else the done one while it is kept: the order the Redis store reads them in. */
  private stored(key: string, storeNow: number): { state: TicketState; revision: string } | undefined {
    const open = this.open.get(key);
    if (open) return open;
    const done = this.done.get(key);
    return done && done.expiresAt > storeNow ? done : undefined;
  }

  private revisionOf(key: string, storeNow: number): string {
    return this.stored(key, storeNow)?.revision ?? NO_TICKET_REVISION;
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

/** What the Redis store's revision of this state would be: it stores JSON.stringify(state). */
function revisionOf(state: TicketState): string {
  return ticketRevision(JSON.stringify(state));
}
