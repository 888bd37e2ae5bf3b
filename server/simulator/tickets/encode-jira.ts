import type { TicketPriority, TicketStatus } from '../../domain/ticket-events';
import { signedJiraHeaders } from '../../ingest/webhooks/sign';
import { agentRef, jiraCustomerAccountId } from './desk-people';
import {
  JIRA_CHANNEL_FIELD,
  JIRA_CHANNEL_OPTION,
  JIRA_LINE_FIELD,
  JIRA_LINE_OPTION,
  type DeskSecrets,
} from './simulated-desk';
import type { TicketChange, TicketView } from './ticket-change';
import type { EncodedDelivery } from './webhook-delivery';

export const JIRA_WEBHOOK_PATH = '/api/webhooks/jira';

/** A Jira Service Management workflow's statuses, with their ids and categories. */
const STATUS: Readonly<Record<TicketStatus, { id: string; name: string; category: 'new' | 'indeterminate' | 'done' }>> = {
  new: { id: '10001', name: 'New', category: 'new' },
  open: { id: '3', name: 'In Progress', category: 'indeterminate' },
  pending: { id: '10003', name: 'Waiting for customer', category: 'indeterminate' },
  onHold: { id: '10004', name: 'On hold', category: 'indeterminate' },
  solved: { id: '5', name: 'Resolved', category: 'done' },
  closed: { id: '6', name: 'Closed', category: 'done' },
};
const PRIORITY: Readonly<Record<TicketPriority, { id: string; name: string }>> = {
  low: { id: '4', name: 'Low' },
  medium: { id: '3', name: 'Medium' },
  high: { id: '2', name: 'High' },
};

/** A field's value in a changelog item: its id (null for custom options) and the text Jira shows. */
interface FieldValue {
  id: string | null;
  name: string | null;
}

/**
 * A change as a Jira webhook (https://developer.atlassian.com/cloud/jira/platform/webhooks/):
 * `jira:issue_created`, `jira:issue_updated` with a changelog, or
 * `comment_created`. The issue is always as it is after the change.
 */
export function encodeJira(change: TicketChange, secrets: DeskSecrets): EncodedDelivery {
  const body = JSON.stringify(jiraBody(change));
  return { path: JIRA_WEBHOOK_PATH, body, headers: signedJiraHeaders(body, secrets.jira) };
}

export function jiraBody(change: TicketChange): Record<string, unknown> {
  const { ticket, before, after } = change;
  const reporter = { accountId: jiraCustomerAccountId(ticket.customer), accountType: 'customer' };
  const agent = (view: TicketView) => {
    const accountId = agentRef('jira', view.agent);
    return accountId === null ? null : { accountId, accountType: 'atlassian', displayName: `Agent ${view.agent! + 1}` };
  };
  const issue = {
    id: String(ticket.number),
    key: `SD-${ticket.number}`,
    fields: {
      summary: ticket.subject,
      issuetype: { name: 'Incident' },
      status: { id: STATUS[after.status].id, name: STATUS[after.status].name, statusCategory: { key: STATUS[after.status].category } },
      priority: PRIORITY[after.priority],
      created: jiraTime(ticket.createdAt),
      updated: jiraTime(change.at),
      assignee: agent(after),
      reporter,
      [JIRA_LINE_FIELD]: { value: JIRA_LINE_OPTION[after.line] },
      [JIRA_CHANNEL_FIELD]: { value: JIRA_CHANNEL_OPTION[ticket.channel] },
    },
  };
  const event = (webhookEvent: string, issueEventTypeName: string, extra: Record<string, unknown>) => ({
    timestamp: change.at,
    webhookEvent,
    issue_event_type_name: issueEventTypeName,
    user: change.kind === 'customerReplied' || change.kind === 'created' ? reporter : agent(after),
    issue,
    ...extra,
  });
  /** A jira:issue_updated whose changelog has one item: the field's value (id and shown text) before and after. */
  const changed = (field: string, fieldtype: 'jira' | 'custom', fieldId: string, from: FieldValue, to: FieldValue) =>
    event('jira:issue_updated', 'issue_generic', {
      changelog: {
        id: String(change.id),
        items: [{ field, fieldtype, fieldId, from: from.id, fromString: from.name, to: to.id, toString: to.name }],
      },
    });
  const assignee = (view: TicketView): FieldValue => ({ id: agentRef('jira', view.agent), name: agent(view)?.displayName ?? null });
  const line = (view: TicketView): FieldValue => ({ id: null, name: JIRA_LINE_OPTION[view.line] });

  switch (change.kind) {
    case 'created':
      return event('jira:issue_created', 'issue_created', {});
    case 'statusChanged':
      return changed('status', 'jira', 'status', STATUS[before.status], STATUS[after.status]);
    case 'priorityChanged':
      return changed('priority', 'jira', 'priority', PRIORITY[before.priority], PRIORITY[after.priority]);
    case 'assigned':
      return changed('assignee', 'jira', 'assignee', assignee(before), assignee(after));
    case 'escalated':
      return changed('Support line', 'custom', JIRA_LINE_FIELD, line(before), line(after));
    case 'agentReplied':
    case 'customerReplied':
      return event('comment_created', 'issue_commented', {
        comment: {
          id: String(change.id),
          author: change.kind === 'agentReplied' ? agent(after) : reporter,
          body: change.kind === 'agentReplied' ? 'We are on it.' : 'Any news?',
          jsdPublic: true,
          created: jiraTime(change.at),
        },
      });
    case 'rated':
      throw new Error(`issue ${ticket.id}: Jira webhooks carry no satisfaction ratings`);
  }
}

/** Jira writes times with a numeric offset without a colon: 2025-01-08T10:12:07.797+0000. */
function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
