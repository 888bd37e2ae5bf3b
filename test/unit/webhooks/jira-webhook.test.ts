import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '../../../server/domain/ticket-events';
import { webhookConfigSchema } from '../../../server/ingest/webhooks/webhook-config';
import {
  changesOf,
  eventsOf,
  JIRA_CHANNEL_FIELD,
  JIRA_LINE_FIELD,
  JIRA_SECRET,
  JIRA_TIMESTAMP,
  jiraComment,
  jiraIssue,
  jiraServerComment,
  jiraUpdated,
  postJira,
} from './webhook-fixtures';

const header = { source: 'jira', ticketId: '10042', occurredAt: JIRA_TIMESTAMP } as const;
const created = (fields: Record<string, unknown> = {}) => ({
  timestamp: JIRA_TIMESTAMP,
  webhookEvent: 'jira:issue_created',
  issue_event_type_name: 'issue_created',
  user: { accountId: 'cust-1' },
  issue: jiraIssue(fields),
});
const item = (field: string, fromString: string | null, toString: string | null, extra: Record<string, unknown> = {}) => ({
  field,
  fieldtype: 'jira',
  fieldId: field,
  from: null,
  fromString,
  to: null,
  toString,
  ...extra,
});
const kinds = (events: TicketEvent[]) => events.map((event) => event.kind);

describe('Jira webhook: jira:issue_created', () => {
  it('maps the issue fields, the line and channel custom fields included', () => {
    const [event] = changesOf(postJira(created({ assignee: { accountId: 'agent-1', accountType: 'atlassian' } })));
    expect(event).toEqual({
      ...header,
      eventId: expect.stringMatching(/^[0-9a-f]{32}$/),
      sequence: null,
      kind: 'ticket.created',
      createdAt: Date.parse('2025-01-08T04:58:12.797Z'),
      subject: 'VPN drops every hour',
      status: 'open',
      priority: 'high',
      channel: 'email',
      line: 'L2',
      assignee: 'agent-1',
      requester: 'cust-1',
    });
  });

  it('maps Jira priorities: Lowest/Low -> low, Medium -> medium, High/Highest -> high; none -> default', () => {
    const priorityOf = (name: string | null) =>
      changesOf(postJira(created({ priority: name === null ? null : { name } })))[0];
    expect(priorityOf('Lowest')).toMatchObject({ priority: 'low' });
    expect(priorityOf('Low')).toMatchObject({ priority: 'low' });
    expect(priorityOf('Medium')).toMatchObject({ priority: 'medium' });
    expect(priorityOf('High')).toMatchObject({ priority: 'high' });
    expect(priorityOf('Highest')).toMatchObject({ priority: 'high' });
    expect(priorityOf(null)).toMatchObject({ priority: 'medium' });
  });

  it('maps status names, falling back to the status category for names no map knows', () => {
    const statusOf = (name: string, category?: string) =>
      changesOf(postJira(created({ status: { name, statusCategory: category === undefined ? undefined : { key: category } } })))[0];
    expect(statusOf('Waiting for customer')).toMatchObject({ status: 'pending' });
    expect(statusOf('Resolved')).toMatchObject({ status: 'solved' });
    expect(statusOf('Done')).toMatchObject({ status: 'solved' });
    expect(statusOf('Awaiting vendor')).toMatchObject({ status: 'onHold' }); // configured
    expect(statusOf('Triage', 'new')).toMatchObject({ status: 'new' });
    expect(statusOf('Investigating', 'indeterminate')).toMatchObject({ status: 'open' });
    expect(postJira(created({ status: { name: 'Limbo' } }))).toMatchObject({
      ok: false,
      status: 400,
      errors: [{ path: 'issue.fields.status.name', message: expect.stringContaining('jira.statusNames') }],
    });
  });

  it('reads line and channel from text, option, and multi-select fields, defaulting when absent or unknown', () => {
    const of = (line: unknown, channel: unknown) =>
      changesOf(postJira(created({ [JIRA_LINE_FIELD]: line, [JIRA_CHANNEL_FIELD]: channel })))[0];
    expect(of('L3', { value: 'chat' })).toMatchObject({ line: 'L3', channel: 'chat' });
    expect(of([{ value: 'Tier 3' }], { name: 'anonymousportal' })).toMatchObject({ line: 'L3', channel: 'portal' });
    expect(of(null, null)).toMatchObject({ line: 'L1', channel: 'portal' });
    expect(of('Tier 9', 'carrier pigeon')).toMatchObject({ line: 'L1', channel: 'portal' });
    expect(postJira(created({ [JIRA_LINE_FIELD]: { id: 42 } }))).toMatchObject({
      ok: false,
      status: 400,
      errors: [{ path: `issue.fields.${JIRA_LINE_FIELD}` }],
    });
  });

  it('puts every issue on the default line and channel when no fields are configured', () => {
    const config = webhookConfigSchema.parse({ jira: { secrets: [JIRA_SECRET], defaultLine: 'L2', defaultChannel: 'email' } });
    expect(changesOf(postJira(created(), config))[0]).toMatchObject({ line: 'L2', channel: 'email' });
  });
});

describe('Jira webhook: jira:issue_updated changelog items', () => {
  it('maps a status change, with a per-field event id and no sequence', () => {
    const events = changesOf(postJira(jiraUpdated([item('status', 'Waiting for support', 'Waiting for customer')])));
    expect(events).toEqual([
      {
        ...header,
        eventId: expect.stringMatching(/^[0-9a-f]{32}:status$/),
        sequence: null,
        kind: 'ticket.statusChanged',
        status: 'pending',
      },
    ]);
  });

  it('adds solved when the status moves to Resolved, and reopened when it moves back', () => {
    expect(kinds(changesOf(postJira(jiraUpdated([item('status', 'In Progress', 'Resolved')]))))).toEqual([
      'ticket.statusChanged',
      'ticket.solved',
    ]);
    expect(kinds(changesOf(postJira(jiraUpdated([item('status', 'Done', 'Reopened')]))))).toEqual([
      'ticket.statusChanged',
      'ticket.reopened',
    ]);
  });

  it('uses the category of the issue status for an unknown new status name', () => {
    const body = jiraUpdated([item('status', 'Open', 'Vendor fix shipped')], {
      issue: jiraIssue({ status: { name: 'Vendor fix shipped', statusCategory: { key: 'done' } } }),
    });
    expect(kinds(changesOf(postJira(body)))).toEqual(['ticket.statusChanged', 'ticket.solved']);
    expect(postJira(jiraUpdated([item('status', 'Open', 'Vendor fix shipped')]))).toMatchObject({
      ok: false,
      status: 400,
      errors: [{ path: 'changelog.items.0.toString' }],
    });
  });

  it('maps priority and assignee changes, several in one changelog each with its own id', () => {
    const events = changesOf(
      postJira(
        jiraUpdated([
          item('priority', 'Low', 'Highest'),
          item('assignee', null, 'Ann Agent', { to: '5b10ac8d82e05b22cc7d4ef5' }),
          item('labels', '', 'vpn'),
        ]),
      ),
    );
    expect(events).toEqual([
      expect.objectContaining({ kind: 'ticket.priorityChanged', priority: 'high', eventId: expect.stringMatching(/:priority$/) }),
      expect.objectContaining({ kind: 'ticket.assigned', assignee: '5b10ac8d82e05b22cc7d4ef5', eventId: expect.stringMatching(/:assignee$/) }),
    ]);
    expect(changesOf(postJira(jiraUpdated([item('assignee', 'Ann Agent', null, { from: 'x' })])))).toEqual([
      expect.objectContaining({ kind: 'ticket.assigned', assignee: null }),
    ]);
  });

  it('maps a change of the line field to another line as an escalation, by field id or field name', () => {
    const byId = item('Support line', 'L1', 'Tier 2', { fieldId: JIRA_LINE_FIELD, fieldtype: 'custom' });
    expect(changesOf(postJira(jiraUpdated([byId])))).toEqual([
      expect.objectContaining({ kind: 'ticket.escalated', line: 'L2', eventId: expect.stringMatching(/:line$/) }),
    ]);
    const withinLine = item('Support line', 'L2', 'Tier 2', { fieldId: JIRA_LINE_FIELD });
    expect(changesOf(postJira(jiraUpdated([withinLine])))).toEqual([]);
    const config = webhookConfigSchema.parse({ jira: { secrets: [JIRA_SECRET], lineField: 'Support line' } });
    const byName = { field: 'Support line', fromString: 'L2', toString: 'L3' };
    expect(changesOf(postJira(jiraUpdated([byName]), config))).toEqual([expect.objectContaining({ kind: 'ticket.escalated', line: 'L3' })]);
  });

  it('accepts an update without changelog, and ignores fields the board does not use', () => {
    const { changelog: _changelog, ...withoutChangelog } = jiraUpdated([]);
    expect(changesOf(postJira(withoutChangelog))).toEqual([]);
    expect(changesOf(postJira(jiraUpdated([item('description', 'a', 'b')])))).toEqual([]);
  });

  it('gives a re-delivery the same event ids, and a different change different ones', () => {
    const body = jiraUpdated([item('priority', 'Low', 'High')]);
    const first = changesOf(postJira(body)).map((event) => event.eventId);
    expect(changesOf(postJira(JSON.parse(JSON.stringify(body)))).map((event) => event.eventId)).toEqual(first);
    const later = changesOf(postJira({ ...body, timestamp: JIRA_TIMESTAMP + 1, changelog: { ...body.changelog, id: '20002' } }));
    expect(later.map((event) => event.eventId)).not.toEqual(first);
  });
});

describe('Jira webhook: jira:issue_deleted', () => {
  it('removes the ticket', () => {
    const deleted = { timestamp: JIRA_TIMESTAMP, webhookEvent: 'jira:issue_deleted', issue_event_type_name: 'issue_deleted', issue: jiraIssue() };
    expect(changesOf(postJira(deleted))).toEqual([{ ...header, kind: 'ticket.removed', eventId: expect.any(String), sequence: null }]);
  });
});

describe('Jira webhook: request channels', () => {
  const postChannel = (channel: string) => postJira(created({ [JIRA_CHANNEL_FIELD]: channel }));

  it('maps every Service Management request channel, reporting none as unknown', () => {
    const expected = { email: 'email', portal: 'portal', anonymousportal: 'portal', api: 'portal', jira: 'portal', chat: 'chat' };
    for (const [name, channel] of Object.entries(expected)) {
      const result = postChannel(name);
      expect(result).toMatchObject({ ok: true, events: [{ channel }] });
      expect(result).not.toHaveProperty('unknownChannel');
    }
  });

  it('puts an unknown channel on the default channel and reports its name', () => {
    expect(postChannel('carrier pigeon')).toMatchObject({ ok: true, events: [{ channel: 'portal' }], unknownChannel: 'carrier pigeon' });
  });
});

describe('Jira webhook: the whole issue of jira:issue_updated', () => {
  it('comes first as the issue observed, with its created time and reporter, then the change', () => {
    const events = eventsOf(postJira(jiraUpdated([item('priority', 'Low', 'High')])));
    expect(events.map((event) => event.kind)).toEqual(['ticket.observed', 'ticket.priorityChanged']);
    expect(events[0]).toEqual({
      ...header,
      eventId: expect.stringMatching(/^[0-9a-f]{32}:observed$/),
      sequence: null,
      kind: 'ticket.observed',
      createdAt: Date.parse('2025-01-08T04:58:12.797Z'),
      subject: 'VPN drops every hour',
      status: 'open',
      priority: 'high',
      channel: 'email',
      line: 'L2',
      assignee: null,
      requester: 'cust-1',
    });
  });

  it('adds no observation when the issue lacks its created time, and still takes the change', () => {
    const body = jiraUpdated([item('priority', 'Low', 'High')]);
    const { created: _created, ...fields } = body.issue.fields;
    expect(kinds(eventsOf(postJira({ ...body, issue: { ...body.issue, fields } })))).toEqual(['ticket.priorityChanged']);
  });
});

describe('Jira webhook: comments', () => {
  it('maps a public comment by an agent to agentReplied and by a portal customer or the reporter to customerReplied', () => {
    expect(kinds(changesOf(postJira(jiraComment({ accountId: 'agent-1', accountType: 'atlassian' }, true))))).toEqual([
      'ticket.agentReplied',
    ]);
    expect(kinds(changesOf(postJira(jiraComment({ accountId: 'cust-9', accountType: 'customer' }, true))))).toEqual([
      'ticket.customerReplied',
    ]);
    expect(kinds(changesOf(postJira(jiraComment({ accountId: 'cust-1' }, undefined))))).toEqual(['ticket.customerReplied']);
  });

  it('ignores an internal comment (jsdPublic false)', () => {
    expect(changesOf(postJira(jiraComment({ accountId: 'agent-1', accountType: 'atlassian' }, false)))).toEqual([]);
  });

  it('gives the same comment the same event id whether it arrives as comment_created or issue_updated', () => {
    const author = { accountId: 'agent-1', accountType: 'atlassian' };
    const [asComment] = changesOf(postJira(jiraComment(author, true)));
    const commented = { ...jiraComment(author, true, 'jira:issue_updated'), issue_event_type_name: 'issue_commented' };
    const [asUpdate] = changesOf(postJira({ ...commented, timestamp: JIRA_TIMESTAMP + 5 }));
    expect(asComment).toMatchObject({ kind: 'ticket.agentReplied', ticketId: '10042' });
    expect(asUpdate?.eventId).toBe(asComment?.eventId);
  });

  it("applies Server / Data Center's comment_created (no issue) to the issue named in comment.self when the author's kind is known", () => {
    const [reply] = changesOf(postJira(jiraServerComment({ name: 'cust', accountType: 'customer' })));
    expect(reply).toMatchObject({ kind: 'ticket.customerReplied', ticketId: '10010' });
  });

  it("takes Server's comment_created by a user of unknown kind as a reply by its author, one event with its issue_updated twin", () => {
    const [asComment] = changesOf(postJira(jiraServerComment()));
    expect(asComment).toMatchObject({ kind: 'ticket.agentReplied', author: 'jsmith', ticketId: '10010' });
    const author = { name: 'jsmith', key: 'JIRAUSER10100' };
    const commented = { ...jiraComment(author, undefined, 'jira:issue_updated'), issue_event_type_name: 'issue_commented' };
    expect(changesOf(postJira(commented))).toEqual([expect.objectContaining({ kind: 'ticket.agentReplied', author: 'jsmith' })]);
  });

  it("names the author of Cloud's slim comment_created (no reporter), so the reducer can compare it with the requester it kept", () => {
    const slim = jiraComment({ accountId: 'cust-1', accountType: 'atlassian' }, true);
    const { reporter: _reporter, created: _created, ...fields } = slim.issue.fields;
    const [reply] = changesOf(postJira({ ...slim, issue: { ...slim.issue, fields } }));
    expect(reply).toMatchObject({ kind: 'ticket.agentReplied', author: 'cust-1' });
  });

  it('refuses a comment_created that names its issue neither in `issue` nor in comment.self', () => {
    const body = jiraServerComment();
    const result = postJira({ ...body, comment: { ...body.comment, self: 'https://jira.example.com/somewhere' } });
    expect(result).toMatchObject({ ok: false, status: 400, errors: [{ path: 'comment.self' }] });
  });

  it('accepts webhook events the board does not use, with no events', () => {
    for (const webhookEvent of ['comment_updated', 'worklog_created', 'sprint_started']) {
      expect(changesOf(postJira({ timestamp: JIRA_TIMESTAMP, webhookEvent }))).toEqual([]);
    }
  });
});

describe('Jira webhook: malformed bodies are 400 with paths', () => {
  const problemsOf = (body: unknown) => {
    const result = postJira(body);
    if (result.ok) throw new Error('expected a rejection');
    expect(result.status).toBe(400);
    return result.errors.map((problem) => problem.path);
  };

  it('names missing and mistyped fields', () => {
    expect(problemsOf({ webhookEvent: 'jira:issue_created' }).sort()).toEqual(['issue', 'timestamp']);
    expect(problemsOf({ ...created(), timestamp: '1736346330123' })).toEqual(['timestamp']);
    expect(problemsOf({ ...created(), issue: { ...jiraIssue(), id: 'SD-17' } })).toEqual(['issue.id']);
    expect(problemsOf(jiraUpdated([{ field: 'status', toString: 5 }]))).toEqual(['changelog.items.0.toString']);
    expect(problemsOf(jiraComment({ accountId: 'a' }, 'yes' as unknown as boolean))).toEqual(['comment.jsdPublic']);
  });

  it('checks a changelog item without toString as absent, not as Object.prototype.toString', () => {
    expect(changesOf(postJira(jiraUpdated([{ field: 'status', fromString: 'Open' }])))).toEqual([]);
  });

  it('refuses a missing or malformed webhookEvent, and an unknown priority', () => {
    expect(problemsOf({ timestamp: JIRA_TIMESTAMP })).toEqual(['webhookEvent']);
    expect(problemsOf({ timestamp: JIRA_TIMESTAMP, webhookEvent: 'jira issue created!' })).toEqual(['webhookEvent']);
    expect(problemsOf(jiraUpdated([item('priority', 'Low', 'P0 - Everything is on fire')]))).toEqual(['changelog.items.0.toString']);
  });

  it('refuses huge changelogs and huge names', () => {
    expect(problemsOf(jiraUpdated(Array.from({ length: 501 }, () => item('labels', 'a', 'b'))))).toEqual(['changelog.items']);
    expect(problemsOf(created({ status: { name: 'S'.repeat(201) } }))).toEqual(['issue.fields.status.name']);
  });
});
