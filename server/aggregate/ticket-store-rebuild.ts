import type { SlaPolicies } from '../domain/sla/sla-policy';
import { ticketFromHistory } from '../domain/tickets/ticket-from-history';
import { ticketKey } from '../domain/tickets/ticket-ops';
import { ticketRowOf } from '../domain/tickets/ticket-row';
import type { HistoryService } from '../history/history-service';
import { readOpenTicketHistory } from '../history/open-ticket-history';
import type { Logger } from '../observability/logger';
import { NO_TICKET_REVISION, type TicketLiveStore } from '../store/ticket-live-store';

export interface TicketStoreRebuildOptions {
  store: TicketLiveStore;
  site: string;
  history: HistoryService;
  policies: SlaPolicies;
  /** wall clock, epoch ms */
  clock: () => number;
  logger: Logger;
}

/**
 * Puts the open tickets of an emptied live store back from ticket history
 * (ticket-from-history.ts), each only if the store still has no record of it:
 * a delivery that landed since the store was emptied wins. Returns how many
 * came back. The day's ticket counters are not rebuilt (history has the
 * tickets, not which counter each step moved).
 */
export async function rebuildOpenTickets(options: TicketStoreRebuildOptions): Promise<number> {
  const { store, site, history, policies, clock, logger } = options;
  const rows = await readOpenTicketHistory(await history.reader(), site);
  const states = rows.flatMap((row) => ticketFromHistory(row, policies) ?? []);
  if (states.length === 0) return 0;
  const now = clock();
  const { applied } = await store.applyTicketChanges(site, {
    changes: states.map((state) => ({
      ticketKey: ticketKey(state),
      revision: NO_TICKET_REVISION,
      ops: [{ op: 'ticket.open', state, row: ticketRowOf(state, policies) }],
    })),
    now,
    seenSince: now,
  });
  const restored = applied.filter(Boolean).length;
  logger.warn({ site, restored, fromHistory: rows.length }, 'live store was emptied: open tickets put back from history');
  return restored;
}
