import type { TicketHistoryRow } from '../domain/tickets/ticket-from-history';
import type { Queryable } from './history-queries';

interface Row {
  ticket_id: string;
  source: string;
  created_ms: number;
  status: string;
  priority: string;
  channel: string;
  line: string;
  assignee: string | null;
  first_response_ms: number | null;
  reopen_count: number;
  first_response_due_ms: number | null;
  resolution_due_ms: number | null;
  updated_ms: number;
}

const ms = (column: string): string => `extract(epoch FROM ${column})::float8 * 1000`;

/** The site's tickets open as history last recorded them (not solved, closed or removed): what an emptied live store lost. */
export async function readOpenTicketHistory(db: Queryable, site: string): Promise<TicketHistoryRow[]> {
  const { rows } = await db.query<Row>(
    `SELECT ticket_id, source, ${ms('created_at')} AS created_ms, status, priority, channel, line, assignee,
            ${ms('first_response_at')} AS first_response_ms, reopen_count,
            ${ms('first_response_due_at')} AS first_response_due_ms, ${ms('resolution_due_at')} AS resolution_due_ms,
            ${ms('updated_at')} AS updated_ms
     FROM ticket_history WHERE site = $1 AND status NOT IN ('solved', 'closed')`,
    [site],
  );
  // The columns hold what the writer took from valid states: the row's text is the state's own values.
  return rows.map((row) => ({
    ticketId: row.ticket_id,
    source: row.source as TicketHistoryRow['source'],
    createdAt: row.created_ms,
    status: row.status as TicketHistoryRow['status'],
    priority: row.priority as TicketHistoryRow['priority'],
    channel: row.channel as TicketHistoryRow['channel'],
    line: row.line as TicketHistoryRow['line'],
    assignee: row.assignee,
    firstResponseAt: row.first_response_ms,
    reopenCount: row.reopen_count,
    firstResponseDueAt: row.first_response_due_ms,
    resolutionDueAt: row.resolution_due_ms,
    updatedAt: row.updated_ms,
  }));
}
