import { parseGenericWebhook } from '../../../server/ingest/webhooks/generic-webhook';
import { parseJiraWebhook } from '../../../server/ingest/webhooks/jira-webhook';
import { signedGenericHeaders, signedJiraHeaders, signedZendeskHeaders } from '../../../server/ingest/webhooks/sign';
import { webhookConfigSchema, type WebhookConfig } from '../../../server/ingest/webhooks/webhook-config';
import type { WebhookParseResult } from '../../../server/ingest/webhooks/webhook-result';
import { parseZendeskWebhook } from '../../../server/ingest/webhooks/zendesk-webhook';

export const GENERIC_SOURCE = 'help-desk';
export const GENERIC_SECRET = 'generic-secret-0123456789';
/** a second secret of the same source, as during a rotation */
export const GENERIC_NEXT_SECRET = 'generic-next-secret-9876543210';
export const ZENDESK_SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ==';
export const JIRA_SECRET = 'jira-secret-0123456789';
export const ZENDESK_TIMESTAMP = '2025-01-08T14:25:30Z';
/** The server's clock in these tests: when the Zendesk fixtures were signed. */
export const NOW = Date.parse(ZENDESK_TIMESTAMP);
export const JIRA_LINE_FIELD = 'customfield_10050';
export const JIRA_CHANNEL_FIELD = 'customfield_10060';

export const testConfig: WebhookConfig = webhookConfigSchema.parse({
  generic: { sources: { [GENERIC_SOURCE]: { secrets: [GENERIC_SECRET, GENERIC_NEXT_SECRET] } } },
  zendesk: {
    secrets: [ZENDESK_SECRET],
    groupLines: { '100': 'L1', '200': 'L2', '201': 'L2', '300': 'L3' },
  },
  jira: {
    secrets: [JIRA_SECRET],
    lineField: JIRA_LINE_FIELD,
    lineNames: { 'Tier 2': 'L2', 'Tier 3': 'L3' },
    channelField: JIRA_CHANNEL_FIELD,
    statusNames: { 'Awaiting vendor': 'onHold' },
  },
});

export const asRaw = (body: unknown): Buffer => Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));

/** Signs `body` as its source would and parses it with testConfig. */
export function postGeneric(body: unknown, config: WebhookConfig = testConfig): WebhookParseResult {
  const raw = asRaw(body);
  return parseGenericWebhook(raw, signedGenericHeaders(raw, GENERIC_SOURCE, GENERIC_SECRET), config, NOW);
}

export function postZendesk(body: unknown, config: WebhookConfig = testConfig): WebhookParseResult {
  const raw = asRaw(body);
  return parseZendeskWebhook(raw, signedZendeskHeaders(raw, ZENDESK_SECRET, ZENDESK_TIMESTAMP), config, NOW);
}

export function postJira(body: unknown, config: WebhookConfig = testConfig): WebhookParseResult {
  const raw = asRaw(body);
  return parseJiraWebhook(raw, signedJiraHeaders(raw, JIRA_SECRET), config, NOW);
}

/** The events of an accepted delivery; fails the test with the errors otherwise. */
export function eventsOf(result: WebhookParseResult) {
  if (!result.ok) throw new Error(`expected the delivery to be accepted, got ${result.status}: ${JSON.stringify(result.errors)}`);
  return result.events;
}

/** The change events of an accepted delivery, without the whole-ticket observation that comes first (asserted on its own). */
export function changesOf(result: WebhookParseResult) {
  return eventsOf(result).filter((event) => event.kind !== 'ticket.observed');
}

export const genericCreated = {
  eventId: 'evt-1',
  ticketId: 'T-1',
  occurredAt: '2025-01-08T10:00:00Z',
  kind: 'created',
  createdAt: '2025-01-08T09:59:58Z',
  subject: 'Printer on fire',
  status: 'open',
  priority: 'high',
  channel: 'email',
  line: 'L1',
  assignee: null,
} as const;

/** A Zendesk ticket as event webhooks carry it in `detail` (ids as strings, names upper-case). */
export function zendeskDetail(overrides: Record<string, unknown> = {}) {
  return {
    actor_id: '8447388090495',
    assignee_id: '8447388090494',
    brand_id: '8447346621310',
    created_at: '2025-01-08T10:12:07Z',
    description: 'Customer is experiencing login issues with the mobile app',
    external_id: null,
    group_id: '200',
    id: '5158',
    is_public: true,
    organization_id: '8447346622462',
    priority: 'HIGH',
    requester_id: '8447388090490',
    status: 'OPEN',
    subject: 'Cannot login to mobile app',
    submitter_id: '8447388090490',
    tags: ['mobile', 'login'],
    type: 'PROBLEM',
    updated_at: '2025-01-08T14:25:30Z',
    via: { channel: 'web' },
    ...overrides,
  };
}

export function zendeskEvent(type: string, event: unknown, detail: Record<string, unknown> = {}) {
  return {
    account_id: 22129848,
    detail: zendeskDetail(detail),
    event,
    id: 'd4f5c389-8f4a-4c2e-a1b9-8e4f39c71d52',
    subject: 'zen:ticket:5158',
    time: '2025-01-08T14:25:30.123456789Z',
    type: `zen:event-type:${type}`,
    zendesk_event_version: '2022-11-06',
  };
}

export const JIRA_TIMESTAMP = 1736346330123;

export function jiraIssue(fields: Record<string, unknown> = {}) {
  return {
    id: '10042',
    key: 'SD-17',
    self: 'https://example.atlassian.net/rest/api/2/issue/10042',
    fields: {
      summary: 'VPN drops every hour',
      status: { name: 'Waiting for support', statusCategory: { key: 'new' } },
      priority: { name: 'High' },
      created: '2025-01-08T15:58:12.797+1100',
      assignee: null,
      reporter: { accountId: 'cust-1', accountType: 'customer', displayName: 'Customer' },
      [JIRA_LINE_FIELD]: { value: 'Tier 2', id: '10100' },
      [JIRA_CHANNEL_FIELD]: 'email',
      ...fields,
    },
  };
}

export function jiraUpdated(items: unknown[], extra: Record<string, unknown> = {}) {
  return {
    timestamp: JIRA_TIMESTAMP,
    webhookEvent: 'jira:issue_updated',
    issue_event_type_name: 'issue_generic',
    user: { accountId: 'agent-1', accountType: 'atlassian' },
    issue: jiraIssue(),
    changelog: { id: '20001', items },
    ...extra,
  };
}

export function jiraComment(author: Record<string, unknown>, jsdPublic: boolean | undefined, webhookEvent = 'comment_created') {
  return {
    timestamp: JIRA_TIMESTAMP,
    webhookEvent,
    issue: jiraIssue(),
    comment: {
      id: '30001',
      author,
      body: 'Have you tried turning it off and on again?',
      created: '2025-01-08T16:00:00.000+1100',
      ...(jsdPublic === undefined ? {} : { jsdPublic }),
    },
  };
}

/** Zendesk's messaging events carry the ticket id alone in `detail`. */
export function zendeskMessageAdded(actorType: string) {
  return {
    ...zendeskEvent('messaging_ticket.message_added', {
      actor: { id: actorType === 'agent' ? '8447388090494' : 'zd:answerBot', name: 'Someone', type: actorType },
      conversation_id: '67ab5f53a96f98663935c3f2',
      message: { body: 'Hello, how can I help?', id: '67ab5f55155becd183e284cb' },
    }),
    detail: { id: '5158' },
  };
}

/** Jira Server / Data Center's comment_created: no `issue`, the issue id only in `comment.self`; users by name and key. */
export function jiraServerComment(author: Record<string, unknown> = { name: 'jsmith', key: 'JIRAUSER10100', displayName: 'John Smith' }) {
  return {
    timestamp: JIRA_TIMESTAMP,
    webhookEvent: 'comment_created',
    comment: {
      self: 'https://jira.example.com/rest/api/2/issue/10010/comment/10100',
      id: '10100',
      author: { self: 'https://jira.example.com/rest/api/2/user?username=jsmith', active: true, timeZone: 'Europe/Berlin', ...author },
      body: 'Restarted the VPN concentrator.',
      updateAuthor: author,
      created: '2025-01-08T16:00:00.000+0100',
      updated: '2025-01-08T16:00:00.000+0100',
    },
  };
}
