import type { AddressInfo } from 'node:net';
import express from 'express';
import type { TicketPriority, TicketStatus } from '../../server/domain/ticket-events';
import { agentRef, customerRef } from '../../server/simulator/tickets/desk-people';
import { jiraBody } from '../../server/simulator/tickets/encode-jira';
import { ZENDESK_GROUP_OF_LINE, ZENDESK_VIA_CHANNEL } from '../../server/simulator/tickets/simulated-desk';
import type { TicketChange } from '../../server/simulator/tickets/ticket-change';

/**
 * A help desk's REST API on a loopback port, in the shapes Zendesk and Jira
 * document (written from their API references, not copied):
 *
 * - Zendesk cursor-based Incremental Ticket Export,
 *   GET /api/v2/incremental/tickets/cursor.json?start_time=<unix s> | cursor=<after_cursor> [&per_page]:
 *   `{ tickets, after_url, after_cursor, before_url, before_cursor, end_of_stream }`, tickets in
 *   the order they were updated, deleted ones with status "deleted"; HTTP Basic `<email>/token:<token>`.
 * - Jira Cloud's GET /rest/api/3/search/jql?jql&fields&maxResults[&nextPageToken]:
 *   `{ issues, nextPageToken?, isLast }`; HTTP Basic `<email>:<token>`. The JQL is read as far
 *   as the board writes it: an optional `(project = X) AND `, then
 *   `updated >= "-<n>m"` or `(statusCategory != Done OR updated >= "-<n>m")`, `ORDER BY updated ASC`;
 *   anything else is a 400, as Jira answers JQL it cannot parse.
 *
 * `fail` queues answers to give before the real ones (429 with Retry-After, 5xx), and the
 * page sizes are small so every read has several pages. Times are the test's clock.
 */

export const FAKE_DESK_USER = 'wallboard@example.com';
export const FAKE_DESK_TOKEN = 'fake-api-token-0123456789';

export interface StoredDeskTicket {
  /** epoch ms */
  updatedAt: number;
  /** the REST representation */
  body: Record<string, unknown>;
  /** Jira: in a done status category */
  done?: boolean;
}

export interface FakeAnswer {
  status: number;
  retryAfter?: string;
}

export interface FakeDeskApi {
  readonly url: string;
  readonly zendesk: Map<string, StoredDeskTicket>;
  readonly jira: Map<string, StoredDeskTicket>;
  /** every request, path and query, in order */
  readonly requests: string[];
  /** answers the next requests get instead of the real ones */
  fail(...answers: FakeAnswer[]): void;
  close(): Promise<void>;
}

export interface FakeDeskApiOptions {
  clock: () => number;
  zendeskPageSize?: number;
  jiraPageSize?: number;
}

export async function startFakeDeskApi(options: FakeDeskApiOptions): Promise<FakeDeskApi> {
  const zendesk = new Map<string, StoredDeskTicket>();
  const jira = new Map<string, StoredDeskTicket>();
  const requests: string[] = [];
  const failures: FakeAnswer[] = [];
  const app = express();

  app.use((req, res, next) => {
    requests.push(req.url);
    const failure = failures.shift();
    if (!failure) return next();
    if (failure.retryAfter !== undefined) res.set('retry-after', failure.retryAfter);
    res.status(failure.status).json({ error: failure.status === 429 ? 'TooManyRequests' : 'ServerError' });
  });

  app.get('/api/v2/incremental/tickets/cursor.json', (req, res) => {
    if (req.headers.authorization !== basic(`${FAKE_DESK_USER}/token`, FAKE_DESK_TOKEN)) return void res.status(401).json({ error: 'Couldn\'t authenticate you' });
    const pageSize = Math.min(Number(req.query.per_page ?? 1000), options.zendeskPageSize ?? 25);
    const ordered = [...zendesk.entries()].sort(([a, x], [b, y]) => x.updatedAt - y.updatedAt || Number(a) - Number(b));
    // the position after the last ticket a page held: (updated_at, id), ids compared as numbers
    let after: Position;
    if (typeof req.query.cursor === 'string') {
      const decoded = decodeCursor(req.query.cursor);
      if (!decoded) return void res.status(400).json({ error: 'InvalidCursor' });
      after = decoded;
    } else if (typeof req.query.start_time === 'string' && /^\d+$/.test(req.query.start_time)) {
      after = { at: Number(req.query.start_time) * 1000 - 1, id: '0' };
    } else {
      return void res.status(400).json({ error: 'start_time or cursor is required' });
    }
    const rest = ordered.filter(([id, ticket]) => ticket.updatedAt > after.at || (ticket.updatedAt === after.at && Number(id) > Number(after.id)));
    const page = rest.slice(0, pageSize);
    const lastOfPage = page.at(-1);
    const position = lastOfPage ? { at: lastOfPage[1].updatedAt, id: lastOfPage[0] } : after;
    const cursor = encodeCursor(position);
    res.json({
      tickets: page.map(([, ticket]) => ticket.body),
      after_url: `${base(req)}/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(cursor)}`,
      after_cursor: cursor,
      before_url: null,
      before_cursor: null,
      end_of_stream: rest.length <= pageSize,
    });
  });

  app.get('/rest/api/3/search/jql', (req, res) => {
    if (req.headers.authorization !== basic(FAKE_DESK_USER, FAKE_DESK_TOKEN)) return void res.status(401).json({ errorMessages: ['Unauthorized'] });
    const match = /^(?:\(project = ([A-Z]+)\) AND )?(\(statusCategory != Done OR )?updated >= "-(\d+)m"\)? ORDER BY updated ASC$/.exec(String(req.query.jql ?? ''));
    if (!match) return void res.status(400).json({ errorMessages: [`Error in the JQL Query: ${String(req.query.jql)}`] });
    const [, project, openToo, minutes] = match;
    const since = options.clock() - Number(minutes) * 60_000;
    const matching = [...jira.entries()]
      .filter(([, issue]) => project === undefined || String(issue.body.key).startsWith(`${project}-`))
      .filter(([, issue]) => issue.updatedAt >= since || (openToo !== undefined && !issue.done))
      .sort(([a, x], [b, y]) => x.updatedAt - y.updatedAt || Number(a) - Number(b));
    const pageSize = Math.min(Number(req.query.maxResults ?? 50), options.jiraPageSize ?? 20);
    const offset = typeof req.query.nextPageToken === 'string' ? Number(Buffer.from(req.query.nextPageToken, 'base64url').toString()) : 0;
    const page = matching.slice(offset, offset + pageSize);
    const isLast = offset + pageSize >= matching.length;
    res.json({
      issues: page.map(([, issue]) => issue.body),
      ...(isLast ? {} : { nextPageToken: Buffer.from(String(offset + pageSize)).toString('base64url') }),
      isLast,
    });
  });

  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    zendesk,
    jira,
    requests,
    fail: (...answers) => failures.push(...answers),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface Position {
  at: number;
  id: string;
}

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string): Position | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Partial<Position>;
    return typeof value.at === 'number' && typeof value.id === 'string' ? { at: value.at, id: value.id } : null;
  } catch {
    return null;
  }
}

function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
}

function base(req: express.Request): string {
  return `${req.protocol}://${req.get('host')}`;
}

const ZENDESK_STATUS: Readonly<Record<TicketStatus, string>> = {
  new: 'new',
  open: 'open',
  pending: 'pending',
  onHold: 'hold',
  solved: 'solved',
  closed: 'closed',
};
const ZENDESK_PRIORITY: Readonly<Record<TicketPriority, string>> = { low: 'low', medium: 'normal', high: 'high' };

/** A simulated ticket after `change` as Zendesk's REST API returns it: numeric ids, lower-case names. */
export function zendeskApiTicket(change: TicketChange): StoredDeskTicket {
  const { ticket, after } = change;
  const assignee = agentRef('zendesk', after.agent);
  return {
    updatedAt: change.at,
    body: {
      url: `https://example.zendesk.com/api/v2/tickets/${ticket.id}.json`,
      id: Number(ticket.id),
      created_at: new Date(ticket.createdAt).toISOString(),
      updated_at: new Date(change.at).toISOString(),
      generated_timestamp: Math.floor(change.at / 1000),
      type: 'incident',
      subject: ticket.subject,
      description: ticket.subject,
      priority: ZENDESK_PRIORITY[after.priority],
      status: ZENDESK_STATUS[after.status],
      requester_id: Number(customerRef('zendesk', ticket.customer)),
      submitter_id: Number(customerRef('zendesk', ticket.customer)),
      assignee_id: assignee === null ? null : Number(assignee),
      group_id: Number(ZENDESK_GROUP_OF_LINE[after.line]),
      via: { channel: ZENDESK_VIA_CHANNEL[ticket.channel], source: { from: {}, to: {}, rel: null } },
      tags: [],
      custom_fields: [],
    },
  };
}

/** A simulated issue after `change` as Jira's REST API returns it (the same representation its webhooks carry). */
export function jiraApiIssue(change: TicketChange): StoredDeskTicket {
  const body = jiraBody(change).issue as Record<string, unknown>;
  return { updatedAt: change.at, body, done: change.after.status === 'solved' || change.after.status === 'closed' };
}

/** Keeps each simulated Zendesk and Jira ticket in the fake API as its latest change left it. */
export function bookInDeskApi(api: FakeDeskApi, change: TicketChange): void {
  if (change.ticket.desk === 'zendesk') api.zendesk.set(change.ticket.id, zendeskApiTicket(change));
  if (change.ticket.desk === 'jira') api.jira.set(change.ticket.id, jiraApiIssue(change));
}
