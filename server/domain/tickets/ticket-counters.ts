import { siteDay } from '../../../shared/site-time';
import { SUPPORT_LINES } from '../sla/sla-policy.schema';
import type { SlaEffect } from '../sla/ticket-sla';
import type { TicketState } from '../sla/ticket-state';
import type { SupportLine, TicketEvent } from '../ticket-events';
import { isOpenStatus, ticketKey, type TicketOp } from './ticket-ops';

/**
 * The ticket desk's counters of one site day, and the facts of a reduction
 * they are made from. Each fact counts on the site day of its own time (the
 * desk's clock, not the time the webhook arrived):
 *
 * - created: a ticket's creation, at its `createdAt`;
 * - solved: a move from open into solved or closed (a ticket born solved counts
 *   too; solved -> closed does not; a reopened ticket solved again counts again;
 *   a ticket first seen closed does not: it was archived after a solve at a
 *   time nobody told the board);
 * - firstResponses / firstResponsesWithinSla: the customer SLA's first-response
 *   clock stopped by a public agent reply, and whether it met its due time. A
 *   ticket solved without a reply stops that clock too, but got no response and
 *   is not counted;
 * - escalated:<from>><to>: the ticket moved from one support line to another;
 * - ratings / ratingsGood: a satisfaction rating that set or changed the ticket's
 *   rating (a repeat of the same rating is not counted again).
 */

export type EscalationField = `escalated:${SupportLine}>${SupportLine}`;

export const ESCALATION_FIELDS: readonly EscalationField[] = SUPPORT_LINES.flatMap((from) =>
  SUPPORT_LINES.filter((to) => to !== from).map((to): EscalationField => `escalated:${from}>${to}`),
);

const BASE_FIELDS = ['created', 'solved', 'firstResponses', 'firstResponsesWithinSla', 'ratings', 'ratingsGood'] as const;

export type TicketCounterField = (typeof BASE_FIELDS)[number] | EscalationField;
export type TicketCounters = Record<TicketCounterField, number>;

export const TICKET_COUNTER_FIELDS: readonly TicketCounterField[] = [...BASE_FIELDS, ...ESCALATION_FIELDS];

export function emptyTicketCounters(): TicketCounters {
  return Object.fromEntries(TICKET_COUNTER_FIELDS.map((field) => [field, 0])) as TicketCounters;
}

export function addTicketCounters(target: TicketCounters, delta: Partial<TicketCounters>): void {
  for (const field of TICKET_COUNTER_FIELDS) {
    const by = delta[field];
    if (by !== undefined) target[field] += by;
  }
}

export function escalationField(from: SupportLine, to: SupportLine): EscalationField {
  return `escalated:${from}>${to}`;
}

export type TicketFact =
  | { kind: 'created'; at: number }
  | { kind: 'solved'; at: number }
  | { kind: 'firstResponse'; at: number; met: boolean }
  | { kind: 'escalated'; at: number; from: SupportLine; to: SupportLine }
  | { kind: 'rated'; at: number; rating: 'good' | 'bad' };

/**
 * What one applied event counts for, from the state before and after it and
 * the reducer's effects. `before` is undefined for a creation; the event must
 * have been applied (not ignored by the reducer).
 */
export function ticketFacts(
  before: TicketState | undefined,
  after: TicketState,
  event: TicketEvent,
  effects: readonly SlaEffect[],
): TicketFact[] {
  // The reducer's own rule: an event counts at its time, never before the ticket's creation.
  const at = Math.max(event.occurredAt, after.createdAt);
  const facts: TicketFact[] = [];
  if (!before) facts.push({ kind: 'created', at: after.createdAt });
  const wasOpen = before ? isOpenStatus(before.status) : true;
  // A removed ticket (deleted, merged, spam) leaves the open tickets unsolved.
  const removed = event.kind === 'ticket.removed';
  const firstSeenClosed = !before && event.kind === 'ticket.observed' && after.status === 'closed';
  if (wasOpen && !isOpenStatus(after.status) && !removed && !firstSeenClosed) facts.push({ kind: 'solved', at: after.solvedAt ?? at });
  for (const effect of effects) {
    if (
      effect.type === 'clockStopped' &&
      effect.agreement === 'sla' &&
      effect.clock === 'firstResponse' &&
      effect.reason === 'replied'
    ) {
      facts.push({ kind: 'firstResponse', at: effect.at, met: effect.met });
    }
  }
  if (before && before.line !== after.line) facts.push({ kind: 'escalated', at, from: before.line, to: after.line });
  if (after.rating !== null && after.rating !== before?.rating) facts.push({ kind: 'rated', at, rating: after.rating });
  return facts;
}

/** The store ops for a ticket's facts: counter deltas per site day, and first responses for the rolling window. */
export function ticketFactOps(
  ticket: Pick<TicketState, 'source' | 'ticketId'>,
  facts: readonly TicketFact[],
  timeZone: string,
): TicketOp[] {
  const byDay = new Map<string, Partial<TicketCounters>>();
  const count = (at: number, field: TicketCounterField): void => {
    const day = siteDay(timeZone, at);
    const delta = byDay.get(day) ?? {};
    delta[field] = (delta[field] ?? 0) + 1;
    byDay.set(day, delta);
  };
  const ops: TicketOp[] = [];
  for (const fact of facts) {
    switch (fact.kind) {
      case 'created':
      case 'solved':
        count(fact.at, fact.kind);
        break;
      case 'firstResponse':
        count(fact.at, 'firstResponses');
        if (fact.met) count(fact.at, 'firstResponsesWithinSla');
        ops.push({ op: 'firstResponse.add', ticketKey: ticketKey(ticket), at: fact.at, met: fact.met });
        break;
      case 'escalated':
        count(fact.at, escalationField(fact.from, fact.to));
        break;
      case 'rated':
        count(fact.at, 'ratings');
        if (fact.rating === 'good') count(fact.at, 'ratingsGood');
        break;
    }
  }
  return [...[...byDay].map(([day, delta]): TicketOp => ({ op: 'ticketCounters.add', day, delta })), ...ops];
}
