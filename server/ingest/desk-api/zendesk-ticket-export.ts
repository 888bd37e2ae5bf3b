import { z } from 'zod';
import type { TicketEvent } from '../../domain/ticket-events';
import { PermanentError } from '../../resilience/retry';
import { isoTimestampMsSchema } from '../webhooks/timestamp-schema';
import type { ZendeskWebhookConfig } from '../webhooks/webhook-config';
import { zendeskTicketSchema } from '../webhooks/zendesk-schema';
import { isRemovedZendeskStatus, zendeskTicketFields } from '../webhooks/zendesk-ticket-fields';
import { apiEventId, DAY_MS, type DeskApiReader, type DeskPage } from './desk-api-reader';
import type { DeskApiHttp } from './desk-api-http';

/**
 * Zendesk's cursor-based Incremental Ticket Export
 * (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/):
 * GET /api/v2/incremental/tickets/cursor.json?start_time=<unix s> the first
 * time, then ?cursor=<after_cursor>; each page is
 * `{ tickets, after_cursor, after_url, before_cursor, before_url, end_of_stream }`.
 * The export lists every ticket updated since, deleted ones with status
 * "deleted"; the cursor of the last page is where the next reconcile starts.
 */

const PER_PAGE = 1000;

const exportPageSchema = z.object({
  tickets: z.array(z.unknown()),
  after_cursor: z.string().min(1).nullable(),
  end_of_stream: z.boolean(),
});

const apiTicketSchema = zendeskTicketSchema.extend({ updated_at: isoTimestampMsSchema });

export class ZendeskTicketExport implements DeskApiReader {
  readonly desk = 'zendesk';

  constructor(
    private readonly http: DeskApiHttp,
    private readonly baseUrl: string,
    private readonly config: ZendeskWebhookConfig,
    private readonly backfillDays: number,
  ) {}

  async *pages(cursor: string | null, now: number): AsyncGenerator<DeskPage> {
    const from =
      cursor === null ? `start_time=${Math.floor((now - this.backfillDays * DAY_MS) / 1000)}` : `cursor=${encodeURIComponent(cursor)}`;
    let url = `${this.baseUrl}/api/v2/incremental/tickets/cursor.json?${from}&per_page=${PER_PAGE}`;
    let last = cursor;
    for (;;) {
      const parsed = exportPageSchema.safeParse(await this.http.getJson(url));
      if (!parsed.success) throw new PermanentError(`Zendesk ticket export: unexpected page: ${parsed.error.message.slice(0, 300)}`);
      const page = parsed.data;
      const events = page.tickets.map((ticket) => zendeskApiTicketEvent(ticket, this.config));
      const read = events.filter((event): event is TicketEvent => event !== null);
      last = page.after_cursor ?? last;
      yield { events: read, cursor: last, tickets: page.tickets.length, skipped: events.length - read.length };
      if (page.end_of_stream || page.after_cursor === null) return;
      url = `${this.baseUrl}/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(page.after_cursor)}&per_page=${PER_PAGE}`;
    }
  }
}

/** A ticket of the export as it stands at its updated_at; removed when deleted; null when it cannot be read. */
function zendeskApiTicketEvent(raw: unknown, config: ZendeskWebhookConfig): TicketEvent | null {
  const parsed = apiTicketSchema.safeParse(raw);
  if (!parsed.success) return null;
  const ticket = parsed.data;
  const base = { source: 'zendesk', ticketId: ticket.id, occurredAt: ticket.updated_at, sequence: null } as const;
  if (isRemovedZendeskStatus(ticket.status)) return { ...base, eventId: `api:${ticket.id}:removed`, kind: 'ticket.removed' };
  const mapped = zendeskTicketFields(ticket, config, ticket.updated_at, 'ticket');
  if (!('fields' in mapped)) return null;
  return { ...base, eventId: apiEventId(ticket.id, ticket.updated_at), kind: 'ticket.observed', ...mapped.fields };
}
