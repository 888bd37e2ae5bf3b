import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EscalationEvent } from '../../domain/escalations/escalation-events';
import { eventTimeProblems } from '../webhooks/event-time-bounds';
import { ingestWebhook, validate, type WebhookHeaders } from '../webhooks/ingest-webhook';
import { authenticateJira } from '../webhooks/jira-webhook';
import { numericIdSchema } from '../webhooks/numeric-id-schema';
import type { JiraDevWebhookConfig, WebhookConfig } from '../webhooks/webhook-config';
import { rejection, type WebhookParseResult, type WebhookRejection } from '../webhooks/webhook-result';
import { webhookTimeBounds } from '../webhooks/webhook-time';
import { ticketRefInTitle, ticketRefOfField } from './ticket-reference';

/**
 * A Jira Software project's webhook (`POST /api/webhooks/jira-dev`), signed as
 * Jira signs (X-Hub-Signature: sha256=...). Issues of the configured project
 * keys are escalations: created -> open; a move into the `done` status
 * category -> came back to support, out of it -> reopened; deleted. Issues of
 * other projects, and other events, are accepted and ignored.
 */

const JIRA_SINCE = Date.parse('2002-01-01T00:00:00Z');

const bodySchema = z.object({
  timestamp: z.number().int().min(0).max(8.64e15),
  webhookEvent: z.string().max(100),
  issue: z
    .object({
      id: numericIdSchema,
      fields: z
        .object({
          summary: z.string().nullish(),
          project: z.object({ key: z.string().max(50) }).nullish(),
          status: z.object({ statusCategory: z.object({ key: z.string().max(40) }).nullish() }).nullish(),
        })
        .catchall(z.unknown())
        .default({}),
    })
    .optional(),
  changelog: z
    .object({
      items: z
        .array(z.object({ field: z.string().max(200), fieldId: z.string().max(200).optional(), to: z.string().max(1000).nullish() }).catchall(z.unknown()))
        .max(500),
    })
    .optional(),
});

type JiraDevBody = z.output<typeof bodySchema>;

export type EscalationParseResult = { ok: true; events: EscalationEvent[] } | WebhookRejection;

export function parseJiraDevWebhook(rawBody: Buffer, headers: WebhookHeaders, config: WebhookConfig, now: number): EscalationParseResult {
  const jiraDev = config.jiraDev;
  if (jiraDev === undefined) return rejection(404, [{ path: '', message: 'the Jira Software escalation source is not configured' }]);
  let events: EscalationEvent[] = [];
  const parsed: WebhookParseResult = ingestWebhook(
    rawBody,
    config.maxBodyBytes,
    () => authenticateJira(rawBody, headers, jiraDev),
    (json) => {
      const body = validate(bodySchema, json);
      if (!body.ok) return body;
      const problems = eventTimeProblems(body.value, { event: ['timestamp'], created: [] }, webhookTimeBounds(config, now, JIRA_SINCE));
      if (problems.length > 0) return rejection(400, problems);
      events = jiraDevEvents(body.value, jiraDev);
      return { ok: true, events: [] };
    },
  );
  return parsed.ok ? { ok: true, events } : parsed;
}

function jiraDevEvents(body: JiraDevBody, config: JiraDevWebhookConfig): EscalationEvent[] {
  const { issue } = body;
  if (issue === undefined || !config.projectKeys.includes(issue.fields.project?.key ?? '')) return [];
  const id = (part: string) => createHash('sha256').update(JSON.stringify([body.webhookEvent, issue.id, body.timestamp, part])).digest('hex').slice(0, 32);
  const base = { tracker: 'jira' as const, taskId: issue.id, occurredAt: body.timestamp };
  const ticketRef = (config.ticketField === undefined ? null : ticketRefOfField(issue.fields[config.ticketField])) ?? ticketRefInTitle(issue.fields.summary);
  switch (body.webhookEvent) {
    case 'jira:issue_created':
      return [{ ...base, eventId: id('created'), kind: 'escalation.opened', ticketRef }];
    case 'jira:issue_deleted':
      return [{ ...base, eventId: id('deleted'), kind: 'escalation.deleted' }];
    case 'jira:issue_updated': {
      const events: EscalationEvent[] = ticketRef === null ? [] : [{ ...base, eventId: id('link'), kind: 'escalation.linked', ticketRef }];
      const statusMoved = body.changelog?.items.some((item) => (item.fieldId ?? item.field).toLowerCase() === 'status');
      if (!statusMoved) return events;
      // The issue is as it is after the change: its status category says which side of done it is on.
      const done = issue.fields.status?.statusCategory?.key === 'done';
      return [...events, { ...base, eventId: id(done ? 'done' : 'undone'), kind: done ? 'escalation.cameBack' : 'escalation.reopened' }];
    }
    default:
      return [];
  }
}
