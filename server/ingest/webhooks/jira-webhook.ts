import { createHash } from 'node:crypto';
import type { SupportLine, TicketEvent, TicketStatus } from '../../domain/ticket-events';
import { ingestWebhook, interpretTypedBody, requireSignatureOrToken, type WebhookHeaders } from './ingest-webhook';
import {
  customFieldValueSchema,
  JIRA_BODIES,
  type JiraComment,
  type JiraIssue,
  type JiraIssueEvent,
  type JiraUser,
} from './jira-schema';
import {
  channelOf,
  DEFAULT_CHANNEL_NAMES,
  DEFAULT_LINE_NAMES,
  JIRA_PRIORITY_NAMES,
  JIRA_STATUS_CATEGORIES,
  JIRA_STATUS_NAMES,
  lookupName,
  requireNameOrDefault,
  unknownName,
} from './name-maps';
import { JIRA_SIGNATURE_HEADER, jiraSignature, TOKEN_HEADER } from './sign';
import { statusChangeEvents, withEventIdPart, type TicketEventBase } from './status-transition';
import type { JiraWebhookConfig, WebhookConfig } from './webhook-config';
import { rejection, type WebhookAcceptance, type WebhookParseResult, type WebhookProblem, type WebhookRejection } from './webhook-result';
import { webhookTimeBounds } from './webhook-time';

const MAX_SUBJECT_CHARS = 1000;

/**
 * Jira (Service Management) webhooks. A webhook registered with a secret is
 * signed X-Hub-Signature: sha256=<hex HMAC-SHA256(secret, raw body)>. With
 * `acceptTokenHeader`, a sender that cannot sign may send the secret itself in
 * X-Wallboard-Token instead.
 *
 * Jira sends no event id. Ours is a hash of what identifies the change and is
 * repeated by a re-delivery: event name, issue id, Jira's timestamp and the
 * changelog id; for a comment, the issue and comment ids, so the same comment
 * arriving both as `comment_created` and as `jira:issue_updated`
 * (issue_commented) is one event.
 */
export function parseJiraWebhook(rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number): WebhookParseResult {
  const jira = config.jira;
  if (jira === undefined) return rejection(404, [{ path: '', message: 'the Jira source is not configured' }]);
  return ingestWebhook(
    rawBody,
    config.maxBodyBytes,
    () => authenticateJira(rawBody, headers, jira),
    (json) => interpretTypedBody(json, JIRA_BODIES, webhookTimeBounds(config, now, JIRA_SINCE), (body) => jiraEvents(body, jira)),
  );
}

/** Jira's first release: no event it raises is older. */
const JIRA_SINCE = Date.parse('2002-01-01T00:00:00Z');

/** A Jira webhook's signature, or (with acceptTokenHeader) the secret in X-Wallboard-Token; shared with the development tracker. */
export function authenticateJira(
  rawBody: Buffer,
  headers: WebhookHeaders,
  jira: Pick<JiraWebhookConfig, 'secrets' | 'acceptTokenHeader'>,
): WebhookRejection | null {
  return requireSignatureOrToken(headers, {
    secrets: jira.secrets,
    signature: { header: JIRA_SIGNATURE_HEADER, expectedFor: (secret) => jiraSignature(rawBody, secret), caseInsensitive: true },
    acceptToken: jira.acceptTokenHeader,
    tokenHeader: TOKEN_HEADER,
  });
}

function jiraEvents(body: JiraIssueEvent, config: JiraWebhookConfig): TicketEvent[] | WebhookAcceptance | WebhookProblem {
  if (body.webhookEvent === 'comment_created') return commentCreatedEvents(body);
  const { issue } = body;
  const changelog = body.webhookEvent === 'jira:issue_updated' ? body.changelog : undefined;
  const base: TicketEventBase = {
    source: 'jira',
    eventId: stableEventId([body.webhookEvent, issue.id, body.timestamp, changelog?.id ?? null]),
    ticketId: issue.id,
    occurredAt: body.timestamp,
    // Jira has no per-issue sequence. The changelog id would order deliveries,
    // but the several events of one changelog share it and would then look
    // stale to each other (isNewer in domain/sla/ticket-state.ts).
    sequence: null,
  };
  switch (body.webhookEvent) {
    case 'jira:issue_created':
      return createdEvents(base, issue, config);
    case 'jira:issue_updated': {
      const changes = changelog === undefined ? [] : changelogEvents(base, changelog.items, issue, config);
      if (!Array.isArray(changes)) return changes;
      if (body.comment === undefined) return changes;
      return [...changes, ...commentEvents(issue.id, body.timestamp, body.comment, issue.fields.reporter)];
    }
    case 'jira:issue_deleted':
      return [{ ...base, kind: 'ticket.removed' }];
  }
}

/**
 * Cloud's comment_created carries a slim issue. Server / Data Center's carries
 * none: the issue id is read from the comment's `self`, and with no reporter to
 * compare the author with, the comment counts only when its author's
 * accountType says who wrote it. Otherwise it is acknowledged and ignored:
 * the same comment also comes as jira:issue_updated (issue_commented), with
 * the issue and its reporter, and is counted from there (same event id).
 */
function commentCreatedEvents(
  body: Extract<JiraIssueEvent, { webhookEvent: 'comment_created' }>,
): TicketEvent[] | WebhookProblem {
  const { comment } = body;
  if (body.issue !== undefined) return commentEvents(body.issue.id, body.timestamp, comment, body.issue.fields.reporter);
  const issueId = /\/issue\/(\d{1,20})\/comment\//.exec(comment.self ?? '')?.[1];
  if (issueId === undefined) {
    return { path: 'comment.self', message: 'a comment_created without `issue` must name its issue in comment.self (…/issue/<id>/comment/<id>)' };
  }
  return comment.author?.accountType === undefined ? [] : commentEvents(issueId, body.timestamp, comment, null);
}

function createdEvents(
  base: TicketEventBase,
  issue: JiraIssue,
  config: JiraWebhookConfig,
): TicketEvent[] | WebhookAcceptance | WebhookProblem {
  const { fields } = issue;
  const status =
    fields.status == null
      ? 'new'
      : statusOf(fields.status.name, fields.status.statusCategory?.key, 'issue.fields.status.name', config);
  if (typeof status !== 'string') return status;
  const priority = priorityOf(fields.priority?.name, 'issue.fields.priority.name', config);
  if (typeof priority !== 'string') return priority;
  const line = customFieldText(issue, config.lineField);
  if (line !== null && typeof line !== 'string') return line;
  const channelName = customFieldText(issue, config.channelField);
  if (channelName !== null && typeof channelName !== 'string') return channelName;
  const channel = channelOf(channelName, config.channelNames, DEFAULT_CHANNEL_NAMES, config.defaultChannel);
  const events: TicketEvent[] = [
    {
      ...base,
      kind: 'ticket.created',
      createdAt: fields.created ?? base.occurredAt,
      subject: (fields.summary ?? '').slice(0, MAX_SUBJECT_CHARS),
      status,
      priority,
      channel: channel.channel,
      line: lineOf(line, config),
      assignee: userId(fields.assignee),
    },
  ];
  return channel.unknown === undefined ? events : { ok: true, events, unknownChannel: channel.unknown };
}

type ChangelogItem = NonNullable<Extract<JiraIssueEvent, { webhookEvent: 'jira:issue_updated' }>['changelog']>['items'][number];

function changelogEvents(
  base: TicketEventBase,
  items: readonly ChangelogItem[],
  issue: JiraIssue,
  config: JiraWebhookConfig,
): TicketEvent[] | WebhookProblem {
  const events: TicketEvent[] = [];
  for (const [index, item] of items.entries()) {
    const path = `changelog.items.${index}.toString`;
    const field = (item.fieldId ?? item.field).toLowerCase();
    if (field === 'status') {
      if (!item.toName) continue;
      const current = statusOf(item.toName, categoryOf(item.toName, issue), path, config);
      if (typeof current !== 'string') return current;
      const previous = item.fromName ? lookupName(item.fromName, config.statusNames, JIRA_STATUS_NAMES) : undefined;
      events.push(...statusChangeEvents(withEventIdPart(base, 'status'), previous ?? null, current));
    } else if (field === 'priority') {
      const priority = priorityOf(item.toName, path, config);
      if (typeof priority !== 'string') return priority;
      events.push({ ...withEventIdPart(base, 'priority'), kind: 'ticket.priorityChanged', priority });
    } else if (field === 'assignee') {
      // Cloud puts the accountId in `to` (the display name in toString); Data Center the user name.
      events.push({ ...withEventIdPart(base, 'assignee'), kind: 'ticket.assigned', assignee: item.to || null });
    } else if (isLineField(item, config) && item.toName) {
      const line = lineOf(item.toName, config);
      if (line !== lineOf(item.fromName, config)) {
        events.push({ ...withEventIdPart(base, 'line'), kind: 'ticket.escalated', line });
      }
    }
  }
  return events;
}

function commentEvents(issueId: string, timestamp: number, comment: JiraComment, reporter: JiraUser): TicketEvent[] {
  // An internal comment (Service Management's "Add internal note") is not a reply.
  if (comment.jsdPublic === false) return [];
  const base: TicketEventBase = {
    source: 'jira',
    eventId: stableEventId(['comment', issueId, comment.id]),
    ticketId: issueId,
    occurredAt: timestamp,
    sequence: null,
  };
  return [{ ...base, kind: isCustomer(comment.author, reporter) ? 'ticket.customerReplied' : 'ticket.agentReplied' }];
}

/** A portal customer, or whoever raised the request, is the customer; anyone else is an agent. */
function isCustomer(author: JiraUser, reporter: JiraUser): boolean {
  if (author?.accountType === 'customer') return true;
  const authorId = userId(author);
  return authorId !== null && authorId === userId(reporter);
}

function userId(user: JiraUser): string | null {
  return user?.accountId ?? user?.name ?? user?.key ?? null;
}

/** A status name a map knows; else the status category, which Jira sends for the issue's current status only. */
function statusOf(
  name: string,
  category: string | undefined,
  path: string,
  config: JiraWebhookConfig,
): TicketStatus | WebhookProblem {
  const status =
    lookupName(name, config.statusNames, JIRA_STATUS_NAMES) ??
    (category === undefined ? undefined : lookupName(category, {}, JIRA_STATUS_CATEGORIES));
  return status ?? unknownName(name, path, 'jira.statusNames');
}

function categoryOf(statusName: string, issue: JiraIssue): string | undefined {
  const current = issue.fields.status;
  return current && current.name.toLowerCase() === statusName.toLowerCase() ? current.statusCategory?.key : undefined;
}

function priorityOf(name: string | null | undefined, path: string, config: JiraWebhookConfig) {
  return requireNameOrDefault(name, config.defaultPriority, path, config.priorityNames, JIRA_PRIORITY_NAMES, 'jira.priorityNames');
}

function isLineField(item: ChangelogItem, config: JiraWebhookConfig): boolean {
  const lineField = config.lineField?.toLowerCase();
  return lineField !== undefined && (item.fieldId?.toLowerCase() === lineField || item.field.toLowerCase() === lineField);
}

/** Unknown or empty values put the ticket on the default line, as an unmapped Zendesk group does. */
function lineOf(value: string | null, config: JiraWebhookConfig): SupportLine {
  return (value ? lookupName(value, config.lineNames, DEFAULT_LINE_NAMES) : undefined) ?? config.defaultLine;
}

/** The text of a configured custom field (line, channel); null when not configured, absent or empty. */
function customFieldText(issue: JiraIssue, fieldId: string | undefined): string | null | WebhookProblem {
  if (fieldId === undefined || !Object.hasOwn(issue.fields, fieldId)) return null;
  const parsed = customFieldValueSchema.safeParse(issue.fields[fieldId]);
  if (!parsed.success) {
    return { path: `issue.fields.${fieldId}`, message: 'expected text, an option {"value": ...} or a list of options' };
  }
  const value = Array.isArray(parsed.data) ? parsed.data[0] : parsed.data;
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  return 'value' in value ? value.value : value.name;
}

function stableEventId(parts: readonly (string | number | null)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
