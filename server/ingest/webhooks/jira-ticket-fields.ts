import type { SupportLine, TicketFields, TicketStatus } from '../../domain/ticket-events';
import { customFieldValueSchema, type JiraIssue, type JiraUser } from './jira-schema';
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
import type { JiraWebhookConfig } from './webhook-config';
import type { WebhookProblem } from './webhook-result';
import type { MappedTicketFields } from './zendesk-ticket-fields';

const MAX_SUBJECT_CHARS = 1000;

/**
 * A Jira issue (a webhook's `issue`, or an issue of the REST search) as our
 * fields. `fallbackCreatedAt` stands in for a missing `created` (the creation
 * event's own time); `path` prefixes the field paths of a problem.
 */
export function jiraTicketFields(
  issue: JiraIssue,
  config: JiraWebhookConfig,
  fallbackCreatedAt: number,
  path: string,
): MappedTicketFields | WebhookProblem {
  const { fields } = issue;
  const status =
    fields.status == null ? 'new' : jiraStatus(fields.status.name, fields.status.statusCategory?.key, `${path}.fields.status.name`, config);
  if (typeof status !== 'string') return status;
  const priority = jiraPriority(fields.priority?.name, `${path}.fields.priority.name`, config);
  if (typeof priority !== 'string') return priority;
  const line = customFieldText(issue, config.lineField, path);
  if (line !== null && typeof line !== 'string') return line;
  const channelName = customFieldText(issue, config.channelField, path);
  if (channelName !== null && typeof channelName !== 'string') return channelName;
  const channel = channelOf(channelName, config.channelNames, DEFAULT_CHANNEL_NAMES, config.defaultChannel);
  const mapped: TicketFields = {
    createdAt: fields.created ?? fallbackCreatedAt,
    subject: (fields.summary ?? '').slice(0, MAX_SUBJECT_CHARS),
    status,
    priority,
    channel: channel.channel,
    line: jiraLine(line, config),
    assignee: jiraUserId(fields.assignee),
    requester: jiraUserId(fields.reporter),
  };
  return channel.unknown === undefined ? { fields: mapped } : { fields: mapped, unknownChannel: channel.unknown };
}

/** Cloud names people by accountId; Data Center by name / key. */
export function jiraUserId(user: JiraUser): string | null {
  return user?.accountId ?? user?.name ?? user?.key ?? null;
}

/** A status name a map knows; else the status category, which Jira sends for the issue's current status only. */
export function jiraStatus(
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

export function jiraPriority(name: string | null | undefined, path: string, config: JiraWebhookConfig) {
  return requireNameOrDefault(name, config.defaultPriority, path, config.priorityNames, JIRA_PRIORITY_NAMES, 'jira.priorityNames');
}

/** Unknown or empty values put the ticket on the default line, as an unmapped Zendesk group does. */
export function jiraLine(value: string | null, config: JiraWebhookConfig): SupportLine {
  return (value ? lookupName(value, config.lineNames, DEFAULT_LINE_NAMES) : undefined) ?? config.defaultLine;
}

/** The text of a configured custom field (line, channel); null when not configured, absent or empty. */
function customFieldText(issue: JiraIssue, fieldId: string | undefined, path: string): string | null | WebhookProblem {
  if (fieldId === undefined || !Object.hasOwn(issue.fields, fieldId)) return null;
  const parsed = customFieldValueSchema.safeParse(issue.fields[fieldId]);
  if (!parsed.success) {
    return { path: `${path}.fields.${fieldId}`, message: 'expected text, an option {"value": ...} or a list of options' };
  }
  const value = Array.isArray(parsed.data) ? parsed.data[0] : parsed.data;
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  return 'value' in value ? value.value : value.name;
}
