import type { SlaPolicies } from '../domain/sla/sla-policy';
import { reduceTicket } from '../domain/sla/ticket-sla';
import type { TicketState } from '../domain/sla/ticket-state';
import type { TicketEvent } from '../domain/ticket-events';
import { ticketFactOps, ticketFacts } from '../domain/tickets/ticket-counters';
import { eventKey, isOpenStatus, ticketKey, type TicketOp } from '../domain/tickets/ticket-ops';
import { ticketRowOf } from '../domain/tickets/ticket-row';
import type { TicketChange, TicketLookup } from '../store/ticket-live-store';

/** What became of one event (the names of TicketDeliveryOutcome's counts). */
export type TicketEventOutcome = 'accepted' | 'duplicates' | 'stale' | 'ignored';

export interface ReducedTicketChange {
  /** what to write, made from the revision read; null when there is nothing to write (every event a repeat) */
  change: TicketChange | null;
  /** per event, in the order given */
  outcomes: TicketEventOutcome[];
  /** the ticket as it now stands, when an event changed it */
  changed: TicketState | null;
}

/**
 * One ticket's events of a batch, in arrival order, reduced from the ticket as
 * the store holds it: each event id the store has recorded is a repeat, every
 * other is recorded with the change; the reducer refuses older updates against
 * the stored state. The counters, first responses and record come from the
 * same reduction, so they are written only together, by whoever wins the
 * ticket's compare-and-set.
 */
export function reduceTicketChange(
  key: string,
  events: readonly TicketEvent[],
  lookup: TicketLookup,
  policies: SlaPolicies,
  timeZone: string,
): ReducedTicketChange {
  const before = lookup.tickets.get(key);
  let state = before;
  const ops: TicketOp[] = [];
  const outcomes = events.map((event): TicketEventOutcome => {
    if (ticketKey(event) !== key) throw new RangeError(`event for ${ticketKey(event)} reduced as ticket ${key}`);
    const idKey = eventKey(event);
    if (lookup.seenEventKeys.has(idKey)) return 'duplicates';
    ops.push({ op: 'ticketEvent.seen', eventKey: idKey });
    const { state: after, effects } = reduceTicket(state, event, policies);
    const ignored = effects.find((effect) => effect.type === 'eventIgnored');
    if (ignored || !after) return ignored?.reason === 'stale' ? 'stale' : 'ignored';
    ops.push(...ticketFactOps(after, ticketFacts(state, after, event, effects), timeZone));
    state = after;
    return 'accepted';
  });
  const changed = state !== before && state ? state : null;
  if (changed) {
    ops.push(isOpenStatus(changed.status) ? { op: 'ticket.open', state: changed, row: ticketRowOf(changed, policies) } : { op: 'ticket.done', state: changed });
  }
  const revision = lookup.revisions.get(key);
  if (revision === undefined) throw new RangeError(`ticket ${key} was not looked up`);
  return { change: ops.length > 0 ? { ticketKey: key, revision, ops } : null, outcomes, changed };
}
