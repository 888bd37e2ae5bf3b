import { reduceTicket } from '../sla/ticket-sla';
import type { SlaPolicies } from '../sla/sla-policy';
import type { TicketState } from '../sla/ticket-state';

/** A ticket as its history row keeps it (ticket_history): not its subject, pauses, next replies or OLAs. */
export type TicketHistoryRow = Pick<
  TicketState,
  'ticketId' | 'source' | 'createdAt' | 'status' | 'priority' | 'channel' | 'line' | 'assignee' | 'firstResponseAt' | 'reopenCount'
> & {
  firstResponseDueAt: number | null;
  resolutionDueAt: number | null;
  /** the source's time of the last event applied */
  updatedAt: number;
};

/**
 * An open ticket put back from its history row, for a live store emptied
 * without persistence: created as the row says and answered when it was, by
 * the same reducer as a delivery, so the clocks follow today's policies; the
 * due times the row recorded (which count the pauses the row does not keep)
 * stand in for the computed ones. The subject is not in history: it is empty
 * until the ticket's next delivery brings it.
 */
export function ticketFromHistory(row: TicketHistoryRow, policies: SlaPolicies): TicketState | null {
  const base = { source: row.source, ticketId: row.ticketId, eventId: `rebuild:${row.ticketId}`, sequence: null };
  let state = reduceTicket(
    undefined,
    {
      ...base,
      kind: 'ticket.created',
      occurredAt: row.createdAt,
      createdAt: row.createdAt,
      subject: '',
      status: row.status,
      priority: row.priority,
      channel: row.channel,
      line: row.line,
      assignee: row.assignee,
    },
    policies,
  ).state;
  if (state && row.firstResponseAt !== null) {
    state = reduceTicket(state, { ...base, kind: 'ticket.agentReplied', occurredAt: row.firstResponseAt }, policies).state;
  }
  if (!state) return null;
  const { firstResponse, resolution } = state.clocks;
  return {
    ...state,
    reopenCount: row.reopenCount,
    clocks: {
      ...state.clocks,
      firstResponse: row.firstResponseDueAt === null ? firstResponse : { ...firstResponse, dueAt: row.firstResponseDueAt },
      resolution: row.resolutionDueAt === null ? resolution : { ...resolution, dueAt: row.resolutionDueAt },
    },
    lastApplied: { occurredAt: row.updatedAt, sequence: null },
  };
}
