import { TICKET_COUNTER_FIELDS, type TicketCounters } from '../domain/tickets/ticket-counters';
import { isOpenStatus, ticketKey, type TicketOp } from '../domain/tickets/ticket-ops';
import { assertDay } from './store-input-checks';
import type { TicketApplyRequest } from './ticket-live-store';

/**
 * What both stores refuse in a ticket apply before touching anything, so an
 * apply stays all-or-nothing (Redis does not roll back a MULTI whose HINCRBY
 * failed) and both refuse the same input.
 */

const MAX_KEY_LENGTH = 512;
const COUNTER_FIELD_SET: ReadonlySet<string> = new Set(TICKET_COUNTER_FIELDS);

export function assertEpochMs(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`invalid ${name} ${value}: expected epoch milliseconds`);
}

export function assertStoreKey(name: string, key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > MAX_KEY_LENGTH) {
    throw new RangeError(`invalid ${name} ${JSON.stringify(key)}: 1..${MAX_KEY_LENGTH} characters`);
  }
}

function assertTicketCounterDelta(delta: Partial<TicketCounters>): void {
  for (const [field, by] of Object.entries(delta)) {
    if (!COUNTER_FIELD_SET.has(field)) throw new RangeError(`unknown ticket counter ${field}`);
    if (!Number.isSafeInteger(by)) throw new RangeError(`invalid ticket counter delta ${field}=${by}`);
  }
}

const REVISION = /^(|[0-9a-f]{40})$/;

/**
 * A request names each ticket and each event id once: the stores decide every
 * change before writing any (Redis checks all a write could trip on first).
 */
export function assertTicketChanges(request: TicketApplyRequest): void {
  assertEpochMs('apply time', request.now);
  assertEpochMs('seenSince', request.seenSince);
  const tickets = new Set<string>();
  const eventKeys = new Set<string>();
  for (const change of request.changes) {
    assertStoreKey('ticket key', change.ticketKey);
    if (tickets.has(change.ticketKey)) throw new RangeError(`ticket ${change.ticketKey} in two changes of one apply`);
    tickets.add(change.ticketKey);
    if (typeof change.revision !== 'string' || !REVISION.test(change.revision)) {
      throw new RangeError(`invalid revision ${JSON.stringify(change.revision)} of ticket ${change.ticketKey}`);
    }
    assertTicketOps(change.ops);
    for (const op of change.ops) {
      if (op.op === 'ticketEvent.seen') {
        if (eventKeys.has(op.eventKey)) throw new RangeError(`event ${op.eventKey} recorded twice in one apply`);
        eventKeys.add(op.eventKey);
      }
      const of = op.op === 'ticket.open' || op.op === 'ticket.done' ? ticketKey(op.state) : op.op === 'firstResponse.add' ? op.ticketKey : null;
      if (of !== null && of !== change.ticketKey) throw new RangeError(`${op.op} of ${of} in the change of ticket ${change.ticketKey}`);
    }
  }
}

function assertTicketOps(ops: readonly TicketOp[]): void {
  for (const op of ops) {
    switch (op.op) {
      case 'ticket.open':
        assertStoreKey('ticket key', ticketKey(op.state));
        if (!isOpenStatus(op.state.status)) throw new RangeError(`ticket ${ticketKey(op.state)} is ${op.state.status}, not open`);
        if (ticketKey(op.row) !== ticketKey(op.state)) throw new RangeError(`row of ${ticketKey(op.row)} given for ${ticketKey(op.state)}`);
        break;
      case 'ticket.done':
        assertStoreKey('ticket key', ticketKey(op.state));
        if (isOpenStatus(op.state.status)) throw new RangeError(`ticket ${ticketKey(op.state)} is ${op.state.status}, not done`);
        break;
      case 'ticketEvent.seen':
        assertStoreKey('event key', op.eventKey);
        break;
      case 'ticketCounters.add':
        assertDay(op.day);
        assertTicketCounterDelta(op.delta);
        break;
      case 'firstResponse.add':
        assertStoreKey('ticket key', op.ticketKey);
        assertEpochMs('first response time', op.at);
        break;
    }
  }
}
