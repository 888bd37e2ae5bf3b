import { createHash } from 'node:crypto';
import type { SupportLine, TicketEvent, TicketStatus } from '../../domain/ticket-events';
import { ingestWebhook, interpretTypedBody, requireSignatureOrToken, type WebhookHeaders } from './ingest-webhook';
import {
  JIRA_BODIES,
  type JiraComment,
  type JiraIssue,
  type JiraIssueEvent,
  type JiraUser,
} from './jira-schema';
import { jiraLine, jiraPriority, jiraStatus, jiraTicketFields, jiraUserId } from './jira-ticket-fields';
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
    case 'jira:issue_created': {
      const mapped = jiraTicketFields(issue, config, base.occurredAt, 'issue');
      if (!('fields' in mapped)) return mapped;
      return acceptance([{ ...base, kind: 'ticket.created', ...mapped.fields }], mapped.unknownChannel);
    }
    case 'jira:issue_updated': {
      const changes = changelog === undefined ? [] : changelogEvents(base, changelog.items, issue, config);
      if (!Array.isArray(changes)) return changes;
      const comments = body.comment === undefined ? [] : commentEvents(issue.id, body.timestamp, body.comment, issue.fields.reporter);
      return withObservation(base, issue, [...changes, ...comments], config);
    }
    case 'jira:issue_deleted':
      return [{ ...base, kind: 'ticket.removed' }];
  }
}

/**
 * Cloud's comment_created carries a slim issue without its reporter. Server /
 * Data Center's carries none: the issue id is read from the comment's `self`.
 * Without a reporter to compare with, a comment not by a portal customer is a
 * reply by its author, and the reducer compares the author with the requester
 * it kept from the first full delivery. The same comment also comes as
 * jira:issue_updated (issue_commented) with the same event id: one reply.
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
  return commentEvents(issueId, body.timestamp, comment, null);
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
      const current = jiraStatus(item.toName, categoryOf(item.toName, issue), path, config);
      if (typeof current !== 'string') return current;
      const previous = item.fromName ? lookupName(item.fromName, config.statusNames, JIRA_STATUS_NAMES) : undefined;
      events.push(...statusChangeEvents(withEventIdPart(base, 'status'), previous ?? null, current));
    } else if (field === 'priority') {
      const priority = jiraPriority(item.toName, path, config);
      if (typeof priority !== 'string') return priority;
      events.push({ ...withEventIdPart(base, 'priority'), kind: 'ticket.priorityChanged', priority });
    } else if (field === 'assignee') {
      // Cloud puts the accountId in `to` (the display name in toString); Data Center the user name.
      events.push({ ...withEventIdPart(base, 'assignee'), kind: 'ticket.assigned', assignee: item.to || null });
    } else if (isLineField(item, config) && item.toName) {
      const line = jiraLine(item.toName, config);
      if (line !== jiraLine(item.fromName, config)) {
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
  // Cloud's slim issue names no reporter: the reducer then compares the author with the requester it kept.
  return [isCustomer(comment.author, reporter) ? { ...base, kind: 'ticket.customerReplied' } : { ...base, kind: 'ticket.agentReplied', author: jiraUserId(comment.author) }];
}

/** A portal customer (accountType customer), or whoever raised the request, is the customer; anyone else is an agent. */
function isCustomer(author: JiraUser, reporter: JiraUser): boolean {
  if (author?.accountType === 'customer') return true;
  const authorId = jiraUserId(author);
  return authorId !== null && authorId === jiraUserId(reporter);
}

/**
 * jira:issue_updated carries the whole issue after the change: the issue as
 * observed goes first, so an issue the board never saw created is built from
 * it and one whose earlier delivery was lost is healed. An issue without its
 * created time or status, or with names the maps do not know, adds nothing:
 * the change itself is still taken.
 */
function withObservation(base: TicketEventBase, issue: JiraIssue, changes: TicketEvent[], config: JiraWebhookConfig): TicketEvent[] | WebhookAcceptance {
  if (issue.fields.created == null || issue.fields.status == null) return changes;
  const mapped = jiraTicketFields(issue, config, base.occurredAt, 'issue');
  if (!('fields' in mapped)) return changes;
  return acceptance([{ ...withEventIdPart(base, 'observed'), kind: 'ticket.observed', ...mapped.fields }, ...changes], mapped.unknownChannel);
}

function acceptance(events: TicketEvent[], unknownChannel: string | undefined): TicketEvent[] | WebhookAcceptance {
  return unknownChannel === undefined ? events : { ok: true, events, unknownChannel };
}

function categoryOf(statusName: string, issue: JiraIssue): string | undefined {
  const current = issue.fields.status;
  return current && current.name.toLowerCase() === statusName.toLowerCase() ? current.statusCategory?.key : undefined;
}

function isLineField(item: ChangelogItem, config: JiraWebhookConfig): boolean {
  const lineField = config.lineField?.toLowerCase();
  return lineField !== undefined && (item.fieldId?.toLowerCase() === lineField || item.field.toLowerCase() === lineField);
}

function stableEventId(parts: readonly (string | number | null)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 32);
}
