import type { TicketSnapshot } from '../../shared/ticket-snapshot';
import { dayStartMs, siteDay } from '../../shared/site-time';
import { escalationBoard, ticketLinesOf } from '../domain/escalations/escalation-board';
import type { SupportLine } from '../domain/ticket-events';
import type { EscalationStore } from '../store/escalation-store';
import type { SlaPolicies } from '../domain/sla/sla-policy';
import { buildTicketSnapshot, FIRST_RESPONSE_WINDOW_MS } from '../domain/tickets/ticket-board';
import type { TicketRow } from '../domain/tickets/ticket-row';
import type { TicketLiveStore } from '../store/ticket-live-store';

export interface TicketBoardReaderOptions {
  store: TicketLiveStore;
  site: string;
  timeZone: string;
  policies: SlaPolicies;
  slaTargetPct: number;
  /** escalations to development, when a tracker is configured */
  escalations?: { store: EscalationStore; defaultLine: SupportLine };
}

/**
 * Reads the ticket desk from the store and builds `snapshot.tickets`.
 *
 * Boards rebuild the snapshot several times a second while tickets change a
 * few times a minute, so the parsed rows of the open tickets are kept until
 * the store's ticket version moves; a build in between reads only the day's
 * counters and the last hour's first responses.
 */
export class TicketBoardReader {
  private rows: { version: number; rows: TicketRow[] } | null = null;

  constructor(private readonly options: TicketBoardReaderOptions) {}

  async read(now: number): Promise<TicketSnapshot> {
    const { store, site, timeZone, policies, slaTargetPct } = this.options;
    const data = await store.readTicketBoard(site, {
      day: siteDay(timeZone, now),
      firstResponsesSince: now - FIRST_RESPONSE_WINDOW_MS,
      rowsUnlessVersion: this.rows?.version ?? null,
    });
    const rows = data.rows ?? this.rows?.rows ?? [];
    // Two builds may overlap: the one that read older rows must not replace newer ones.
    if (data.rows && (!this.rows || data.version > this.rows.version)) this.rows = { version: data.version, rows: data.rows };
    const snapshot = buildTicketSnapshot({
      rows,
      today: data.today,
      firstResponses: data.firstResponses,
      now,
      policies,
      slaTargetPct,
    });
    const { escalations } = this.options;
    if (!escalations) return snapshot;
    const todayStart = dayStartMs(timeZone, siteDay(timeZone, now));
    const records = await escalations.store.readEscalations(site, { since: todayStart, now });
    return {
      ...snapshot,
      devEscalations: escalationBoard({ records, todayStart, ticketLines: ticketLinesOf(rows), defaultLine: escalations.defaultLine }),
    };
  }
}
