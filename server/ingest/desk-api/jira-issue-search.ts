import { z } from 'zod';
import type { TicketEvent } from '../../domain/ticket-events';
import { PermanentError } from '../../resilience/retry';
import { jiraIssueSchema } from '../webhooks/jira-schema';
import { jiraTicketFields } from '../webhooks/jira-ticket-fields';
import { isoTimestampMsSchema } from '../webhooks/timestamp-schema';
import type { JiraWebhookConfig } from '../webhooks/webhook-config';
import { apiEventId, DAY_MS, type DeskApiReader, type DeskPage } from './desk-api-reader';
import type { DeskApiHttp } from './desk-api-http';

/**
 * Jira Cloud's issue search (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/):
 * GET /rest/api/3/search/jql?jql=...&fields=...&maxResults=100[&nextPageToken=...];
 * each page is `{ issues, nextPageToken?, isLast }`.
 *
 * JQL compares dates to the minute in the API user's time zone, so the window
 * is relative (`updated >= "-<n>m"`), which needs no zone: the minutes since
 * the previous read started, plus one for the rounding and the two clocks.
 * The first read takes every open issue and those changed in the backfill
 * days. The cursor is when the last complete read started (epoch ms).
 */

const PAGE_SIZE = 100;

const searchPageSchema = z.object({
  issues: z.array(z.unknown()),
  nextPageToken: z.string().min(1).nullish(),
  isLast: z.boolean().optional(),
});

const updatedSchema = z.object({ updated: isoTimestampMsSchema });

export class JiraIssueSearch implements DeskApiReader {
  readonly desk = 'jira';

  constructor(
    private readonly http: DeskApiHttp,
    private readonly baseUrl: string,
    private readonly config: JiraWebhookConfig,
    /** the clause that selects the service desk's issues (e.g. project = SD); null: every issue the user sees */
    private readonly filter: string | null,
    private readonly backfillDays: number,
  ) {}

  /** The search of a read starting at `now` after one that started at `cursor`. */
  jql(cursor: string | null, now: number): string {
    const since = cursor === null ? NaN : Number(cursor);
    const window = Number.isFinite(since)
      ? `updated >= "-${Math.max(1, Math.ceil((now - since) / 60_000) + 1)}m"`
      : `(statusCategory != Done OR updated >= "-${this.backfillDays * (DAY_MS / 60_000)}m")`;
    return `${this.filter ? `(${this.filter}) AND ` : ''}${window} ORDER BY updated ASC`;
  }

  async *pages(cursor: string | null, now: number): AsyncGenerator<DeskPage> {
    const fields = ['summary', 'status', 'priority', 'created', 'updated', 'assignee', 'reporter', this.config.lineField, this.config.channelField]
      .filter((field): field is string => field !== undefined)
      .join(',');
    const query = new URLSearchParams({ jql: this.jql(cursor, now), fields, maxResults: String(PAGE_SIZE) });
    for (;;) {
      const parsed = searchPageSchema.safeParse(await this.http.getJson(`${this.baseUrl}/rest/api/3/search/jql?${query}`));
      if (!parsed.success) throw new PermanentError(`Jira issue search: unexpected page: ${parsed.error.message.slice(0, 300)}`);
      const page = parsed.data;
      const events = page.issues.map((issue) => jiraApiIssueEvent(issue, this.config));
      const read = events.filter((event): event is TicketEvent => event !== null);
      const last = page.isLast ?? !page.nextPageToken;
      yield { events: read, cursor: last ? String(now) : null, tickets: page.issues.length, skipped: events.length - read.length };
      if (last || !page.nextPageToken) return;
      query.set('nextPageToken', page.nextPageToken);
    }
  }
}

/** An issue of the search as it stands at its `updated`; null when it cannot be read. */
function jiraApiIssueEvent(raw: unknown, config: JiraWebhookConfig): TicketEvent | null {
  const issue = jiraIssueSchema.safeParse(raw);
  if (!issue.success) return null;
  const updated = updatedSchema.safeParse(issue.data.fields);
  if (!updated.success) return null;
  const mapped = jiraTicketFields(issue.data, config, updated.data.updated, 'issue');
  if (!('fields' in mapped)) return null;
  const at = updated.data.updated;
  return { source: 'jira', eventId: apiEventId(issue.data.id, at), ticketId: issue.data.id, occurredAt: at, sequence: null, kind: 'ticket.observed', ...mapped.fields };
}
